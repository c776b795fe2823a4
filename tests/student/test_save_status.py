"""The save indicator's source of truth: "on the proctor's computer" as soon as the host has
the newest work, and not taken back by a local save of that same work that comes after."""

from __future__ import annotations

from pathlib import Path

from proctor.student.session import StudentSession
from tests.helpers.session import RecordingListener


def test_the_host_having_the_latest_work_is_not_taken_back(tmp_path: Path) -> None:
    listener = RecordingListener()
    session = StudentSession(tmp_path, listener)
    session.work_changed({"solution.py": "print(1)\n"})
    session.host_saved(1)  # the snapshot reached the host first…
    session.save_status("local_ok", "Saved on this computer.")  # …then the local copy
    assert listener.save_kinds() == ["host_ok", "host_ok"]

    session.work_changed({"solution.py": "print(2)\n"})  # newer work, only on this computer
    session.save_status("local_ok", "Saved on this computer.")
    session.host_saved(1)  # a late answer about the older work says nothing new
    assert listener.save_kinds() == ["host_ok", "host_ok", "local_ok"]
    session.host_saved(2)
    assert listener.save_kinds()[-1] == "host_ok"


def test_a_snapshot_of_unknown_age_is_still_acknowledged(tmp_path: Path) -> None:
    listener = RecordingListener()
    session = StudentSession(tmp_path, listener)
    session.host_saved(None)  # sent from the outbox after a restart
    assert listener.save_kinds() == ["host_ok"]
