"""Which host a join talks to, and which certificate it pins from then on.

`choose_target` reads the join screen: the address (may be empty when the room is heard on
the network), the "room ID or join code" field, and the rooms this computer hears; it gives a
`JoinTarget`. `settle_fingerprint` then decides what to pin, before anything is sent:

- a fingerprint already known in full (a saved seat, a tool given the ready line): that one;
- a join code, and/or the 16 characters a heard room announced: a bare TLS handshake reads
  the host's certificate, and it must agree with both (`joincode.pin_first_contact`);
- a room ID alone, for a room heard without TLS, or at a typed address that does not speak
  TLS: plain HTTP (a host started with --insecure-http has no join code to give);
- a room ID alone at a typed address that speaks TLS: refused, asking for the join code.
  A join code always means TLS, so what a student copies from the projector can never be
  answered over plain HTTP.

Every refusal is a `JoinError` with a code and a sentence for the student.
"""

from __future__ import annotations

import ssl
from collections.abc import Sequence
from dataclasses import dataclass

from proctor.common.discovery import HeardRoom
from proctor.common.joincode import (
    JoinCode,
    JoinCodeError,
    check_fingerprint,
    parse_room_entry,
    pin_first_contact,
)
from proctor.common.tls import (
    NOT_TLS,
    FingerprintError,
    PinMismatch,
    fetch_server_fingerprint,
    normalize_fingerprint,
)
from proctor.student import wording
from proctor.student.address import parse_host_address
from proctor.student.errors import JoinError, SessionCode

FIRST_CONTACT_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class JoinTarget:
    host: str
    port: int
    room_id: str
    join_code: JoinCode | None = None
    advertised_fp: str | None = None  # 16 hex characters a heard room announced
    heard_plain: bool = False  # the room was heard announcing no TLS (and no code was given)
    fingerprint: str | None = None  # known in full: pinned as it is

    @property
    def room_entry(self) -> str:
        """The room as the session's `join` takes it: the join code, or the room ID."""
        return str(self.join_code) if self.join_code is not None else self.room_id


def read_room_entry(text: str) -> tuple[str, JoinCode | None]:
    """(room ID, join code or None) from the room field; JoinError with the sentence."""
    try:
        return parse_room_entry(text)
    except JoinCodeError as exc:
        raise JoinError(SessionCode.INVALID_JOIN_CODE, exc.message) from None


def choose_target(address_text: str, room_text: str, heard: Sequence[HeardRoom]) -> JoinTarget:
    """Where to join and what to check, from the join screen and the rooms heard."""
    room_id, code = read_room_entry(room_text)
    same_room = [r for r in heard if r.room_id == room_id]
    conflicting = len({(r.tls, r.fp) for r in same_room}) > 1
    if conflicting and code is None:
        message = wording.ROOM_CONFLICT.format(room=room_id, example=wording.JOIN_CODE_EXAMPLE)
        raise JoinError(SessionCode.JOIN_CODE_NEEDED, message)
    if address_text.strip():
        host, port = parse_host_address(address_text)
        candidates = [r for r in same_room if (r.address, r.port) == (host, port)]
    else:
        candidates = same_room
        if not candidates:
            raise JoinError(SessionCode.ROOM_NOT_HEARD, wording.ROOM_NOT_HEARD.format(room=room_id))
    if code is not None:  # rooms that agree with the code first; a disagreeing one is refused
        agreeing = [r for r in candidates if r.tls and r.fp.startswith(code.fp_prefix)]
        candidates = agreeing or candidates
    if not address_text.strip():
        if len({(r.address, r.port) for r in candidates}) > 1:
            message = wording.ROOM_AT_SEVERAL_ADDRESSES.format(room=room_id)
            raise JoinError(SessionCode.ROOM_NOT_HEARD, message)
        host, port = candidates[0].address, candidates[0].port
    chosen = candidates[0] if candidates else None
    return JoinTarget(
        host,
        port,
        room_id,
        join_code=code,
        advertised_fp=chosen.fp if chosen is not None and chosen.tls else None,
        heard_plain=chosen is not None and not chosen.tls and not conflicting,
    )


def _where(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _unreachable(host: str, port: int, exc: BaseException) -> JoinError:
    reason = wording.NO_ANSWER_IN_TIME if isinstance(exc, TimeoutError) else str(exc) or "?"
    if isinstance(exc, ConnectionRefusedError):
        reason = wording.CONNECTION_REFUSED
    message = wording.UNREACHABLE.format(host=host, port=port, reason=reason)
    return JoinError(SessionCode.HOST_UNREACHABLE, message)


async def settle_fingerprint(
    target: JoinTarget, *, timeout_s: float = FIRST_CONTACT_TIMEOUT_S
) -> str | None:
    """The full fingerprint to pin for `target`, or None to talk plain HTTP; JoinError when
    the host cannot be trusted (see the module docstring). Sends no request."""
    host, port, code = target.host, target.port, target.join_code
    if target.fingerprint:
        try:
            known = normalize_fingerprint(target.fingerprint)
            check_fingerprint(known, join_code=code, where=_where(host, port))
        except FingerprintError as exc:
            raise JoinError(SessionCode.WRONG_CERTIFICATE, str(exc)) from None
        except PinMismatch as exc:
            raise JoinError(SessionCode.WRONG_CERTIFICATE, exc.message) from None
        return known
    if code is not None or target.advertised_fp:
        try:
            return await pin_first_contact(
                host,
                port,
                join_code=code,
                advertised_fp=target.advertised_fp,
                timeout_s=timeout_s,
            )
        except PinMismatch as exc:
            raise JoinError(SessionCode.WRONG_CERTIFICATE, exc.message) from None
        except ssl.SSLError:
            raise JoinError(SessionCode.NOT_ENCRYPTED, NOT_TLS) from None
        except (OSError, TimeoutError) as exc:
            raise _unreachable(host, port, exc) from None
    if target.heard_plain:
        return None
    try:  # a room ID and a typed address: does that host speak TLS?
        await fetch_server_fingerprint(host, port, timeout_s=timeout_s)
    except ssl.SSLError:
        return None  # no TLS there: a host started with --insecure-http (or not a host)
    except (OSError, TimeoutError) as exc:
        raise _unreachable(host, port, exc) from None
    message = wording.JOIN_CODE_NEEDED.format(
        host=host, port=port, example=wording.JOIN_CODE_EXAMPLE
    )
    raise JoinError(SessionCode.JOIN_CODE_NEEDED, message)
