"""The student grid's model and proxy: 500 students, live updates in place, sort and filters."""

from __future__ import annotations

import time
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from proctor.common.protocol import StudentRow
from proctor.common.timeutil import now_ms
from proctor.host.dashboard.ui import labels
from proctor.host.dashboard.ui.student_model import (
    GREEN,
    GREY,
    RED,
    Column,
    StudentFilterProxy,
    StudentTableModel,
    flag_text,
)

pytestmark = pytest.mark.gui


def row(i: int, **changes: Any) -> StudentRow:
    base: dict[str, Any] = {
        "student_id": f"s_{i:04d}",
        "name": f"Student {i:04d}",
        "reg_no": f"R{i:04d}",
        "status": "active",
        "ends_ms": now_ms() + 3_600_000 - i * 1000,
        "online": True,
        "flagged": False,
        "flag_reasons": [],
        "last_seen_ms": now_ms(),
        "violations": 0,
        "address": f"127.0.0.1:{40000 + i}",
        "joined_ms": now_ms() - 60_000,
    }
    base.update(changes)
    return StudentRow.model_validate(base)


@pytest.fixture
def grid(qtbot: Any) -> tuple[StudentTableModel, StudentFilterProxy, QTableView]:
    model = StudentTableModel()
    proxy = StudentFilterProxy()
    proxy.setSourceModel(model)
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.resize(1200, 800)
    qtbot.addWidget(view)
    view.show()
    return model, proxy, view


def text(model: StudentTableModel, student_id: str, column: Column) -> str:
    r = model.row_of(student_id)
    assert r is not None
    return str(model.index(r, column).data())


def test_500_students_join_and_update_in_place_quickly(grid: Any, qtbot: Any) -> None:
    model, proxy, view = grid
    view.sortByColumn(Column.TIME_LEFT, Qt.SortOrder.AscendingOrder)
    inserted: list[int] = []
    model.rowsInserted.connect(lambda _p, first, last: inserted.append(last - first + 1))

    t0 = time.perf_counter()
    for start in range(0, 500, 50):  # a burst of joins, as the stream batches them
        model.apply([row(i) for i in range(start, start + 50)])
    joined_s = time.perf_counter() - t0
    assert model.rowCount() == 500 and proxy.rowCount() == 500 and sum(inserted) == 500

    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b, _roles=None: changed.append((a.row(), b.row())))
    updates = [row(i, violations=3, latest_incident="focus_lost") for i in range(500)]
    t0 = time.perf_counter()
    model.apply(updates)
    qtbot.wait(1)
    updated_s = time.perf_counter() - t0
    assert model.rowCount() == 500  # updated in place, no new rows
    assert changed == [(0, 499)]  # one contiguous batch, one signal
    assert text(model, "s_0123", Column.LATEST) == "Left the exam window"

    t0 = time.perf_counter()
    for _ in range(5):
        model.tick()
        qtbot.wait(1)
    tick_s = (time.perf_counter() - t0) / 5
    print(
        f"\n500 joins {joined_s * 1000:.0f} ms, 500 updates {updated_s * 1000:.0f} ms, "
        f"tick {tick_s * 1000:.0f} ms"
    )
    assert joined_s < 1.0 and updated_s < 0.5 and tick_s < 0.25

    # Sorted by time left: the student with the least time is on top.
    assert proxy.student_id_at(0) == "s_0499"


def test_connection_flag_and_status_cells(grid: Any, qtbot: Any) -> None:
    model, _proxy, _view = grid
    offline_since = now_ms() - 3 * 60_000
    model.apply(
        [
            row(1),
            row(2, online=False, offline_since_ms=offline_since),
            row(
                3,
                flagged=True,
                shield_processes=["Discord"],
                flag_reasons=["shield: Discord running"],
            ),
            row(
                4,
                flagged=True,
                manual_flag=True,
                flag_reasons=["phone on the desk", "shield: Telegram running"],
                manual_reasons=["phone on the desk"],
                shield_processes=["Telegram"],
            ),
            row(5, status="submitted", submitted_ms=now_ms(), submission_sha256="ab" * 32),
            row(6, status="paused"),
        ]
    )
    assert text(model, "s_0001", Column.CONNECTION) == "● Online"
    since = labels.clock(offline_since)[:5]
    assert text(model, "s_0002", Column.CONNECTION) == "● Offline for 3 min"
    tip = model.index(model.row_of("s_0002"), Column.CONNECTION).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith(f"Offline since {labels.clock(offline_since)}, for 3 min.")
    assert since in tip
    online = model.index(model.row_of("s_0001"), Column.CONNECTION)
    offline = model.index(model.row_of("s_0002"), Column.CONNECTION)
    assert online.data(Qt.ItemDataRole.ForegroundRole).color() == GREEN
    assert offline.data(Qt.ItemDataRole.ForegroundRole).color() == RED

    shield_only = text(model, "s_0003", Column.FLAG)
    both = text(model, "s_0004", Column.FLAG)
    assert shield_only == "⚠ Discord running"
    assert both == "⚠ Telegram running   ⚑ phone on the desk"
    # Every cell's full text is its tooltip (a narrow column elides it).
    flag_tip = model.index(model.row_of("s_0004"), Column.FLAG).data(Qt.ItemDataRole.ToolTipRole)
    assert "Telegram running now" in flag_tip and "Your flag: phone on the desk" in flag_tip
    for column in Column:
        cell = model.index(model.row_of("s_0004"), column)
        shown_text = str(cell.data() or "")
        assert shown_text in str(cell.data(Qt.ItemDataRole.ToolTipRole) or "")
    shield_bg = model.index(model.row_of("s_0003"), Column.FLAG).data(
        Qt.ItemDataRole.BackgroundRole
    )
    manual_bg = model.index(model.row_of("s_0004"), Column.FLAG).data(
        Qt.ItemDataRole.BackgroundRole
    )
    assert shield_bg.color() != manual_bg.color()
    assert flag_text(row(7)) == ""

    assert text(model, "s_0005", Column.STATUS).startswith("Handed in ")
    status_tip = model.index(model.row_of("s_0005"), Column.STATUS).data(
        Qt.ItemDataRole.ToolTipRole
    )
    assert "receipt ABAB-ABAB" in status_tip
    assert text(model, "s_0005", Column.TIME_LEFT) == "—"
    paused = text(model, "s_0006", Column.TIME_LEFT)
    running = text(model, "s_0001", Column.TIME_LEFT)
    paused_cell = model.index(model.row_of("s_0006"), Column.TIME_LEFT)
    assert paused_cell.data(Qt.ItemDataRole.ForegroundRole).color() == GREY
    qtbot.wait(1100)
    model.tick()
    assert text(model, "s_0001", Column.TIME_LEFT) != running
    assert text(model, "s_0006", Column.TIME_LEFT) == paused  # a paused clock stands still


