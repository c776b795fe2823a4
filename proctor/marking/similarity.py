"""Similarity between students' code for one question, as MOSS and JPlag do it: tokens with
identifiers and literals normalised (Python through `tokenize`, other languages through a
small generic lexer), k-grams of tokens hashed and winnowed into fingerprints, the starter
code's fingerprints taken away, and pairs scored 0..1 by shared fingerprints
(2·|A∩B| / (|A| + |B|), JPlag's average similarity). `matching_lines` gives the line ranges
of a pair for a side-by-side view.

Renaming variables, changing literals, comments or blank lines does not hide a copy;
reordering whole statements breaks only the k-grams across the change.
"""

from __future__ import annotations

import io
import keyword
import tokenize
import zlib
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypedDict

import regex

K = 5  # tokens per k-gram
WINDOW = 4  # k-grams per winnowing window: any shared run of K + WINDOW - 1 tokens is found
MAX_SHARE = 0.5  # a fingerprint in more than this share of submissions is common idiom…
MIN_FOR_SHARE = 10  # …once there are at least this many submissions
MIN_FINGERPRINTS = 3  # a submission with fewer (after the starter) is not compared

_GENERIC = regex.compile(
    r"""
    (?P<comment>//[^\n]*|/\*.*?\*/|\#[^\n]*)
  | (?P<string>"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`[^`]*`)
  | (?P<number>\b\d[\w.]*)
  | (?P<name>[A-Za-z_$][\w$]*)
  | (?P<op>==|!=|<=|>=|&&|\|\||<<|>>|\+\+|--|->|::|[+\-*/%=<>!&|^~?:;,.(){}\[\]])
  | (?P<space>\s+)
  | (?P<other>.)
    """,
    regex.VERBOSE | regex.DOTALL,
)
_GENERIC_KEYWORDS = frozenset(
    "if else for while do switch case default break continue return goto struct class "
    "public private protected static void int long short char float double bool boolean "
    "unsigned signed const new delete try catch throw throws import package include define "
    "function var let fn match impl pub mut use mod enum interface extends implements this "
    "self super null nil true false def elif lambda in is not and or".split()
)


@dataclass(frozen=True)
class Token:
    kind: str
    line: int


def python_tokens(source: str) -> list[Token]:
    out: list[Token] = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type in (tokenize.COMMENT, tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER):
                continue
            if tok.type == tokenize.NAME:
                text = tok.string if keyword.iskeyword(tok.string) else "V"
            elif tok.type == tokenize.NUMBER:
                text = "N"
            elif tok.type == tokenize.STRING:
                text = "S"
            elif tok.type == tokenize.NEWLINE:
                text = ";"
            elif tok.type == tokenize.INDENT:
                text = "{"
            elif tok.type == tokenize.DEDENT:
                text = "}"
            else:
                text = tok.string
            out.append(Token(text, tok.start[0]))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return generic_tokens(source)
    return out


def generic_tokens(source: str) -> list[Token]:
    out: list[Token] = []
    line = 1
    for match in _GENERIC.finditer(source):
        kind, text = match.lastgroup, match.group()
        if kind == "name":
            out.append(Token(text if text in _GENERIC_KEYWORDS else "V", line))
        elif kind == "number":
            out.append(Token("N", line))
        elif kind == "string":
            out.append(Token("S", line))
        elif kind in ("op", "other"):
            out.append(Token(text, line))
        line += text.count("\n")
    return out


def tokens(source: str, language: str) -> list[Token]:
    return python_tokens(source) if language == "python" else generic_tokens(source)


@dataclass(frozen=True)
class Fingerprints:
    """Winnowed k-gram hashes of one submission: hash -> [(file, first line, last line)]."""

    spans: Mapping[int, list[tuple[str, int, int]]]

    def __len__(self) -> int:
        return len(self.spans)


def _winnow(hashes: list[int], window: int) -> set[int]:
    """The rightmost minimal hash of every window of `window` consecutive hashes."""
    if len(hashes) <= window:
        return set(range(len(hashes))) if hashes else set()
    chosen: set[int] = set()
    for start in range(len(hashes) - window + 1):
        block = hashes[start : start + window]
        low = min(block)
        chosen.add(start + window - 1 - block[::-1].index(low))
    return chosen


