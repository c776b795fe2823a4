"""The roster: the proctor's class list (reg_no, name, optional seat), read from CSV, and the
rule a join is checked by: a reg_no not on the list is refused (`not_on_roster`) or admitted
and flagged, as the proctor chose; with PINs, a join that takes a new seat needs the PIN on
the student's slip (`pin_required`, `wrong_pin`; both count towards the join rate limit).
A class list the body's schema allows but whose text is no class list is 422 `roster_invalid`.

Pure: parsing and checking only. Registration numbers are matched case-insensitively, as
seats are. PINs are kept in the room's file so the slips can be printed again.
"""

from __future__ import annotations

import csv
import hmac
import io
import secrets
from typing import Any, Literal

from pydantic import ValidationError

from proctor.common.errors import ErrorCode
from proctor.common.hall import MAX_ROSTER_ROWS, PIN_DIGITS, RosterEntry
from proctor.common.protocol import first_invalid
from proctor.host.server.refusals import ApiError

UnknownRule = Literal["refuse", "flag"]
HEADER_WORDS = {"reg_no", "regno", "reg no", "registration", "registration number", "id"}


def parse_roster_csv(text: str) -> list[RosterEntry]:
    """The entries of a class list: `reg_no,name[,seat]` per line; a first line naming the
    columns is skipped; blank lines are. A bad line is 422 `roster_invalid` naming it."""
    if text.startswith("\ufeff"):
        text = text[1:]  # a spreadsheet's byte order mark
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], ",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    entries: list[RosterEntry] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if not entries and not seen and cells[0].casefold() in HEADER_WORDS:
            continue
        if len(cells) < 2 or len(cells) > 3:
            raise _invalid(number, "a line needs reg_no, name and optionally seat")
        try:
            entry = RosterEntry(
                reg_no=cells[0], name=cells[1], seat=cells[2] if len(cells) > 2 else ""
            )
        except ValidationError as exc:
            where, problem = first_invalid(exc, "line")
            raise _invalid(number, f"{where}: {problem}") from None
        key = entry.reg_no.casefold()
        if key in seen:
            raise _invalid(number, f"reg_no {entry.reg_no} is on line {seen[key]} already")
        seen[key] = number
        entries.append(entry)
        if len(entries) > MAX_ROSTER_ROWS:
            raise _invalid(number, f"a class list has at most {MAX_ROSTER_ROWS} students")
    if not entries:
        raise ApiError(422, ErrorCode.ROSTER_INVALID, "The class list has no students in it.")
    return entries


def _invalid(line: int, problem: str) -> ApiError:
    return ApiError(422, ErrorCode.ROSTER_INVALID, f"Line {line} of the class list: {problem}.")


def new_pin() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(PIN_DIGITS))


class Roster:
    """The class list of a room (empty: no list, every join is admitted as before)."""

    def __init__(self, entries: list[dict[str, Any]], settings: dict[str, Any]) -> None:
        self.entries: list[dict[str, Any]] = [dict(e) for e in entries]
        self.unknown: UnknownRule = "flag" if settings.get("unknown") == "flag" else "refuse"
        self.pins = bool(settings.get("pins", False))
        self._by_reg_no = {e["reg_no"].casefold(): e for e in self.entries}

    @property
    def active(self) -> bool:
        return bool(self.entries)

    def settings(self) -> dict[str, Any]:
        return {"unknown": self.unknown, "pins": self.pins}

    def replace(self, entries: list[RosterEntry], unknown: UnknownRule, pins: bool) -> None:
        """A new list; a student on both keeps the PIN already printed on their slip."""
        old = self._by_reg_no
        self.entries = []
        for entry in entries:
            record = entry.model_dump()
            kept = old.get(entry.reg_no.casefold(), {}).get("pin")
            record["pin"] = (kept or new_pin()) if pins else None
            self.entries.append(record)
        self.unknown, self.pins = unknown, pins
        self._by_reg_no = {e["reg_no"].casefold(): e for e in self.entries}

    def entry(self, reg_no: str) -> dict[str, Any] | None:
        return self._by_reg_no.get(reg_no.casefold())

    def check_join(self, reg_no: str, pin: str | None, new_seat: bool) -> dict[str, Any] | None:
        """The roster's word on a join: its entry (None: not on the list, admitted to be
        flagged), or a refusal. `new_seat`: the join takes a seat no key proves (a first
        join, or a moved seat), so the PIN is asked for."""
        if not self.active:
            return None
        entry = self.entry(reg_no)
        if entry is None:
            if self.unknown == "refuse":
                message = (
                    "This registration number is not on the class list for this exam. "
                    "Check it, or ask the proctor."
                )
                raise ApiError(403, ErrorCode.NOT_ON_ROSTER, message)
            return None
        expected = entry.get("pin")
        if new_seat and self.pins and expected:
            if not pin:
                message = "This exam needs the PIN printed on your slip. Type it in, please."
                raise ApiError(403, ErrorCode.PIN_REQUIRED, message)
            if not hmac.compare_digest(pin.encode(), str(expected).encode()):
                raise ApiError(403, ErrorCode.WRONG_PIN, "That PIN is not the one on your slip.")
        return entry

    def never_came(self, seated: set[str]) -> list[dict[str, Any]]:
        """The entries whose reg_no took no seat (`seated`: casefolded reg_nos)."""
        return [e for e in self.entries if e["reg_no"].casefold() not in seated]
