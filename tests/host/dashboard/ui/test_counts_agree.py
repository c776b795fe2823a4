"""One count, one number: through a whole exam the tiles, the filters and the export agree, and
a student who handed in stays "Handed in" after the proctor ends the exam."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from proctor.host.dashboard.ui.student_model import Column
from proctor.host.export import export_room
from tests.helpers.constants import ADMIN_KEY
from tests.helpers.dashboard import Dashboard, Heartbeats, StudentClient

pytestmark = pytest.mark.gui
WAIT_MS = 15_000


def tiles(d: Dashboard) -> dict[str, int]:
    """The numbers on the tiles that show now."""
    return {key: int(d.window.counts.values[key].text()) for key in d.window.counts.shown_keys()}


def filters(d: Dashboard) -> dict[str, int]:
    return {
        mode: int(button.text().rsplit("(", 1)[1].rstrip(")"))
        for mode, button in d.window.filter_buttons.items()
    }


def listed(d: Dashboard, mode: str) -> int:
    d.window.set_filter(mode)
    n = d.window.proxy.rowCount()
    d.window.set_filter("total")
    return n


def exported(d: Dashboard, out: Path) -> dict[str, int]:
    return dict(export_room(d.host.data_dir, out)["counts"])


def agree(d: Dashboard, out: Path, expected: dict[str, int]) -> None:
    """Tiles, filter buttons, the rows each filter lists and the export: the same numbers."""
    on_tiles, on_filters, in_export = tiles(d), filters(d), exported(d, out)
    for key, n in expected.items():
        assert in_export[key] == n, (key, in_export)
        if key in on_tiles:
            assert on_tiles[key] == n, (key, on_tiles)
        if key in on_filters:
            assert on_filters[key] == n == listed(d, key), (key, on_filters)


def settled(d: Dashboard, expected: dict[str, int]) -> bool:
    counts = {**tiles(d), **filters(d)}
    return all(counts.get(k, n) == n for k, n in expected.items())


def step(d: Dashboard, qtbot: Any, out: Path, **expected: int) -> None:
    qtbot.waitUntil(lambda: settled(d, expected), timeout=WAIT_MS)
    agree(d, out, expected)


def test_tiles_filters_and_export_agree_through_a_whole_exam(
    dashboard: Dashboard, qtbot: Any, tmp_path: Path
) -> None:
    d = dashboard
    names = ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra", "Barbara Liskov"]
    students = [StudentClient(d.host, n, f"CS/2024/{i:03d}") for i, n in enumerate(names, 1)]
    ada, alan, grace, edsger, barbara = students
    beats = Heartbeats([ada, alan, grace, edsger])  # Barbara's computer goes quiet
    out = tmp_path / "export"
    try:
        step(d, qtbot, out, total=5, online=5, offline=0, removed=0, not_handed_in=5)
        step(d, qtbot, out, total=5, online=4, offline=1)  # Barbara, offline in the lobby

        d.host.admin("POST", "start")
        grace.report("process_blacklisted", rule="Discord", name="Discord", pid=7)
        grace.report("process_cleared", rule="Discord", name="Discord", pid=7)
        d.host.admin("POST", f"students/{alan.student_id}/flag", {"reason": "notes"})
        step(d, qtbot, out, total=5, online=4, offline=1, flagged=2, handed_in=0, not_handed_in=5)

        # Removing the offline, flagged-by-nobody student and a flagged one: they count as
        # removed, not as offline or flagged, on the tiles and the filters alike.
        d.host.admin("POST", f"students/{barbara.student_id}/kick", {"reason": "absent"})
        d.host.admin("POST", f"students/{alan.student_id}/kick", {"reason": "notes"})
        beats.students.remove(alan)
        step(d, qtbot, out, total=5, online=3, offline=0, flagged=1, removed=2, not_handed_in=3)

        ada.submit({"main.py": "print(1)\n"})
        edsger.submit({"main.py": "print(2)\n"})
        step(d, qtbot, out, handed_in=2, not_handed_in=1, online=3)

        # The proctor ends the exam early; the hand-ins stand, whatever the wire status.
        d.host.admin("POST", "end", {"admin_key": ADMIN_KEY})
        qtbot.waitUntil(lambda: d.window.room.status == "ended", timeout=WAIT_MS)
        step(d, qtbot, out, total=5, handed_in=2, not_handed_in=1, flagged=1, removed=2)
        statuses = {r.student_id: r.status for r in d.window.model.students()}
        assert statuses[ada.student_id] == "ended"  # on the wire…
        row = d.window.model.row_of(ada.student_id)
        assert str(d.window.model.index(row, Column.STATUS).data()).startswith("Handed in ")

        # Students closing the app after handing in are not "offline" trouble.
        beats.students.remove(ada)
        beats.students.remove(edsger)
        qtbot.waitUntil(
            lambda: not d.window.model.student_by_id(ada.student_id).online, timeout=WAIT_MS
        )
        step(d, qtbot, out, handed_in=2, offline=0, online=1)
        cell = str(d.window.model.index(row, Column.CONNECTION).data())
        assert cell.startswith("Left at ")
    finally:
        beats.stop()


def test_the_everyone_count_follows_the_search(dashboard: Dashboard, qtbot: Any) -> None:
    d = dashboard
    for n, name in enumerate(("Ada Lovelace", "Ada Byron", "Alan Turing"), 1):
        StudentClient(d.host, name, f"R{n}")
    qtbot.waitUntil(lambda: d.window.model.rowCount() == 3, timeout=WAIT_MS)
    assert filters(d)["total"] == 3
    qtbot.keyClicks(d.window.search, "ada")
    assert filters(d)["total"] == 2 == d.window.proxy.rowCount()
    assert tiles(d)["total"] == 3  # the tiles are the room's, the buttons what the search finds
    d.window.search.clear()
    assert filters(d)["total"] == 3
