"""The transitions table is the rule: the engine takes a command exactly where the table says,
the dashboard offers it on a row exactly then, and the table loads without the server."""

from __future__ import annotations

import subprocess
import sys

import pytest

from proctor.common.protocol import Accommodations, RoomStatus, StudentStatus
from proctor.host.server.engine import RoomEngine
from proctor.host.server.hall_state import HallState
from proctor.host.server.hall_store import HallRecords
from proctor.host.server.refusals import EngineError
from proctor.host.server.states import StudentState
from proctor.host.transitions import (
    PROCTOR_ACTIONS,
    ROOM_FROM,
    STUDENT_FROM,
    RoomCommand,
    StudentCommand,
    may_act_on,
    room_may,
    student_may,
)
from tests.helpers.constants import ROOT
from tests.helpers.engine import T0, join, new_engine, put_in_state

NOW = T0 + 10_000


def room_with(status: StudentStatus) -> tuple[RoomEngine, StudentState]:
    """A started room (a lobby for `waiting`) with one student in `status`."""
    engine = new_engine()
    student = join(engine, "R1")
    join(engine, "BY")  # a bystander keeps the room open
    if status != StudentStatus.WAITING:
        engine.start(T0 + 1000)
        put_in_state(engine, student, status, T0 + 2000)
    return engine, student


def taken(engine: RoomEngine, command: StudentCommand, student: StudentState) -> bool:
    sid = student.student_id
    try:
        if command in PROCTOR_ACTIONS:
            engine.act(command, sid, "because", NOW)
        elif command is StudentCommand.EXTRA_TIME:
            engine.add_time(60, sid, NOW)
        elif command is StudentCommand.REPORT:
            engine.record_event(sid, "e" * 32, "focus_lost", "focus", {}, NOW, NOW)
        elif command is StudentCommand.SAVE_WORK:
            engine.check_work(sid, NOW)
        elif command is StudentCommand.SUBMIT:
            engine.submit(sid, "0" * 64, NOW)
        elif command is StudentCommand.RAISE_HAND:
            HallState(engine, HallRecords()).raise_hand(sid, "", NOW)
        elif command is StudentCommand.ACCOMMODATE:
            engine.accommodate(sid, Accommodations(font_scale=150), None, NOW)
        else:
            engine.check_paper(sid)
    except EngineError as refused:
        assert refused.message.endswith(".")
        return False
    return True


@pytest.mark.parametrize("status", list(StudentStatus))
@pytest.mark.parametrize("command", list(StudentCommand))
def test_the_engine_takes_a_command_where_the_table_allows_it(
    command: StudentCommand, status: StudentStatus
) -> None:
    engine, student = room_with(status)
    student.manual_flag = True  # something for unflag to clear
    row = student.to_row()
    assert taken(engine, command, student) == student_may(command, status)
    if command in PROCTOR_ACTIONS:  # what the dashboard offers on the row
        assert may_act_on(command, row) == student_may(command, status)


def test_unflag_needs_a_flag_to_clear_on_both_sides() -> None:
    engine, student = room_with(StudentStatus.ACTIVE)
    assert not may_act_on(StudentCommand.UNFLAG, student.to_row())
    assert not taken(engine, StudentCommand.UNFLAG, student)
    student.note_shield_report("process_blacklisted", {"pid": 7, "rule": "Discord"})
    assert not may_act_on(StudentCommand.UNFLAG, student.to_row())  # still running
    student.note_shield_report("process_cleared", {"pid": 7, "rule": "Discord"})
    assert may_act_on(StudentCommand.UNFLAG, student.to_row())  # seen, closed now
    assert taken(engine, StudentCommand.UNFLAG, student)
    assert not student.flagged


@pytest.mark.parametrize("status", list(RoomStatus))
@pytest.mark.parametrize("command", list(RoomCommand))
def test_the_room_takes_a_command_where_the_table_allows_it(
    command: RoomCommand, status: RoomStatus
) -> None:
    engine = new_engine()
    join(engine, "R1")
    if status != RoomStatus.LOBBY:
        engine.start(T0 + 1000)
    if status == RoomStatus.ENDED:
        engine.end(T0 + 2000)
    run = {
        RoomCommand.START: lambda: engine.start(NOW),
        RoomCommand.END: lambda: engine.end(NOW),
        RoomCommand.SET_POLICY: lambda: engine.set_policy(engine.policy),
        RoomCommand.EXTRA_TIME: lambda: engine.add_time(60, None, NOW),
    }[command]
    try:
        run()
    except EngineError:
        assert not room_may(command, status)
    else:
        assert room_may(command, status)


def test_every_command_and_status_has_its_rule() -> None:
    assert set(STUDENT_FROM) == set(StudentCommand) and set(ROOM_FROM) == set(RoomCommand)
    assert all(statuses <= set(StudentStatus) for statuses in STUDENT_FROM.values())


def test_the_table_loads_without_the_server_or_qt() -> None:
    """The dashboard reads the table: it must not pull in the engine, aiohttp or Qt."""
    script = (
        "import sys, proctor.host.transitions\n"
        "heavy = [m for m in sys.modules if m.startswith(('proctor.host.server', 'aiohttp',"
        " 'PySide6'))]\n"
        "print(heavy); sys.exit(1 if heavy else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr
