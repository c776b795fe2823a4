"""Join codes: formatting, forgiving parsing with clear refusals, and the first contact's pin
against a real TLS server on loopback."""

from __future__ import annotations

import hashlib
import ssl
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from hypothesis import given
from hypothesis import strategies as st

from proctor.common.ids import ROOM_ALPHABET
from proctor.common.joincode import (
    JoinCode,
    JoinCodeError,
    check_fingerprint,
    format_join_code,
    make_join_code,
    parse_join_code,
    parse_room_entry,
    pin_first_contact,
)
from proctor.common.tls import (
    HostCertificate,
    PinMismatch,
    load_or_create_certificate,
    server_ssl_context,
)

FP = hashlib.sha256(b"host").hexdigest()  # starts 4740...


def test_format_is_room_id_dash_four_fingerprint_characters_in_capitals() -> None:
    assert format_join_code("k7m2qx", FP) == f"K7M2QX-{FP[:4].upper()}"
    code = make_join_code("K7M2QX", FP)
    assert code == JoinCode("K7M2QX", FP[:4]) and code.matches(FP)
    with pytest.raises(JoinCodeError, match="not a room ID"):
        make_join_code("K7M0QX", FP)


@pytest.mark.parametrize(
    "typed",
    [
        "K7M2QX-9F3A",
        "k7m2qx-9f3a",
        "  K7M2 QX - 9F3A \n",
        "K7M2QX9F3A",
        "K7M2QX\u20139F3A",  # an en dash, as a word processor makes it
        "K7M2QX_9F3A",
        "K7M2QX-9F3a",
    ],
)
def test_typed_forms_of_one_code_all_parse(typed: str) -> None:
    assert parse_join_code(typed) == JoinCode("K7M2QX", "9f3a")


def test_look_alike_letters_in_the_fingerprint_part_read_as_digits() -> None:
    assert parse_join_code("K7M2QX-O1IL").fp_prefix == "0111"


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("", "Enter the join code"),
        ("   ", "Enter the join code"),
        ("K7M2QX", "is a room ID"),
        ("K7M2QX-", "is a room ID"),
        ("K7M2Q-9F3A", "is not a join code"),
        ("K7M2QX-9F3", "is not a join code"),
        ("K7M2QX-9F3AB", "is not a join code"),
        ("K7-M2QX-9F3A", "is not a join code"),
        ("K7M0QX-9F3A", "has “0”"),
        ("K7M2Q!-9F3A", "has “!”"),
        ("K7M2QX-9G3A", "0-9 and A-F only"),
    ],
)
def test_what_is_not_a_join_code_is_refused_with_the_reason(typed: str, says: str) -> None:
    with pytest.raises(JoinCodeError) as refused:
        parse_join_code(typed)
    assert says in refused.value.message


def test_the_room_field_takes_a_room_id_or_a_join_code() -> None:
    assert parse_room_entry(" k7m2qx ") == ("K7M2QX", None)
    assert parse_room_entry("K7M2QX-9F3A") == ("K7M2QX", JoinCode("K7M2QX", "9f3a"))
    with pytest.raises(JoinCodeError, match="no 0, 1, O, I or L"):
        parse_room_entry("K7MOQX")
    with pytest.raises(JoinCodeError, match="is not a join code"):
        parse_room_entry("K7M2QX-9F")


@given(
    room=st.text(alphabet=ROOM_ALPHABET, min_size=6, max_size=6),
    digest=st.binary(min_size=1, max_size=32),
    spaces=st.lists(st.integers(min_value=0, max_value=11), max_size=4),
    lower=st.booleans(),
)
def test_any_code_survives_case_and_spaces(
    room: str, digest: bytes, spaces: list[int], lower: bool
) -> None:
    fp = hashlib.sha256(digest).hexdigest()
    shown = format_join_code(room, fp)
    typed = shown.lower() if lower else shown
    for at in sorted(spaces, reverse=True):
        typed = typed[:at] + " " + typed[at:]
    code = parse_join_code(typed)
    assert code.room_id == room and code.matches(fp)


def test_check_fingerprint_against_the_code_and_the_advertised_prefix() -> None:
    code = make_join_code("K7M2QX", FP)
    check_fingerprint(FP, join_code=code, advertised_fp=FP[:16])
    other = hashlib.sha256(b"impostor").hexdigest()
    assert other[:4] != FP[:4]
    with pytest.raises(PinMismatch, match="not the room of join code K7M2QX-"):
        check_fingerprint(other, join_code=code, where="10.0.0.5:8080")
    # Same first 4 characters, different next 12: the advertised prefix catches it.
    lookalike = FP[:4] + other[4:]
    check_fingerprint(lookalike, join_code=code)
    with pytest.raises(PinMismatch, match="imitating"):
        check_fingerprint(lookalike, join_code=code, advertised_fp=FP[:16])


@pytest.fixture
async def tls_server(tmp_path: Path) -> AsyncIterator[tuple[HostCertificate, int]]:
    cert = load_or_create_certificate(tmp_path / "host")
    runner = web.AppRunner(web.Application(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=server_ssl_context(cert))
    await site.start()
    yield cert, runner.addresses[0][1]
    await runner.cleanup()


def _wrong_prefix(fp: str) -> str:
    return format(int(fp[:4], 16) ^ 0xFFFF, "04x")


async def test_first_contact_with_the_join_code_returns_the_full_fingerprint(
    tls_server: tuple[HostCertificate, int],
) -> None:
    cert, port = tls_server
    code = make_join_code("K7M2QX", cert.fingerprint)
    assert await pin_first_contact("127.0.0.1", port, join_code=code) == cert.fingerprint
    got = await pin_first_contact(
        "127.0.0.1", port, join_code=code, advertised_fp=cert.fingerprint[:16]
    )
    assert got == cert.fingerprint
    assert (
        await pin_first_contact("127.0.0.1", port, advertised_fp=cert.fingerprint[:16])
        == cert.fingerprint
    )


async def test_first_contact_refuses_a_host_that_does_not_match(
    tls_server: tuple[HostCertificate, int],
) -> None:
    cert, port = tls_server
    wrong = JoinCode("K7M2QX", _wrong_prefix(cert.fingerprint))
    with pytest.raises(PinMismatch) as refused:
        await pin_first_contact("127.0.0.1", port, join_code=wrong)
    assert f"127.0.0.1:{port}" in refused.value.message
    assert refused.value.found == cert.fingerprint
    advertised = _wrong_prefix(cert.fingerprint) + cert.fingerprint[4:16]
    with pytest.raises(PinMismatch, match="imitating"):
        await pin_first_contact("127.0.0.1", port, advertised_fp=advertised)


async def test_a_heard_room_that_disagrees_with_the_code_is_refused_before_connecting() -> None:
    code = make_join_code("K7M2QX", FP)
    # Port 9 on loopback: nothing is contacted, the disagreement alone refuses.
    with pytest.raises(PinMismatch, match="picked from the list does not match"):
        await pin_first_contact("127.0.0.1", 9, join_code=code, advertised_fp=_wrong_prefix(FP) * 4)
    with pytest.raises(ValueError, match="needs a join code"):
        await pin_first_contact("127.0.0.1", 9)


async def test_first_contact_with_no_tls_there_raises_ssl_error(tmp_path: Path) -> None:
    runner = web.AppRunner(web.Application(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        with pytest.raises(ssl.SSLError):
            await pin_first_contact(
                "127.0.0.1", runner.addresses[0][1], join_code=make_join_code("K7M2QX", FP)
            )
    finally:
        await runner.cleanup()
