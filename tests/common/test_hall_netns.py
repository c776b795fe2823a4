"""End to end in two network namespaces joined by a veth: a host (a real aiohttp TLS server,
its beacon and its mDNS advert) and a student. The student hears the room both ways, joins
with the join code and the heard address and pins the certificate; a second certificate on
the same address is refused; the network check probes the port from another namespace and
sees a firewall that blocks it. Then the real room server (`proctor host --headless`) and the
student app's session (`StudentSession`): found, joined with the typed join code and pinned,
and refused once the server restarts with a swapped certificate; with --insecure-http the
room ID alone joins over plain HTTP."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from proctor.common import netns
from proctor.common.joincode import format_join_code
from proctor.common.netprobe import probe_port
from proctor.common.tls import CERT_FILE, CERTIFICATE_CHANGED, KEY_FILE, load_or_create_certificate
from tests.common.hall import HOST_IP, Hall, cannot_make_namespaces, open_hall, read_json

pytestmark = pytest.mark.slow

_REASON = cannot_make_namespaces()
if _REASON:
    pytest.skip(f"network namespaces unavailable: {_REASON}", allow_module_level=True)


@pytest.fixture(scope="module")
def hall() -> Iterator[Hall]:
    made = open_hall()
    try:
        yield made
    finally:
        made.close()
    assert made.host_ns not in netns.namespaces() and made.student_ns not in netns.namespaces()


def _second_certificate(tmp_path: Path, first_fp: str) -> Path:
    """A data dir whose certificate differs from the first in its join-code characters too."""
    for n in range(50):
        folder = tmp_path / f"swapped-{n}"
        if load_or_create_certificate(folder).fingerprint[:4] != first_fp[:4]:
            return folder
    raise AssertionError("50 certificates with the same first 4 characters")


def test_the_student_hears_the_room_both_ways_and_joins_pinned_with_the_join_code(
    hall: Hall, tmp_path: Path
) -> None:
    host = hall.start_host(tmp_path / "host")
    try:
        assert host.ready["problems"] == [] and host.ready["mdns"] is True
        code = host.ready["join_code"]
        assert code == format_join_code("K7M2QX", host.fingerprint)
        typed = code.lower().replace("-", " - ")  # as a student might type it
        seen = hall.student("find", "--room", "k7m2qx", "--code", typed)
    finally:
        stopped = hall.stop_host(host)
    assert seen["sources"] == ["beacon", "mdns"], seen
    assert seen["conflicting"] is False and seen["problems"] == []
    (room,) = seen["heard"]
    assert room == {
        "name": "Hall 3",
        "room_id": "K7M2QX",
        "address": HOST_IP,
        "port": host.port,
        "tls": True,
        "fp": host.fingerprint[:16],
        "sources": ["beacon", "mdns"],
    }
    assert seen["fingerprint"] == host.fingerprint
    assert seen["hello"]["app"] == "proctor" and seen["hello"]["fingerprint"] == host.fingerprint
    assert seen["ws"] == "echo:hi"
    assert "error" not in seen
    assert stopped["beacons_sent"] >= 2


def test_a_stopped_host_leaves_the_list_at_once_by_mdns_and_soon_by_beacon(
    hall: Hall, tmp_path: Path
) -> None:
    host = hall.start_host(tmp_path / "host")
    watcher = hall.start_student("watch", "--room", "K7M2QX", "--stale-after-s", "6")
    try:
        assert read_json(watcher, 30) == {"event": "heard", "sources": ["beacon", "mdns"]}
    finally:
        hall.stop_host(host)  # an mDNS goodbye; the beacon just stops
    first = read_json(watcher, 30)
    second = read_json(watcher, 30)
    last = read_json(watcher, 30)
    watcher.wait(10)
    assert (first["event"], first["source"]) == ("lost", "mdns")  # the goodbye, at once
    assert (second["event"], second["source"]) == ("lost", "beacon")  # stale, 6 s on
    assert last["event"] == "gone" and watcher.returncode == 0


def test_a_renamed_room_is_heard_renamed_by_beacon_and_by_mdns(hall: Hall, tmp_path: Path) -> None:
    host = hall.start_host(tmp_path / "host")
    watch = ["watch", "--room", "K7M2QX", "--stale-after-s", "5"]
    by_mdns = hall.start_student(*watch, "--only", "mdns")
    by_beacon = hall.start_student(*watch, "--only", "beacon")
    try:
        assert read_json(by_mdns, 30) == {"event": "heard", "sources": ["mdns"]}
        assert read_json(by_beacon, 30) == {"event": "heard", "sources": ["beacon"]}
        host.proc.send_signal(signal.SIGUSR1)
        renamed = {"event": "renamed", "name": "Hall 3 (renamed)"}
        assert read_json(by_mdns, 30) == renamed
        assert read_json(by_beacon, 30) == renamed
    finally:
        hall.end(by_mdns)
        hall.end(by_beacon)
        hall.stop_host(host)


def test_a_swapped_certificate_on_the_same_address_is_refused(hall: Hall, tmp_path: Path) -> None:
    first = hall.start_host(tmp_path / "host")
    joined = hall.student(
        "first-contact",
        "--address",
        HOST_IP,
        "--port",
        str(first.port),
        "--code",
        first.ready["join_code"],
    )
    hall.stop_host(first)
    assert joined["fingerprint"] == first.fingerprint and joined["ws"] == "echo:hi"

    swapped = hall.start_host(_second_certificate(tmp_path, first.fingerprint), port=first.port)
    try:
        assert swapped.port == first.port and swapped.fingerprint != first.fingerprint
        where = ["--address", HOST_IP, "--port", str(swapped.port)]
        # A student already pinned to the first certificate:
        pinned = hall.student("connect", *where, "--fingerprint", first.fingerprint)
        # A student joining now with the join code of the first host:
        coded = hall.student("first-contact", *where, "--code", first.ready["join_code"])
        # The same, having picked the room from the list (it now advertises the new fp):
        listed = hall.student("find", "--room", "K7M2QX", "--code", first.ready["join_code"])
    finally:
        hall.stop_host(swapped)
    assert pinned["error_type"] == "ServerFingerprintMismatch"
    assert pinned["error"].startswith(CERTIFICATE_CHANGED)
    assert "fingerprint" not in coded and coded["error_type"] == "PinMismatch"
    assert "not the room of join code" in coded["error"]
    assert listed["heard"][0]["fp"] == swapped.fingerprint[:16]
    assert "picked from the list does not match" in listed["error"]
    assert "hello" not in listed


def test_a_plain_http_host_is_not_taken_for_a_tls_one(hall: Hall, tmp_path: Path) -> None:
    real = load_or_create_certificate(tmp_path / "real")
    plain = hall.start_host(tmp_path / "plain", plain=True)
    try:
        code = format_join_code("K7M2QX", real.fingerprint)
        result = hall.student(
            "first-contact", "--address", HOST_IP, "--port", str(plain.port), "--code", code
        )
        heard = hall.student("find", "--room", "K7M2QX", "--wait-s", "4")
    finally:
        hall.stop_host(plain)
    assert (
        result["error_type"] == "SSLError"
        and "does not answer over an encrypted" in (result["error"])
    )
    assert heard["heard"][0]["tls"] is False and heard["heard"][0]["fp"] == ""


async def test_the_port_probe_from_the_student_namespace(hall: Hall, tmp_path: Path) -> None:
    host = hall.start_host(tmp_path / "host")
    try:
        sock = netns.socket_in_namespace(hall.student_ns)
        probe = await probe_port(
            HOST_IP, host.port, fingerprint=host.fingerprint, sock=sock, from_where="student"
        )
        other = load_or_create_certificate(tmp_path / "other").fingerprint
        wrong = await probe_port(
            HOST_IP, host.port, fingerprint=other, sock=netns.socket_in_namespace(hall.student_ns)
        )
    finally:
        hall.stop_host(host)
    assert probe.ok and probe.fingerprint_seen == host.fingerprint, probe
    assert (wrong.ok, wrong.stage) == (False, "pin")
    closed = await probe_port(
        HOST_IP, host.port, fingerprint=None, sock=netns.socket_in_namespace(hall.student_ns)
    )
    assert (closed.ok, closed.stage) == (False, "connect") and "Nothing listens" in closed.message


def _netcheck(hall: Hall, port: int, fingerprint: str) -> dict[str, object]:
    argv = [sys.executable, "-m", "proctor.common.netcheck", "--bind", HOST_IP]
    return hall.run(hall.host_ns, [*argv, "--port", str(port), "--fingerprint", fingerprint])


@pytest.mark.skipif(shutil.which("nft") is None, reason="nftables (nft) is not installed")
def test_the_network_check_probes_from_another_namespace_and_sees_the_firewall(
    hall: Hall, tmp_path: Path
) -> None:
    host = hall.start_host(tmp_path / "host")
    try:
        open_report = _netcheck(hall, host.port, host.fingerprint)
        rule = (
            "add table inet proctortest; "
            "add chain inet proctortest input { type filter hook input priority 0; }; "
            f"add rule inet proctortest input iifname != lo tcp dport {host.port} drop"
        )
        subprocess.run(netns.run_in(hall.host_ns, ["nft", rule]), check=True, timeout=10)
        try:
            blocked_report = _netcheck(hall, host.port, host.fingerprint)
            student_view = hall.student(
                "connect",
                *("--address", HOST_IP, "--port", str(host.port)),
                *("--fingerprint", host.fingerprint, "--timeout-s", "2"),
            )
        finally:
            subprocess.run(
                netns.run_in(hall.host_ns, ["nft", "delete table inet proctortest"]),
                check=True,
                timeout=10,
            )
    finally:
        hall.stop_host(host)
    assert open_report["address"] == HOST_IP and open_report["_rc"] == 0, open_report
    assert open_report["here"]["ok"] and open_report["outside"]["ok"]  # type: ignore[index]
    assert open_report["outside"]["from_where"] == "another network namespace"  # type: ignore[index]
    levels = {f["code"]: f["level"] for f in blocked_report["findings"]}  # type: ignore[union-attr]
    assert blocked_report["here"]["ok"]  # type: ignore[index]
    assert blocked_report["outside"]["stage"] == "connect"  # type: ignore[index]
    assert levels["firewall_blocks"] == "problem" and blocked_report["ok"] is False
    assert "Timeout" in student_view["error_type"], student_view  # a student cannot either
    left = [n for n in netns.namespaces() if n.startswith("proctor-probe-")]
    assert left == []  # the check removed its namespace, and with it both veth ends
    assert "prbh" not in netns.ip("-o", "link", namespace=hall.host_ns)


# ---- the real room server (`proctor host --headless`) and the student app's session ---------


def _read_until(proc: subprocess.Popen[str], event: str, timeout_s: float = 40) -> dict[str, Any]:
    """The student process's next line of this event (earlier lines are kept in `seen`)."""
    deadline = time.monotonic() + timeout_s
    while True:
        record = read_json(proc, max(0.1, deadline - time.monotonic()))
        _SEEN.append(record)
        if record["event"] == event:
            return record


