"""Join codes: the room ID and the start of the host's fingerprint, in one short code.

A join code is `ROOMID-XXXX`: the 6-character room ID, a dash, and the first 4 hex characters
of the host's certificate fingerprint. The projector shows it in capitals (`K7M2QX-9F3A`).

Reading what a student typed (`parse_join_code`):
- case does not matter, and white space anywhere is dropped (`k7m2 qx - 9f3a` is fine);
- any dash-like character (hyphen, en/em dash, minus, underscore) counts as the dash, and the
  dash may be left out (`K7M2QX9F3A`), since both parts have a fixed length;
- in the 4 fingerprint characters, O reads as 0 and I or L as 1 (hex has no such letters);
- in the room ID nothing is guessed: its alphabet has no 0, 1, O, I or L, and saying so is
  clearer than picking one.

First contact (`pin_first_contact`): a student who has the join code and the host's address
(typed, or from a room heard on the network) reads the certificate the host presents over a
bare TLS handshake (no request is sent), accepts it only if its fingerprint starts with the
code's 4 characters, and with the 16 the room's beacon or mDNS record advertised, when there
is one, and from then on pins the full fingerprint. 4 characters are 16 bits: they catch a
wrong address, a second room and a host restarted with a new data folder, not a prepared
attacker on the LAN (65,536 key pairs are made in seconds); the advertised 16 characters
(64 bits) are out of reach of such a search, which is why a heard room is checked against the
code and a code against the heard room.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from proctor.common.ids import ROOM_ALPHABET, ROOM_ID_LENGTH, normalize_room_id
from proctor.common.tls import (
    HANDSHAKE_TIMEOUT_S,
    PinMismatch,
    fetch_server_fingerprint,
    normalize_fingerprint,
)

JOIN_CODE_FP_CHARS = 4
ADVERTISED_FP_CHARS = 16  # what the beacon and the mDNS record carry
EXAMPLE = "K7M2QX-9F3A"

_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212_", "-"))
_LOOKALIKES = str.maketrans({"o": "0", "i": "1", "l": "1"})
_HEX = re.compile(r"[0-9a-f]+")


class JoinCodeError(ValueError):
    """Text that is not a join code; `message` is a sentence for a person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class JoinCode:
    room_id: str  # canonical (capitals)
    fp_prefix: str  # the first 4 characters of the fingerprint, lowercase hex

    def __str__(self) -> str:
        return f"{self.room_id}-{self.fp_prefix.upper()}"

    def matches(self, fingerprint: str) -> bool:
        return normalize_fingerprint(fingerprint).startswith(self.fp_prefix)


def make_join_code(room_id: str, fingerprint: str) -> JoinCode:
    room = normalize_room_id(room_id)
    if room is None:
        raise JoinCodeError(f"“{room_id}” is not a room ID.")
    return JoinCode(room, normalize_fingerprint(fingerprint)[:JOIN_CODE_FP_CHARS])


def format_join_code(room_id: str, fingerprint: str) -> str:
    """The join code for the projector, e.g. K7M2QX-9F3A."""
    return str(make_join_code(room_id, fingerprint))


def compact(text: str) -> str:
    """What was typed with white space dropped and every dash-like character a hyphen."""
    return "".join(text.split()).translate(_DASHES)


def _shape_error(shown: str) -> JoinCodeError:
    return JoinCodeError(
        f"“{shown}” is not a join code: it is the 6-character room ID, a dash and "
        f"4 characters 0-9 or A-F, like {EXAMPLE}."
    )


