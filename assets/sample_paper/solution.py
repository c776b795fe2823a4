"""Sample exam: write your answers below."""


def word_counts(text):
    """Return a dict mapping each lower-cased word in `text` to its count."""
    counts = {}
    # Your code here.
    return counts


def running_median(numbers):
    """Return the median of each prefix of `numbers`."""
    medians = []
    # Your code here.
    return medians


if __name__ == "__main__":
    print(word_counts("The cat saw the dog. The dog ran!"))
    print(running_median([5, 1, 3, 8]))
