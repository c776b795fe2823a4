"""Winnowing similarity: a renamed copy is found, different solutions are not, the starter
does not count, and the matching lines point at the copied part."""

from __future__ import annotations

from proctor.marking.similarity import (
    generic_tokens,
    matching_lines,
    python_tokens,
    similar_pairs,
    similarity_report,
)

STARTER = '''def word_counts(text):
    """Return a dict mapping each word of text to how often it occurs."""
    # your code here
    return {}
'''

ORIGINAL = '''def word_counts(text):
    """Return a dict mapping each word of text to how often it occurs."""
    counts = {}
    for word in text.lower().split():
        word = word.strip(".,;!?")
        if word:
            counts[word] = counts.get(word, 0) + 1
    return counts


def top(counts, n=3):
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
'''

RENAMED = '''def word_counts(text):
    """Return a dict mapping each word of text to how often it occurs."""
    # counting words, my own way
    tally = {}

    for w in text.lower().split():
        w = w.strip(":-")  # punctuation
        if w:
            tally[w] = tally.get(w, 1) + 1
    return tally


def top(tally, k=5):
    return sorted(tally.items(), key=lambda item: (-item[1], item[0]))[:k]
'''

DIFFERENT = '''from collections import Counter


def word_counts(text):
    """Return a dict mapping each word of text to how often it occurs."""
    return dict(Counter(token for token in (t.strip(".,") for t in text.split()) if token))
'''

OTHER = '''import re


def word_counts(text):
    """Return a dict mapping each word of text to how often it occurs."""
    result = {}
    index = 0
    words = re.findall(r"[a-z']+", text.casefold())
    while index < len(words):
        result.setdefault(words[index], 0)
        result[words[index]] += 1
        index += 1
    return result
'''


def files(text: str) -> dict[str, str]:
    return {"word_counts.py": text}


def test_python_tokens_normalise_names_and_literals() -> None:
    kinds = [t.kind for t in python_tokens("x = foo(1, 'a')  # hi\n")]
    assert kinds == ["V", "=", "V", "(", "N", ",", "S", ")", ";"]
    kinds = [t.kind for t in generic_tokens("int x = 42; // c\n/* more */ y++;")]
    assert kinds == ["int", "V", "=", "N", ";", "V", "++", ";"]


def test_a_renamed_copy_is_the_top_pair() -> None:
    subs = {"s1": files(ORIGINAL), "s2": files(RENAMED), "s3": files(DIFFERENT), "s4": files(OTHER)}
    pairs = similar_pairs(subs, "python", files(STARTER))
    assert pairs[0]["a"] == "s1" and pairs[0]["b"] == "s2"
    assert pairs[0]["score"] > 0.8
    others = [p for p in pairs if (p["a"], p["b"]) != ("s1", "s2")]
    assert all(float(p["score"]) < 0.3 for p in others), others


def test_the_starter_does_not_count() -> None:
    subs = {"s1": files(STARTER), "s2": files(STARTER + "\n\n"), "s3": files(ORIGINAL)}
    assert similar_pairs(subs, "python", files(STARTER)) == []
    # without subtracting it, two untouched starters are identical
    assert similar_pairs(subs, "python")[0]["score"] == 1.0


def test_matching_lines_cover_the_copied_code() -> None:
    lines = matching_lines(files(ORIGINAL), files(RENAMED), "python", files(STARTER))
    assert lines["a"] and lines["b"]
    assert lines["a"][0]["file"] == "word_counts.py"
    covered_a = {n for r in lines["a"] for n in range(r["from"], r["to"] + 1)}
    assert {3, 4, 7, 11, 12} <= covered_a
    assert 1 not in covered_a  # the starter's own line


def test_report_over_questions_of_any_language() -> None:
    c1 = 'int main(){int s=0;for(int i=0;i<10;i++){s+=i*i;}printf("%d",s);return 0;}'
    c2 = (
        "int main() {\n  int total = 0;\n"
        "  for (int j = 0; j < 99; j++) { total += j * j; }\n"
        '  printf("%d", total);\n  return 0;\n}\n'
    )
    c3 = 'int main(){puts("hello");return 1;}'
    report = similarity_report(
        {
            "q1": ("python", {"s1": files(ORIGINAL), "s2": files(RENAMED)}, files(STARTER)),
            "q2": ("c", {"s1": {"a.c": c1}, "s2": {"a.c": c2}, "s3": {"a.c": c3}}, None),
        }
    )
    by_question = {(p["question"], p["a"], p["b"]): p["score"] for p in report["pairs"]}
    assert by_question[("q2", "s1", "s2")] > 0.8
    assert by_question[("q1", "s1", "s2")] > 0.8
    assert by_question.get(("q2", "s1", "s3"), 0.0) < 0.3
