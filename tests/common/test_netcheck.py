"""The network check's probe against real servers on loopback, and its findings and fixes.
The probe from another network namespace is proven in test_hall_netns.py."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web

from proctor.common.netcheck import (
    check_network,
    findings_for,
    fixes_for,
    student_address,
)
from proctor.common.netprobe import PortProbe, probe_port
from proctor.common.tls import HostCertificate, load_or_create_certificate, server_ssl_context


async def _hello(request: web.Request) -> web.Response:
    return web.json_response({"app": "proctor", "protocol": 1})


async def _serve(app: web.Application, cert: HostCertificate | None) -> tuple[web.AppRunner, int]:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    context = server_ssl_context(cert) if cert else None
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=context)
    await site.start()
    return runner, runner.addresses[0][1]


def _room_app() -> web.Application:
    app = web.Application()
    app.router.add_get("/api/v1/hello", _hello)
    return app


@pytest.fixture
async def cert(tmp_path: Path) -> HostCertificate:
    return load_or_create_certificate(tmp_path / "tls")


@pytest.fixture
async def tls_room(cert: HostCertificate) -> AsyncIterator[int]:
    runner, port = await _serve(_room_app(), cert)
    yield port
    await runner.cleanup()


async def test_the_probe_reaches_a_pinned_room(cert: HostCertificate, tls_room: int) -> None:
    probe = await probe_port("127.0.0.1", tls_room, fingerprint=cert.fingerprint)
    assert probe.ok and probe.stage == "ok" and probe.fingerprint_seen == cert.fingerprint
    assert f"127.0.0.1:{tls_room}" in probe.message


async def test_the_probe_says_when_another_certificate_answers(
    tmp_path: Path, tls_room: int
) -> None:
    other = load_or_create_certificate(tmp_path / "other")
    probe = await probe_port("127.0.0.1", tls_room, fingerprint=other.fingerprint)
    assert (probe.ok, probe.stage) == (False, "pin")
    assert "another certificate" in probe.message


async def test_the_probe_says_when_the_port_is_not_tls(cert: HostCertificate) -> None:
    runner, port = await _serve(_room_app(), None)
    try:
        probe = await probe_port("127.0.0.1", port, fingerprint=cert.fingerprint)
        assert (probe.ok, probe.stage) == (False, "tls")
        assert "--insecure-http" in probe.message
        plain = await probe_port("127.0.0.1", port, fingerprint=None)
        assert plain.ok and plain.stage == "ok"
    finally:
        await runner.cleanup()


async def test_the_probe_says_when_nothing_listens() -> None:
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    probe = await probe_port("127.0.0.1", port, fingerprint=None)
    assert (probe.ok, probe.stage) == (False, "connect")
    assert "Nothing listens" in probe.message


async def test_the_probe_says_when_something_else_answers() -> None:
    async def printer(request: web.Request) -> web.Response:
        return web.json_response({"app": "printer"})

    app = web.Application()
    app.router.add_get("/api/v1/hello", printer)
    runner, port = await _serve(app, None)
    try:
        probe = await probe_port("127.0.0.1", port, fingerprint=None)
        assert (probe.ok, probe.stage) == (False, "hello")
        assert "not a Proctor room" in probe.message
    finally:
        await runner.cleanup()


async def test_the_probe_gives_up_on_a_silent_server_in_time() -> None:
    accepted: list[asyncio.StreamWriter] = []

    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        accepted.append(writer)  # reads nothing, answers nothing

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        probe = await probe_port("127.0.0.1", port, fingerprint=None, timeout_s=0.3)
        assert (probe.ok, probe.stage) == (False, "hello")
    finally:
        for writer in accepted:
            writer.close()
        server.close()
        await server.wait_closed()


async def test_a_loopback_room_is_a_problem_in_the_report(
    cert: HostCertificate, tls_room: int
) -> None:
    report = await check_network("127.0.0.1", tls_room, fingerprint=cert.fingerprint, outside=False)
    assert report.address == "127.0.0.1" and report.here.ok
    codes = {f.code: f.level for f in report.findings}
    assert codes["loopback_only"] == "problem" and not report.ok
    assert codes["port_here"] == "ok"
    data = json.loads(json.dumps(report.to_dict()))  # JSON all the way down
    assert data["ok"] is False and data["here"]["stage"] == "ok"
    assert "client isolation" in data["blind_spots"]


def test_the_student_address_is_the_bound_one_or_the_first_lan_address() -> None:
    assert student_address("127.0.0.1") == ("127.0.0.1", "lo")
    assert student_address("198.51.100.77") is None  # not an address of this computer
    chosen = student_address("0.0.0.0")
    assert chosen is None or not chosen[0].startswith("127.")


def test_fixes_name_the_system_steps_and_the_network_ones() -> None:
    windows = {f.code: f for f in fixes_for("win32", 8443)}
    assert {"windows_private_network", "windows_firewall_rule", "client_isolation"} <= set(windows)
    assert any("-LocalPort 8443" in step for step in windows["windows_firewall_rule"].steps)
    assert any("Private" in step for step in windows["windows_private_network"].steps)
    linux = {f.code for f in fixes_for("linux", 8443)}
    assert "linux_firewall" in linux and "windows_firewall_rule" not in linux
    mac = {f.code for f in fixes_for("darwin", 8443)}
    assert "macos_firewall" in mac and {"other_network", "students_discovery"} <= mac


def _probe(ok: bool, stage: str = "ok", message: str = "m") -> PortProbe:
    return PortProbe(ok, stage, message, 1.0)  # type: ignore[arg-type]


def test_findings_tell_firewall_vpn_link_local_and_several_networks_apart() -> None:
    candidates = [("10.0.0.5", "wlan0"), ("172.16.9.2", "tun0"), ("127.0.0.1", "lo")]
    blocked = findings_for(
        "0.0.0.0", ("10.0.0.5", "wlan0"), candidates, _probe(True), _probe(False, "connect"), 8443
    )
    levels = {f.code: f.level for f in blocked}
    assert levels["firewall_blocks"] == "problem" and levels["several_networks"] == "warning"
    assert "8443" in next(f.message for f in blocked if f.code == "firewall_blocks")
    vpn = findings_for(
        "172.16.9.2", ("172.16.9.2", "tun0"), candidates, _probe(True), _probe(True), 1
    )
    assert {f.code for f in vpn} >= {"vpn_interface", "port_outside"}
    assert "several_networks" not in {f.code for f in vpn}  # bound: the choice is made
    link = findings_for(
        "0.0.0.0", ("169.254.3.4", "eth0"), [], _probe(True), _probe(False, "skipped"), 1
    )
    assert {f.code: f.level for f in link}["link_local"] == "warning"
    assert {f.code: f.level for f in link}["port_outside_unchecked"] == "warning"
    none = findings_for("0.0.0.0", None, [], _probe(False), _probe(False), 1)
    assert [f.code for f in none] == ["no_network"]
