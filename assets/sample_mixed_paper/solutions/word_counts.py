"""A reference solution of word_counts (not given to students: paper.toml does not name it)."""

import sys


def word_counts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for word in text.lower().split():
        word = word.strip(".,;:!?")
        if word:
            counts[word] = counts.get(word, 0) + 1
    return counts


def main() -> None:
    counts = word_counts(sys.stdin.read())
    for word in sorted(counts):
        print(word, counts[word])


if __name__ == "__main__":
    main()