_SEEN: list[dict[str, Any]] = []


def test_a_real_host_is_found_joined_with_the_join_code_pinned_and_a_swapped_certificate_refused(
    hall: Hall, tmp_path: Path
) -> None:
    _SEEN.clear()
    data_dir = tmp_path / "room"
    host = hall.start_headless(data_dir)
    try:
        assert host.ready["tls"] is True and host.ready["announced_on"] == HOST_IP
        assert host.ready["announced_by"] == ["beacon", "mdns"], host.ready
        room, code = host.ready["room_id"], host.ready["join_code"]
        assert code == format_join_code(room, host.fingerprint)
        # (a) From the student's namespace the room is heard, both ways, as it really is.
        seen = hall.student("find", "--room", room)
        assert seen["sources"] == ["beacon", "mdns"], seen
        (heard,) = seen["heard"]
        assert (heard["address"], heard["port"], heard["tls"]) == (HOST_IP, host.port, True)
        assert heard["fp"] == host.fingerprint[:16] and heard["name"] == "Hall 3"
        # (b) The student app's session picks it and joins with the join code as typed.
        typed = f" {code[:3].lower()} {code[3:6]} – {code[-4:].lower()} "
        student = hall.start_student(
            "session", "--room", room, "--code", typed, "--data-dir", str(tmp_path / "student")
        )
        joined = _read_until(student, "joined")
        assert (joined["address"], joined["port"]) == (HOST_IP, host.port)
        assert joined["room_entry"] == code
        assert joined["fingerprint"] == host.fingerprint  # pinned: the host's certificate
        assert joined["saved_fingerprint"] == host.fingerprint  # kept with the seat
        assert joined["pinned"] == host.fingerprint
        assert joined["base_url"] == f"https://{HOST_IP}:{host.port}/api/v1"
        online = _read_until(student, "connection")
        assert online["kind"] == "online", online
    finally:
        assert hall.stop_headless(host) == 0
    # (c) The proctor's computer comes back with another certificate in the same folder (a
    # replaced file): the same room, the same address; the same session refuses it.
    first = host.fingerprint
    swapped = _second_certificate(tmp_path, first)
    for name in (CERT_FILE, KEY_FILE):
        shutil.copy2(swapped / name, data_dir / name)
    host = hall.start_headless(data_dir, port=host.port)
    try:
        assert host.ready["room_id"] == room and host.fingerprint != first
        refused = _read_until(student, "error")
        assert refused["code"] == "certificate_changed"
        assert refused["message"].startswith(CERTIFICATE_CHANGED)
        kinds = [r["kind"] for r in _SEEN if r["event"] == "connection"]
        assert kinds[-1] == "untrusted"
        untrusted = [r for r in _SEEN if r["event"] == "connection" and r["kind"] == "untrusted"]
        assert untrusted[-1]["detail"] == refused["message"]
        # Nothing was sent to the swapped host: it knows the student from its store only, and
        # has seen no connection of theirs since it started.
        time.sleep(2)
        assert not [r for r in _SEEN if r["event"] == "connection" and r["kind"] == "online"][1:]
    finally:
        hall.end(student)
        assert hall.stop_headless(host) == 0


def test_a_real_host_with_insecure_http_is_joined_with_the_room_id(
    hall: Hall, tmp_path: Path
) -> None:
    host = hall.start_headless(tmp_path / "room", extra=("--insecure-http",))
    try:
        assert host.ready["tls"] is False and host.ready["fingerprint"] is None
        room = host.ready["room_id"]
        student = hall.start_student(
            "session", "--room", room, "--code", room, "--data-dir", str(tmp_path / "student")
        )
        try:
            joined = _read_until(student, "joined")
            assert joined["fingerprint"] == "" and joined["pinned"] is None
            assert joined["base_url"] == f"http://{HOST_IP}:{host.port}/api/v1"
        finally:
            hall.end(student)
    finally:
        assert hall.stop_headless(host) == 0
