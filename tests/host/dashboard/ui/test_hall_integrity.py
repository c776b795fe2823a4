"""The integrity summary in the grid and the student's timeline (incidents, the proctor's
actions, announcements and their acknowledgement, raised hands) on real widgets against a
real room server."""

from __future__ import annotations

import pytest

from proctor.common.integrity import integrity_line, tally_of
from proctor.host.dashboard.ui.student_model import Column
from tests.helpers.dashboard import Dashboard, StudentClient

pytestmark = pytest.mark.gui


def test_the_line_counts_by_kind_and_adds_the_time_away() -> None:
    incidents = [
        {"kind": "process_blacklisted", "detail": {}},
        {"kind": "process_blacklisted", "detail": {}},
        {"kind": "process_cleared", "detail": {}},
        {"kind": "external_paste", "detail": {}},
        {"kind": "focus_lost", "detail": {}},
        {"kind": "focus_regained", "detail": {"duration_ms": 40_400}},
        {"kind": "face_ok", "detail": {}},
    ]
    tally, unfocused = tally_of(incidents)
    assert integrity_line(tally, unfocused // 1000) == (
        "2 × app, 1 × paste, 1 × left, 40 s unfocused"
    )
    assert integrity_line({}, 0) == ""
    assert integrity_line({}, 125) == "2 min 5 s unfocused"
    tally, unfocused = tally_of([{"kind": "focus_regained", "detail": {"duration_ms": "x"}}])
    assert (tally, unfocused) == ({}, 0)  # a duration that is not a number adds nothing


def test_the_grid_and_the_timeline_show_what_happened(qtbot, dashboard: Dashboard) -> None:
    ada = StudentClient(dashboard.host, "Ada Lovelace", "CS-1")
    dashboard.host.admin("POST", "start")
    ada.report("process_blacklisted", name="chatgpt", pid=42, rule="ChatGPT")
    ada.report("process_blacklisted", name="discord", pid=43, rule="Discord")
    ada.report("external_paste", length=120, lines=4, preview="def f():")
    ada.report("focus_lost", lost_ms=1)
    ada.report("focus_regained", lost_ms=1, duration_ms=40_000)
    model = dashboard.window.model
    expected = "2 × app, 1 × paste, 1 × left, 40 s unfocused"

    def cell() -> str:
        row = model.row_of(ada.student_id)
        return "" if row is None else str(model.data(model.index(row, Column.INTEGRITY)))

    qtbot.waitUntil(lambda: cell() == expected, timeout=10_000)

    sent = dashboard.host.admin("POST", "announce", {"text": "Ten minutes left."})
    ada.call("POST", f"announcements/{sent['id']}/ack")
    ada.call("POST", "hand", {"text": "Can I go out?"})
    dashboard.host.admin(
        "POST", f"students/{ada.student_id}/hand/answer", {"text": "After the hand-in."}
    )
    dialog = dashboard.actions.open_detail(ada.student_id)
    assert dialog is not None

    def lines() -> list[str]:
        return [dialog.timeline.item(i).text() for i in range(dialog.timeline.count())]

    qtbot.waitUntil(lambda: any("Acknowledged the announcement" in t for t in lines()),
                    timeout=10_000)  # fmt: skip
    qtbot.waitUntil(lambda: any("answered the raised hand" in t for t in lines()),
                    timeout=10_000)  # fmt: skip
    qtbot.waitUntil(lambda: any("Blacklisted app opened" in t for t in lines()),
                    timeout=10_000)  # fmt: skip
    text = "\n".join(lines())
    wanted = [
        "Blacklisted app opened",
        "Pasted text from outside",
        "You announced",
        "Ten minutes left.",
        "Raised a hand · “Can I go out?”",
        "After the hand-in.",
    ]
    for expected_line in wanted:
        assert expected_line in text, text
    order = [next(i for i, t in enumerate(lines()) if w in t)
             for w in ("You announced", "Acknowledged", "Raised a hand", "answered")]  # fmt: skip
    assert order == sorted(order)  # one timeline, in time order
    assert "2 × app, 1 × paste, 1 × left, 1 × hand, 40 s unfocused" in (dialog.state_label.text())
    dialog.close()
