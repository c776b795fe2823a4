"""The host's certificate on disk, and pinning it with real aiohttp clients over loopback."""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import logging
import os
import ssl
import stat
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding

from proctor.common.tls import (
    CERTIFICATE_CHANGED,
    NOT_TLS,
    FingerprintError,
    HostCertificate,
    fetch_server_fingerprint,
    fingerprint_groups,
    format_fingerprint,
    load_or_create_certificate,
    normalize_fingerprint,
    pin,
    pin_failure_message,
    server_ssl_context,
    tls_failure_message,
)

TIMEOUT = aiohttp.ClientTimeout(total=10)


def _der_fingerprint(cert_path: Path) -> str:
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    return hashlib.sha256(cert.public_bytes(Encoding.DER)).hexdigest()


def test_created_once_then_loaded_with_the_same_fingerprint(tmp_path: Path) -> None:
    first = load_or_create_certificate(tmp_path, hostname="hall-3", addresses=["10.1.2.3"])
    again = load_or_create_certificate(tmp_path)
    assert first.created and not again.created
    assert first.fingerprint == again.fingerprint == _der_fingerprint(first.cert_path)
    assert len(first.fingerprint) == 64 and first.fingerprint == first.fingerprint.lower()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tls_cert.pem", "tls_key.pem"]
    if os.name != "nt":
        assert stat.S_IMODE(first.key_path.stat().st_mode) == 0o600


def test_the_certificate_is_ecdsa_long_lived_and_valid_on_a_wrong_clock(tmp_path: Path) -> None:
    made = load_or_create_certificate(tmp_path, hostname="hall-3", addresses=["10.1.2.3"])
    cert = x509.load_pem_x509_certificate(made.cert_path.read_bytes())
    key = cert.public_key()
    assert isinstance(key, ec.EllipticCurvePublicKey) and isinstance(key.curve, ec.SECP256R1)
    now = dt.datetime.now(dt.UTC)
    assert cert.not_valid_before_utc <= dt.datetime(2001, 1, 1, tzinfo=dt.UTC)
    assert cert.not_valid_after_utc >= now + dt.timedelta(days=365 * 19)
    assert made.not_after == cert.not_valid_after_utc
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert "hall-3" in san.get_values_for_type(x509.DNSName)
    assert ipaddress.ip_address("10.1.2.3") in san.get_values_for_type(x509.IPAddress)


def _damage(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:100])


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda d: _damage(d / "tls_cert.pem"), id="truncated certificate"),
        pytest.param(lambda d: _damage(d / "tls_key.pem"), id="truncated key"),
        pytest.param(lambda d: (d / "tls_cert.pem").unlink(), id="key without certificate"),
        pytest.param(lambda d: (d / "tls_key.pem").unlink(), id="certificate without key"),
        pytest.param(lambda d: (d / "tls_key.pem").write_bytes(b""), id="empty key"),
    ],
)
def test_a_damaged_or_partial_pair_is_set_aside_and_replaced(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, spoil: object
) -> None:
    old = load_or_create_certificate(tmp_path)
    spoil(tmp_path)  # type: ignore[operator]
    with caplog.at_level(logging.WARNING, logger="proctor.common.tls"):
        new = load_or_create_certificate(tmp_path)
    assert new.created and new.fingerprint != old.fingerprint
    assert new.fingerprint == _der_fingerprint(new.cert_path)
    assert any("was not usable" in r.getMessage() for r in caplog.records)
    assert any(p.name.endswith(".bad") for p in tmp_path.iterdir())
    assert load_or_create_certificate(tmp_path).fingerprint == new.fingerprint


def test_a_key_from_another_pair_is_refused_and_replaced(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    ours = load_or_create_certificate(tmp_path / "a")
    other = load_or_create_certificate(tmp_path / "b")
    ours.key_path.write_bytes(other.key_path.read_bytes())
    with caplog.at_level(logging.WARNING, logger="proctor.common.tls"):
        new = load_or_create_certificate(tmp_path / "a")
    assert new.created and new.fingerprint not in (ours.fingerprint, other.fingerprint)
    assert any("does not belong" in r.getMessage() for r in caplog.records)


@pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")
def test_a_key_readable_by_others_is_narrowed_to_owner_only(tmp_path: Path) -> None:
    made = load_or_create_certificate(tmp_path)
    os.chmod(made.key_path, 0o644)
    assert load_or_create_certificate(tmp_path).fingerprint == made.fingerprint
    assert stat.S_IMODE(made.key_path.stat().st_mode) == 0o600


def test_fingerprint_shown_as_four_lines_of_four_groups() -> None:
    fp = hashlib.sha256(b"x").hexdigest()
    card = format_fingerprint(fp)
    lines = card.split("\n")
    assert len(lines) == 4
    assert all(len(line.split(" ")) == 4 for line in lines)
    assert card.replace("\n", "").replace(" ", "") == fp.upper()
    assert fingerprint_groups(fp)[0] == fp[:4].upper() and len(fingerprint_groups(fp)) == 16


def test_normalize_takes_typed_forms_and_refuses_others() -> None:
    fp = hashlib.sha256(b"y").hexdigest()
    colons = ":".join(fp[i : i + 2] for i in range(0, 64, 2)).upper()
    assert normalize_fingerprint(colons) == fp
    assert normalize_fingerprint(format_fingerprint(fp)) == fp
    for bad in ["", fp[:-1], fp + "0", fp[:-1] + "g"]:
        with pytest.raises(FingerprintError, match="64 characters"):
            normalize_fingerprint(bad)
    with pytest.raises(FingerprintError):
        pin("not a fingerprint")


# ---------------------------------------------------------------------------------------------
# A real aiohttp server over TLS on loopback


async def _hello(request: web.Request) -> web.Response:
    return web.json_response({"app": "proctor", "secure": request.secure})


async def _echo(request: web.Request) -> web.WebSocketResponse:
    ws = web.WebSocketResponse()
    await ws.prepare(request)
    async for msg in ws:
        await ws.send_str("echo:" + msg.data)
    return ws


async def _serve(ssl_context: ssl.SSLContext | None) -> tuple[web.AppRunner, int]:
    app = web.Application()
    app.router.add_get("/api/v1/hello", _hello)
    app.router.add_get("/ws", _echo)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=ssl_context)
    await site.start()
    port = runner.addresses[0][1]
    return runner, port


