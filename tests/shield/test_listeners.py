"""Listening servers on real sockets: local AI model servers and remote-control tools, found by
their owner (a real process of that name, or its command line) or, only suspected, by port.

The real default ports are used only when free on this shared machine; a test whose port is in
use is skipped with that reason."""

from __future__ import annotations

import socket
import sys

import pytest

from proctor.shield import listeners
from proctor.shield.listeners import (
    AI_KIND,
    REMOTE_KIND,
    SERVICES,
    Listener,
    ListenerWatch,
    Owner,
    match_listener,
)

linux_only = pytest.mark.skipif(not listeners._LINUX_TABLES, reason="reads /proc/net/tcp")


def finding_for(watch: ListenerWatch, pid: int):
    return [f for f in watch.findings().values() if pid in f.pids]


def test_an_ollama_process_is_a_local_ai_server_on_any_port(serve) -> None:
    server = serve(port=0, name="ollama")
    watch = ListenerWatch()
    incidents = watch.check(now=1000.0)
    mine = [(k, d) for k, d in incidents if server.pid in d["pids"]]
    assert [k for k, _ in mine] == ["local_ai_server"]
    detail = mine[0][1]
    assert detail["name"] == "Ollama" and detail["suspected"] is False
    assert detail["ports"] == [server.port] and detail["programs"] == ["ollama"]
    assert detail["loopback_only"] is True and detail["addresses"] == ["127.0.0.1"]
    assert "Ollama" in detail["message"] and str(server.port) in detail["message"]
    again = [k for k, d in watch.check(now=1015.0) if server.pid in d["pids"]]
    assert again == []  # still listening: nothing new about it

    server.proc.kill()
    server.proc.wait(10)
    cleared = [(k, d) for k, d in watch.check(now=1030.0) if server.pid in d["pids"]]
    assert [k for k, _ in cleared] == ["local_ai_server_cleared"]
    assert cleared[0][1]["duration_s"] == 30.0


def test_a_python_server_in_text_generation_webui_is_known_by_its_command_line(serve) -> None:
    server = serve(port=0, script="text-generation-webui/server.py")
    (finding,) = finding_for(ListenerWatch(), server.pid)
    assert finding.service.name == "text-generation-webui"
    assert finding.suspected is False
    assert finding.kind == "local_ai_server"
    assert any("command line" in reason for reason in finding.reasons)


def test_a_rustdesk_process_is_remote_control(serve) -> None:
    server = serve(port=0, name="rustdesk")
    (finding,) = finding_for(ListenerWatch(), server.pid)
    assert finding.kind == "remote_control_port" and finding.service.name == "RustDesk"


def test_an_ordinary_program_on_an_ordinary_port_is_nothing(serve) -> None:
    server = serve(port=0, name="webapp")
    watch = ListenerWatch()
    assert finding_for(watch, server.pid) == []
    assert any(lst.pid == server.pid for lst in watch.listeners())  # it was seen


PORT_ALONE = [
    (11434, "Ollama", AI_KIND),
    (1234, "LM Studio", AI_KIND),
    (4891, "GPT4All", AI_KIND),
    (1337, "Jan", AI_KIND),
    (7860, "text-generation-webui", AI_KIND),
    (3389, "Remote Desktop (RDP)", REMOTE_KIND),
    (5900, "VNC", REMOTE_KIND),
    (5910, "VNC", REMOTE_KIND),
    (5938, "TeamViewer", REMOTE_KIND),
    (7070, "AnyDesk", REMOTE_KIND),
    (21116, "RustDesk", REMOTE_KIND),
]


@pytest.mark.parametrize("port, service, kind", PORT_ALONE, ids=[str(p) for p, _, _ in PORT_ALONE])
def test_an_unknown_program_on_a_known_port_is_only_suspected(serve, port, service, kind) -> None:
    server = serve(port=port, name="devserver")
    if server.port is None:
        pytest.skip(server.reason)
    watch = ListenerWatch()
    (finding,) = finding_for(watch, server.pid)
    assert finding.service.name == service and finding.service.kind == kind
    assert finding.suspected is True and finding.kind == kind + "_suspected"
    detail = finding.detail()
    assert detail["programs"] == ["devserver"] and detail["ports"] == [port]
    assert "devserver" in detail["message"] and service in detail["message"]


@pytest.mark.parametrize("port", [8080, 5000, 8000, 4000, 5001])
def test_ports_too_common_to_mean_anything_alone_are_not_reported(serve, port) -> None:
    server = serve(port=port, name="devserver")
    if server.port is None:
        pytest.skip(server.reason)
    assert finding_for(ListenerWatch(), server.pid) == []


def test_the_real_owner_on_its_own_port_is_certain(serve) -> None:
    server = serve(port=11434, name="ollama")
    if server.port is None:
        pytest.skip(server.reason)
    (finding,) = finding_for(ListenerWatch(), server.pid)
    assert finding.suspected is False and finding.ports == {11434}


