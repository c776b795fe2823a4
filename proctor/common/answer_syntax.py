"""How a short answer is read, in one place for the paper's checks and the marking rules.

A number is [sign] digits, with "," only as a thousands separator in groups of three
("1,024"), "." as the decimal point and an optional exponent ("1e3", "2.5E-3"); a leading
"." is fine (".5"), and the Unicode minus sign counts as "-". No hex, fractions, inf/nan,
underscores or decimal commas ("3,14" is not a number). Numbers are compared as decimals.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

MAX_ANSWER_CHARS = 2000  # a short answer (an option's text is shorter)
MAX_NUMBER_TEXT = 100

_NUMBER = re.compile(
    r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][+-]?\d{1,4})?"
    r"|[+-]?\.\d+(?:[eE][+-]?\d{1,4})?"
)


def parse_number(text: object) -> Decimal | None:
    """The number a student or teacher wrote, or None."""
    if not isinstance(text, str) or len(text) > MAX_NUMBER_TEXT:
        return None
    cleaned = text.strip().replace("\u2212", "-")
    if not _NUMBER.fullmatch(cleaned):
        return None
    try:
        return Decimal(cleaned.replace(",", ""))
    except InvalidOperation:
        return None
