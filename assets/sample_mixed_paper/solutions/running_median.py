"""A reference solution of running_median (not given to students: paper.toml does not name it)."""

import heapq
import sys


def running_median(numbers: list[int]) -> list[float]:
    low: list[int] = []  # max-heap of the lower half, negated
    high: list[int] = []  # min-heap of the upper half
    medians: list[float] = []
    for number in numbers:
        heapq.heappush(low, -number)
        heapq.heappush(high, -heapq.heappop(low))
        if len(high) > len(low):
            heapq.heappush(low, -heapq.heappop(high))
        medians.append(-low[0] if len(low) > len(high) else (-low[0] + high[0]) / 2)
    return medians


def show(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def main() -> None:
    numbers = [int(word) for word in sys.stdin.read().split()]
    print(" ".join(show(m) for m in running_median(numbers)))


if __name__ == "__main__":
    main()