def test_a_proctor_reason_that_starts_with_shield_is_still_the_proctors() -> None:
    reason = "Shield: phone on desk"
    flagged = row(1, flagged=True, manual_flag=True, flag_reasons=[reason], manual_reasons=[reason])
    assert flag_text(flagged) == f"⚑ {reason}"


def test_filters_and_search(grid: Any) -> None:
    model, proxy, _view = grid
    model.apply(
        [
            row(1, name="Ada Lovelace"),
            row(2, name="Alan Turing", online=False, offline_since_ms=now_ms()),
            row(3, name="Grace Hopper", flagged=True, manual_flag=True, flag_reasons=["x"]),
            row(4, name="Edsger Dijkstra", status="submitted", submitted_ms=now_ms()),
            row(5, name="Barbara Liskov", status="kicked", online=False, flagged=True),
        ]
    )

    def shown() -> set[str]:
        return {proxy.student_id_at(r) for r in range(proxy.rowCount())}

    assert len(shown()) == 5
    proxy.set_mode("flagged")
    assert shown() == {"s_0003"}  # a removed student counts as removed, not as flagged
    proxy.set_mode("offline")
    assert shown() == {"s_0002"}  # nor as offline
    proxy.set_mode("removed")
    assert shown() == {"s_0005"}
    proxy.set_mode("not_handed_in")
    assert shown() == {"s_0001", "s_0002", "s_0003"}
    proxy.set_mode("total")
    proxy.set_search("  lovel ")
    assert shown() == {"s_0001"}
    proxy.set_search("R0004")
    assert shown() == {"s_0004"}
    proxy.set_search("")
    with pytest.raises(ValueError):
        proxy.set_mode("nonsense")
    # Once time is up, whoever handed in is "ended" with the hand-in on record: still in.
    model.apply(
        [row(1, status="ended", submitted_ms=now_ms()), row(2, status="ended", online=False)]
    )
    assert text(model, "s_0001", Column.STATUS).startswith("Handed in ")
    assert text(model, "s_0002", Column.STATUS) == "Not handed in"
    proxy.set_mode("not_handed_in")
    assert shown() == {"s_0002", "s_0003"}
    # Gone after the end, or after handing in, is not "missing": grey, not red, not offline.
    model.apply(
        [
            row(
                4,
                name="Edsger Dijkstra",
                status="submitted",
                submitted_ms=now_ms(),
                online=False,
                offline_since_ms=now_ms(),
            )
        ]
    )
    left = model.index(model.row_of("s_0004"), Column.CONNECTION)
    assert (
        str(left.data()).startswith("Left at ")
        and left.data(Qt.ItemDataRole.ForegroundRole).color() == GREY
    )
    proxy.set_mode("offline")
    assert shown() == set()

    # A live update moves a student into the filter.
    proxy.set_mode("flagged")
    model.apply([row(1, name="Ada Lovelace", flagged=True, shield_processes=["Zoom"])])
    assert shown() == {"s_0001", "s_0003"}


def test_a_flag_seen_stays_named_after_the_app_closes() -> None:
    gone = row(
        1, flagged=True, shield_seen=["Discord"], flag_reasons=["shield: Discord was running"]
    )
    assert flag_text(gone) == "⚠ Discord was running"
    both = row(2, flagged=True, shield_processes=["Zoom"], shield_seen=["Discord", "Zoom"])
    assert flag_text(both) == "⚠ Zoom running   ⚠ Discord was running"


def test_a_snapshot_with_the_same_students_keeps_rows(grid: Any) -> None:
    model, _proxy, view = grid
    model.apply([row(i) for i in range(10)])
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    view.selectRow(3)
    model.replace_all([row(i, violations=1) for i in range(10)])
    assert not resets and view.selectionModel().selectedRows()
    model.replace_all([row(i) for i in range(5)])  # someone vanished: a full reset
    assert resets and model.rowCount() == 5
