"""`proctor host --headless` from the command line: clear errors with exit code 2 (3 for a wrong
admin key), the next free port when the asked one is taken, resuming with the right admin key
only."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import aiohttp
import pytest

from proctor.host.server.options import EXIT_STARTUP_ERROR, EXIT_WRONG_ADMIN_KEY
from tests.helpers.constants import ADMIN_KEY
from tests.helpers.headless import HeadlessHost, call, run_proctor

pytestmark = pytest.mark.e2e

NEW_ROOM = ["host", "--headless", "--bind", "127.0.0.1", "--port", "0"]


def assert_clear_failure(result, *phrases: str, code: int = EXIT_STARTUP_ERROR) -> None:
    assert result.returncode == code, (result.returncode, result.stderr)
    assert result.stderr.startswith("proctor host: "), result.stderr
    assert "Traceback" not in result.stderr
    for phrase in phrases:
        assert phrase in result.stderr, result.stderr
    assert result.stdout == ""  # no ready line


def test_a_missing_admin_key_is_exit_2_with_a_clear_message(tmp_path: Path) -> None:
    args = [*NEW_ROOM, "--data-dir", str(tmp_path), "--name", "Exam", "--duration", "30"]
    result = run_proctor(*args, admin_key=None)
    assert_clear_failure(result, "PROCTOR_ADMIN_KEY", "--admin-key-file")
    result = run_proctor(*args, admin_key="short")
    assert_clear_failure(result, "at least 8 characters")
    assert not list(tmp_path.glob("room-*"))  # nothing was created


def test_an_unreadable_admin_key_file_is_exit_2(tmp_path: Path) -> None:
    args = [*NEW_ROOM, "--data-dir", str(tmp_path), "--name", "Exam", "--duration", "30"]
    result = run_proctor(*args, "--admin-key-file", str(tmp_path / "missing.txt"))
    assert_clear_failure(result, "admin key file")


def test_a_new_room_needs_a_name_and_a_positive_duration(tmp_path: Path) -> None:
    result = run_proctor(*NEW_ROOM, "--data-dir", str(tmp_path), "--duration", "30")
    assert_clear_failure(result, "--name", "--duration")
    args = [*NEW_ROOM, "--data-dir", str(tmp_path), "--name", "Exam", "--duration", "0"]
    assert_clear_failure(run_proctor(*args), "--duration")


def test_a_missing_paper_folder_is_exit_2(tmp_path: Path) -> None:
    args = [*NEW_ROOM, "--data-dir", str(tmp_path / "d"), "--name", "Exam", "--duration", "30"]
    result = run_proctor(*args, "--paper", str(tmp_path / "no-such-paper"))
    assert_clear_failure(result, "no-such-paper")


def test_a_paper_that_does_not_load_is_exit_2_with_its_problem(tmp_path: Path) -> None:
    paper = tmp_path / "paper"
    paper.mkdir()
    (paper / "paper.toml").write_text(
        '[[questions]]\nid = "q1"\ntype = "short"\ntext = "2 + 2?"\n'
    )  # no answer
    args = [*NEW_ROOM, "--data-dir", str(tmp_path / "d"), "--name", "Exam", "--duration", "30"]
    result = run_proctor(*args, "--paper", str(paper))
    assert_clear_failure(result, "paper.toml:1", "answer")


@pytest.mark.slow
def test_resuming_with_a_wrong_admin_key_is_exit_3_and_the_right_one_resumes(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "host"
    first = HeadlessHost(data_dir)
    room_id = first.start()["room_id"]
    assert first.stop() == 0

    wrong = run_proctor(
        "host", "--headless", "--bind", "127.0.0.1", "--port", "0", "--data-dir", str(data_dir),
        admin_key="not the admin key",
    )  # fmt: skip
    assert_clear_failure(wrong, "admin key does not match", room_id, code=EXIT_WRONG_ADMIN_KEY)

    again = HeadlessHost(data_dir, name=None, duration_min=None, admin_key=ADMIN_KEY)
    assert again.start()["room_id"] == room_id
    assert again.stop() == 0


@pytest.mark.slow
def test_a_taken_port_moves_to_the_next_free_one(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        host = HeadlessHost(tmp_path / "host", port=port)
        info = host.start()
        try:
            assert port < info["port"] < port + 50
            assert info["urls"] == [f"https://127.0.0.1:{info['port']}"]
            stored = json.loads((tmp_path / "host" / "host.json").read_text())
            assert stored["port"] == info["port"]
            with socket.create_connection(("127.0.0.1", info["port"]), timeout=5):
                pass
        finally:
            assert host.stop() == 0


@pytest.mark.slow
def test_new_room_starts_a_second_room_in_the_same_folder(tmp_path: Path) -> None:
    data_dir = tmp_path / "host"
    first = HeadlessHost(data_dir)
    first_id = first.start()["room_id"]
    assert first.stop() == 0
    second = HeadlessHost(data_dir, extra=["--new-room"])
    second_id = second.start()["room_id"]
    assert second.stop() == 0
    assert second_id != first_id
    assert len(list(data_dir.glob("room-*.sqlite3"))) == 2
    resumed = HeadlessHost(data_dir, name=None, duration_min=None)
    assert resumed.start()["room_id"] == second_id  # the latest room is the current one
    assert resumed.stop() == 0


def test_a_broken_blacklist_file_is_exit_2(tmp_path: Path) -> None:
    broken = tmp_path / "blacklist.json"
    broken.write_text("[{not json", encoding="utf-8")
    args = [*NEW_ROOM, "--data-dir", str(tmp_path / "d"), "--name", "Exam", "--duration", "30"]
    assert_clear_failure(run_proctor(*args, "--blacklist", str(broken)), "blacklist")


@pytest.mark.slow
async def test_policy_options_reach_the_room(tmp_path: Path) -> None:
    rules = tmp_path / "blacklist.json"
    rules.write_text(json.dumps([{"name": "Chat", "match": ["chat*"]}]), encoding="utf-8")
    paper = tmp_path / "paper"
    paper.mkdir()
    (paper / "instructions.md").write_text("# Graphs\n\nFind the shortest path.\n")
    (paper / "graph.py").write_text("EDGES = []\n")
    extra = ["--paste", "block", "--camera", "report", "--blacklist", str(rules)]
    host = HeadlessHost(tmp_path / "host", extra=[*extra, "--paper", str(paper)])
    host.start()
    try:
        async with host.http() as http:
            admin = await call(http, "POST", f"{host.room_url}/admin/login",
                               json={"admin_key": ADMIN_KEY})  # fmt: skip
            view = await call(http, "GET", f"{host.room_url}/admin/room", admin["token"])
            assert view["policy"]["paste"] == "block" and view["policy"]["camera"] == "report"
            assert [r["name"] for r in view["policy"]["blacklist"]] == ["Chat"]
            assert view["paper_title"] == "Graphs"
            student = await call(http, "POST", f"{host.room_url}/join",
                                 json={"name": "Ada", "reg_no": "A-1"})  # fmt: skip
            await call(http, "POST", f"{host.room_url}/admin/start", admin["token"])
            got = await call(http, "GET", f"{host.room_url}/paper", student["token"])
            assert got["files"] == {"graph.py": "EDGES = []\n"}
            assert got["instructions"].startswith("# Graphs")
    finally:
        assert host.stop() == 0


def soft_open_file_limit(pid: int) -> int:
    for line in Path(f"/proc/{pid}/limits").read_text().splitlines():
        if line.startswith("Max open files"):
            return int(line.split()[3])
    raise AssertionError("no open-file limit in /proc")


async def test_a_host_started_under_a_low_open_file_limit_still_takes_a_hall(
    tmp_path: Path,
) -> None:
    """Started with room for 100 open files (macOS starts programs with 256), the host raises
    its own limit: 150 students can each hold a stream."""
    host = HeadlessHost(tmp_path / "host", open_files=100)
    host.start()
    try:
        assert host.proc is not None
        assert soft_open_file_limit(host.proc.pid) >= 4096
        async with aiohttp.ClientSession(connector=host.connector(limit=0)) as http:
            streams = []
            for n in range(150):
                body = {"name": f"Student {n}", "reg_no": f"R{n:03d}"}
                student = await call(http, "POST", f"{host.room_url}/join", json=body)
                token = {"token": student["token"]}
                streams.append(await http.ws_connect(f"{host.room_url}/stream", params=token))
            for ws in streams:
                first = await ws.receive_json(timeout=10)
                assert first["type"] == "state" and first["me"]["status"] == "waiting"
            for ws in streams:
                await ws.close()
    finally:
        assert host.stop() == 0
    assert "open files" not in host.log()  # raised far enough: no warning