def test_a_llama_server_on_8080_is_certain_but_proctors_own_port_is_not(serve) -> None:
    server = serve(port=0, name="llama-server")
    (finding,) = finding_for(ListenerWatch(), server.pid)
    assert finding.service.name == "llama.cpp server" and not finding.suspected
    # Owner-less on 8080 (Proctor's default port, every web framework's) means nothing.
    assert match_listener(Listener("0.0.0.0", 8080, None), None) is None


def test_this_process_is_never_reported() -> None:
    sock = socket.socket()
    try:
        try:
            sock.bind(("127.0.0.1", 11434))
        except OSError:
            pytest.skip("port 11434 is in use on this shared machine")
        sock.listen(1)
        watch = ListenerWatch()
        assert any(lst.port == 11434 for lst in watch.listeners())
        assert all(11434 not in f.ports for f in watch.findings().values())
    finally:
        sock.close()


def test_an_unreadable_owner_on_a_known_port_is_suspected() -> None:
    matched = match_listener(Listener("0.0.0.0", 5938, None), None)
    assert matched is not None
    service, suspected, why = matched
    assert service.name == "TeamViewer" and suspected and why == "port 5938"


def test_owner_names_and_command_lines() -> None:
    def owner(name: str, exe: str = "", cmdline: str = "") -> Owner:
        return Owner(name, exe, cmdline)

    cases = {
        ("Ollama.exe", r"C:\Users\a\AppData\Local\Programs\Ollama\ollama.exe", ""): "Ollama",
        ("LM Studio", "/Applications/LM Studio.app/Contents/MacOS/LM Studio", ""): "LM Studio",
        ("python3", "/usr/bin/python3", "python3 -m llama_cpp.server --model m.gguf"): (
            "llama.cpp server"
        ),
        ("python3", "/usr/bin/python3", "python3 -m vllm.entrypoints.openai.api_server"): "vLLM",
        ("AnyDesk.exe", "", ""): "AnyDesk",
        ("Xvnc", "/usr/bin/Xvnc", ""): "VNC",
    }
    for (name, exe, cmdline), expected in cases.items():
        matched = match_listener(Listener("127.0.0.1", 40000, 1), owner(name, exe, cmdline))
        assert matched is not None and matched[0].name == expected, name
        assert matched[1] is False
    assert match_listener(Listener("127.0.0.1", 40000, 1), owner("firefox")) is None


def test_every_service_is_named_once_and_suspect_ports_are_its_own() -> None:
    names = [s.name for s in SERVICES]
    assert len(names) == len(set(names))
    for service in SERVICES:
        assert service.suspect_ports <= service.ports
        assert service.owners or service.cmdline
    assert 8080 not in {p for s in SERVICES for p in s.suspect_ports}


@linux_only
def test_the_proc_table_lists_a_real_listening_socket() -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(1)
    try:
        port = sock.getsockname()[1]
        table = listeners._linux_listen_table()
        assert any(address == "127.0.0.1" and p == port for address, p, _ in table)
    finally:
        sock.close()
    assert not any(p == port for _, p, _ in listeners._linux_listen_table())


@linux_only
def test_the_proc_table_lists_ipv6_listeners() -> None:
    if not socket.has_ipv6:
        pytest.skip("no IPv6 here")
    sock = socket.socket(socket.AF_INET6)
    try:
        sock.bind(("::1", 0))
    except OSError:
        sock.close()
        pytest.skip("no IPv6 loopback on this machine")
    sock.listen(1)
    try:
        port = sock.getsockname()[1]
        assert ("::1", port) in {(a, p) for a, p, _ in listeners._linux_listen_table()}
    finally:
        sock.close()


def test_addresses_as_the_kernel_prints_them() -> None:
    if sys.byteorder != "little":
        pytest.skip("the samples are from a little-endian machine")
    decode = listeners._decode_address
    assert decode(b"0100007F:1F90", False) == ("127.0.0.1", 8080)
    assert decode(b"00000000:2CAA", False) == ("0.0.0.0", 11434)
    assert decode(b"00000000000000000000000001000000:0016", True) == ("::1", 22)
    assert decode(b"0000000000000000FFFF00000100007F:04D2", True) == ("127.0.0.1", 1234)


def test_the_default_blacklist_reports_local_ai_servers_by_name(spawn, recorder) -> None:
    from proctor.shield.blacklist import load_blacklist
    from proctor.shield.processes import ProcessShield

    shield = ProcessShield(load_blacklist(), recorder)
    started = {name: spawn(name).pid for name in ("ollama", "llama-server", "koboldcpp")}
    shield.scan()
    reported = {d["pid"]: d for d in recorder.of("process_blacklisted")}
    for name, pid in started.items():
        assert pid in reported, name
        assert reported[pid]["category"] == "ai"
