"""Hidden tests for running_median (host only)."""

from running_median import running_median


def test_hidden_empty_list():
    assert running_median([]) == []


def test_hidden_descending_run_of_seven():
    assert running_median([7, 6, 5, 4, 3, 2, 1]) == [7, 6.5, 6, 5.5, 5, 4.5, 4]


def test_hidden_a_long_list_is_fast_enough():
    numbers = list(range(200_000, 0, -1))
    assert running_median(numbers)[-1] == 100_000.5
