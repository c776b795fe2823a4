"""Word frequencies: see the question."""

import sys


def word_counts(text: str) -> dict[str, int]:
    """Map each word of `text` (case-insensitive, without .,;:!?) to how often it occurs."""
    raise NotImplementedError


def main() -> None:
    counts = word_counts(sys.stdin.read())
    for word in sorted(counts):
        print(word, counts[word])


if __name__ == "__main__":
    main()