@pytest.fixture
async def host_cert(tmp_path: Path) -> HostCertificate:
    return load_or_create_certificate(tmp_path / "host", addresses=["127.0.0.1"])


@pytest.fixture
async def tls_port(host_cert: HostCertificate) -> AsyncIterator[int]:
    runner, port = await _serve(server_ssl_context(host_cert))
    yield port
    await runner.cleanup()


async def test_a_pinned_client_talks_https_and_wss(
    host_cert: HostCertificate, tls_port: int
) -> None:
    base = f"https://127.0.0.1:{tls_port}"
    async with aiohttp.ClientSession(timeout=TIMEOUT) as http:
        async with http.get(f"{base}/api/v1/hello", ssl=pin(host_cert.fingerprint)) as resp:
            assert resp.status == 200
            assert await resp.json() == {"app": "proctor", "secure": True}
        async with http.ws_connect(f"{base}/ws", ssl=pin(host_cert.fingerprint)) as ws:
            await ws.send_str("hi")
            assert (await ws.receive(timeout=5)).data == "echo:hi"
    # The pin also works for a whole connector, as the student app and the bench will use it.
    connector = aiohttp.TCPConnector(ssl=pin(host_cert.fingerprint))
    async with (
        aiohttp.ClientSession(timeout=TIMEOUT, connector=connector) as http,
        http.get(f"{base}/api/v1/hello") as resp,
    ):
        assert resp.status == 200


async def test_a_client_pinned_to_another_certificate_is_refused_with_the_reason(
    tmp_path: Path, host_cert: HostCertificate, tls_port: int
) -> None:
    other = load_or_create_certificate(tmp_path / "other")
    base = f"https://127.0.0.1:{tls_port}"
    async with aiohttp.ClientSession(timeout=TIMEOUT) as http:
        with pytest.raises(aiohttp.ServerFingerprintMismatch) as refused:
            await http.get(f"{base}/api/v1/hello", ssl=pin(other.fingerprint))
        with pytest.raises(aiohttp.ServerFingerprintMismatch):
            await http.ws_connect(f"{base}/ws", ssl=pin(other.fingerprint))
    message = pin_failure_message(refused.value)
    assert message.startswith(CERTIFICATE_CHANGED)
    assert "not the computer you joined" in message and "join code on the projector" in message
    assert other.fingerprint[:16] in message and host_cert.fingerprint[:16] in message
    assert tls_failure_message(refused.value) == message


async def test_plain_http_to_the_tls_port_fails_cleanly_and_the_server_carries_on(
    host_cert: HostCertificate, tls_port: int
) -> None:
    async with aiohttp.ClientSession(timeout=TIMEOUT) as http:
        with pytest.raises(aiohttp.ClientError):
            async with http.get(f"http://127.0.0.1:{tls_port}/api/v1/hello") as resp:
                await resp.read()
        url = f"https://127.0.0.1:{tls_port}/api/v1/hello"
        async with http.get(url, ssl=pin(host_cert.fingerprint)) as resp:
            assert resp.status == 200


async def test_a_pinned_client_to_a_plain_http_server_is_told_it_is_not_tls(
    host_cert: HostCertificate,
) -> None:
    runner, port = await _serve(None)
    try:
        async with aiohttp.ClientSession(timeout=TIMEOUT) as http:
            with pytest.raises(aiohttp.ClientError) as failed:
                await http.get(
                    f"https://127.0.0.1:{port}/api/v1/hello", ssl=pin(host_cert.fingerprint)
                )
        assert tls_failure_message(failed.value) == NOT_TLS
        with pytest.raises(ssl.SSLError):
            await fetch_server_fingerprint("127.0.0.1", port)
    finally:
        await runner.cleanup()


async def test_fetch_server_fingerprint_reads_the_certificate_presented(
    host_cert: HostCertificate, tls_port: int
) -> None:
    assert await fetch_server_fingerprint("127.0.0.1", tls_port) == host_cert.fingerprint


def test_the_server_context_takes_tls_1_2_or_newer_and_no_client_certificates(
    host_cert: HostCertificate,
) -> None:
    context = server_ssl_context(host_cert)
    assert context.minimum_version == ssl.TLSVersion.TLSv1_2
    assert context.verify_mode == ssl.CERT_NONE


def test_no_failure_message_for_what_is_not_about_tls() -> None:
    assert tls_failure_message(ConnectionRefusedError()) is None
    assert tls_failure_message(aiohttp.ClientConnectionError("x")) is None
