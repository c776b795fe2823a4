"""Examples for running_median: run them with Check."""

from running_median import running_median


def test_odd_and_even_counts():
    assert running_median([1, 3, 2]) == [1, 2, 2]
    assert running_median([4, 2]) == [4, 3]