def parse_join_code(text: str) -> JoinCode:
    """The join code in what a student typed, or JoinCodeError with a sentence to show."""
    shown = text.strip()
    typed = compact(text)
    if not typed:
        raise JoinCodeError(f"Enter the join code shown on the projector, like {EXAMPLE}.")
    if typed.count("-") > 1:
        raise _shape_error(shown)
    if "-" in typed:
        room_part, fp_part = typed.split("-")
    else:
        room_part, fp_part = typed[:ROOM_ID_LENGTH], typed[ROOM_ID_LENGTH:]
    if len(room_part) == ROOM_ID_LENGTH and not fp_part:
        raise JoinCodeError(
            f"“{shown}” is a room ID; the join code has 4 more characters after a dash, "
            f"like {EXAMPLE}."
        )
    if len(room_part) != ROOM_ID_LENGTH or len(fp_part) != JOIN_CODE_FP_CHARS:
        raise _shape_error(shown)
    room = room_part.upper()
    wrong = [ch for ch in room if ch not in ROOM_ALPHABET]
    if wrong:
        raise JoinCodeError(
            f"The room ID “{room}” has “{wrong[0]}”, which room IDs never use "
            "(they have no 0, 1, O, I or L, and no signs). Check the projector."
        )
    fp = fp_part.lower().translate(_LOOKALIKES)
    if not _HEX.fullmatch(fp):
        raise JoinCodeError(
            f"The last 4 characters of the join code, “{fp_part.upper()}”, are 0-9 and A-F "
            "only. Check the projector."
        )
    return JoinCode(room, fp)


def parse_room_entry(text: str) -> tuple[str, JoinCode | None]:
    """What a student typed in the "room ID or join code" field: (room ID, join code or None).

    A bare room ID is accepted (joining a heard room pins the fingerprint it advertised);
    anything longer must be a whole join code."""
    typed = compact(text)
    if len(typed) == ROOM_ID_LENGTH:
        room = normalize_room_id(typed)
        if room is not None:
            return room, None
        raise JoinCodeError(
            f"“{text.strip()}” is not a room ID: room IDs have no 0, 1, O, I or L. "
            "Check the projector."
        )
    code = parse_join_code(text)
    return code.room_id, code


def _advertised_prefix(text: str) -> str:
    fp = text.strip().lower()
    if len(fp) < ADVERTISED_FP_CHARS or not _HEX.fullmatch(fp):
        raise ValueError(f"an advertised fingerprint has {ADVERTISED_FP_CHARS}+ hex characters")
    return fp


def check_fingerprint(
    fingerprint: str,
    *,
    join_code: JoinCode | None = None,
    advertised_fp: str | None = None,
    where: str = "this address",
) -> None:
    """PinMismatch (with a sentence) unless the fingerprint agrees with all that is given."""
    fp = normalize_fingerprint(fingerprint)
    if join_code is not None and not fp.startswith(join_code.fp_prefix):
        raise PinMismatch(
            f"The computer at {where} is not the room of join code {join_code}: its "
            "certificate does not match the code. Check the address and the join code on the "
            "projector.",
            fp,
        )
    if advertised_fp is not None and not fp.startswith(_advertised_prefix(advertised_fp)):
        raise PinMismatch(
            f"The computer at {where} does not present the certificate its room announced on "
            "the network: someone may be imitating the room. Type the address shown on the "
            "projector, or ask the proctor.",
            fp,
        )


async def pin_first_contact(
    host: str,
    port: int,
    *,
    join_code: JoinCode | None = None,
    advertised_fp: str | None = None,
    timeout_s: float = HANDSHAKE_TIMEOUT_S,
) -> str:
    """The host's full fingerprint, to pin from now on, after checking it against the join
    code and/or the fingerprint prefix its room advertised (beacon or mDNS).

    Raises PinMismatch (with a sentence for the student), OSError or TimeoutError (no answer),
    ssl.SSLError (no TLS at that address), ValueError (nothing to check against)."""
    if join_code is None and advertised_fp is None:
        raise ValueError("a first contact needs a join code or an advertised fingerprint")
    if (
        join_code is not None
        and advertised_fp is not None
        and not _advertised_prefix(advertised_fp).startswith(join_code.fp_prefix)
    ):
        raise PinMismatch(
            f"The room picked from the list does not match join code {join_code}: it may be "
            "another room, or someone imitating it. Check the join code on the projector and "
            "pick the room again, or type the address.",
            advertised_fp,
        )
    fingerprint = await fetch_server_fingerprint(host, port, timeout_s=timeout_s)
    where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    check_fingerprint(fingerprint, join_code=join_code, advertised_fp=advertised_fp, where=where)
    return fingerprint