def fingerprint(
    files: Mapping[str, str], language: str, starter: Fingerprints | None = None
) -> Fingerprints:
    spans: dict[int, list[tuple[str, int, int]]] = defaultdict(list)
    for name, source in files.items():
        toks = tokens(source, language)
        kinds = [t.kind for t in toks]
        grams = [
            zlib.crc32("\x1f".join(kinds[i : i + K]).encode()) for i in range(len(toks) - K + 1)
        ]
        for i in _winnow(grams, WINDOW):
            h = grams[i]
            if starter is not None and h in starter.spans:
                continue
            spans[h].append((name, toks[i].line, toks[i + K - 1].line))
    return Fingerprints(dict(spans))


class SimilarPair(TypedDict):
    a: str
    b: str
    score: float  # 0..1


class QuestionPair(SimilarPair):
    question: str


def similar_pairs(
    submissions: Mapping[str, Mapping[str, str]],
    language: str = "python",
    starter: Mapping[str, str] | None = None,
    top: int = 50,
    min_score: float = 0.0,
) -> list[SimilarPair]:
    """The most similar pairs of students for one question: [{"a", "b", "score"}], best first."""
    base = fingerprint(starter, language) if starter else None
    prints = {sid: fingerprint(files, language, base) for sid, files in submissions.items()}
    prints = {sid: fp for sid, fp in prints.items() if len(fp) >= MIN_FINGERPRINTS}
    owners: dict[int, list[str]] = defaultdict(list)
    for sid, fp in prints.items():
        for h in fp.spans:
            owners[h].append(sid)
    many = len(prints) >= MIN_FOR_SHARE
    limit = max(2, int(MAX_SHARE * len(prints))) if many else len(prints)
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for ids in owners.values():
        if len(ids) < 2 or len(ids) > limit:
            continue
        ids.sort()
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                shared[(a, b)] += 1
    pairs: list[SimilarPair] = []
    for (a, b), count in shared.items():
        score = 2.0 * count / (len(prints[a]) + len(prints[b]))
        if score >= min_score:
            pairs.append({"a": a, "b": b, "score": round(score, 4)})
    pairs.sort(key=lambda p: (-p["score"], p["a"], p["b"]))
    return pairs[:top]


def _merge(ranges: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    merged: list[tuple[str, int, int]] = []
    for name, lo, hi in sorted(ranges):
        if merged and merged[-1][0] == name and lo <= merged[-1][2] + 1:
            merged[-1] = (name, merged[-1][1], max(hi, merged[-1][2]))
        else:
            merged.append((name, lo, hi))
    return merged


def matching_lines(
    a: Mapping[str, str],
    b: Mapping[str, str],
    language: str = "python",
    starter: Mapping[str, str] | None = None,
) -> dict[str, list[dict[str, object]]]:
    """Line ranges of a pair that share fingerprints: {"a": [{"file", "from", "to"}], "b": …}."""
    base = fingerprint(starter, language) if starter else None
    fa, fb = fingerprint(a, language, base), fingerprint(b, language, base)
    common = fa.spans.keys() & fb.spans.keys()

    def ranges(fp: Fingerprints) -> list[dict[str, object]]:
        spans = [span for h in common for span in fp.spans[h]]
        return [{"file": f, "from": lo, "to": hi} for f, lo, hi in _merge(spans)]

    return {"a": ranges(fa), "b": ranges(fb)}


def similarity_report(
    questions: Mapping[str, tuple[str, Mapping[str, Mapping[str, str]], Mapping[str, str] | None]],
    top: int = 50,
) -> dict[str, list[QuestionPair]]:
    """The GET admin/similarity body over every code question: questions maps an id to
    (language, {student: files}, starter files)."""
    pairs: list[QuestionPair] = []
    for qid, (language, submissions, starter) in questions.items():
        for pair in similar_pairs(submissions, language, starter, top=top):
            pairs.append({**pair, "question": qid})
    pairs.sort(key=lambda p: -p["score"])
    return {"pairs": pairs[:top]}
