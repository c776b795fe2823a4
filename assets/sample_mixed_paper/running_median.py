"""Running median: see the question."""

import sys


def running_median(numbers: list[int]) -> list[float]:
    """The median of each prefix of `numbers`."""
    raise NotImplementedError


def show(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def main() -> None:
    numbers = [int(word) for word in sys.stdin.read().split()]
    print(" ".join(show(m) for m in running_median(numbers)))


if __name__ == "__main__":
    main()
