"""Examples for word_counts: run them with Check."""

from word_counts import word_counts


def test_the_example_of_the_question():
    assert word_counts("The cat saw the dog. The dog ran!") == {
        "the": 3,
        "cat": 1,
        "saw": 1,
        "dog": 2,
        "ran": 1,
    }


def test_no_words():
    assert word_counts("") == {}
