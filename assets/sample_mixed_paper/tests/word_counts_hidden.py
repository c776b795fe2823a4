"""Hidden tests for word_counts (host only)."""

from word_counts import word_counts


def test_hidden_every_punctuation_mark_is_ignored():
    assert word_counts("wombat; wombat: wombat? wombat!") == {"wombat": 4}


def test_hidden_case_is_folded():
    assert word_counts("Narwhal NARWHAL narwhal") == {"narwhal": 3}


def test_hidden_any_whitespace_separates():
    assert word_counts("axolotl\taxolotl\n\naxolotl  ") == {"axolotl": 3}
