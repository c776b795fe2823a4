"""The host's TLS certificate and the clients' pin on it.

The host makes one self-signed ECDSA (P-256) certificate in its data dir and keeps it for
20 years; clients never verify it against a CA but pin its fingerprint: the SHA-256 of the
DER certificate, lowercase hex (64 characters). People read it as 16 groups of 4, in
capitals, four groups a line (`format_fingerprint`).

- `load_or_create_certificate` makes the pair once, then loads it; an unreadable, partial or
  mismatched pair is set aside (`*.bad`) and replaced, with a warning in the log.
- `server_ssl_context` is the host's context (TLS 1.2 or newer).
- `pin` is what aiohttp takes as `ssl=` to pin a fingerprint; there is no helper that turns
  verification off without a pin.
- `fetch_server_fingerprint` reads the certificate a server presents, over a handshake that
  sends no request, so a client can compare it with what it was told (see `joincode`).
- `open_pinned_connection` is a raw asyncio TLS stream, pinned the same way (checked right
  after the handshake, before anything is sent), for clients that write HTTP by hand.
- `pin_failure_message` / `tls_failure_message` say what went wrong, for a person.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import ipaddress
import logging
import os
import re
import socket
import ssl
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import aiohttp
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

log = logging.getLogger(__name__)

CERT_FILE = "tls_cert.pem"
KEY_FILE = "tls_key.pem"
VALID_YEARS = 20
# Far enough back that a laptop whose clock was reset (a flat CMOS battery) still accepts it.
NOT_BEFORE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
FINGERPRINT_HEX = 64
HANDSHAKE_TIMEOUT_S = 5.0

_HEX64 = re.compile(r"[0-9a-f]{64}")


class FingerprintError(ValueError):
    """Text that is not a SHA-256 fingerprint; the message is a sentence for a person."""


@dataclass(frozen=True)
class HostCertificate:
    """The host's certificate and key on disk, and the fingerprint clients pin."""

    cert_path: Path
    key_path: Path
    fingerprint: str  # SHA-256 of the DER certificate, lowercase hex
    not_after: dt.datetime
    created: bool  # made by this call (a new fingerprint: old join codes no longer match)


def fingerprint_of_der(der: bytes) -> str:
    return hashlib.sha256(der).hexdigest()


def fingerprint_of_certificate(cert: x509.Certificate) -> str:
    return fingerprint_of_der(cert.public_bytes(serialization.Encoding.DER))


def normalize_fingerprint(text: str) -> str:
    """The 64-character lowercase form of a fingerprint typed or copied in any common way
    (capitals, spaces, colons, line breaks)."""
    candidate = re.sub(r"[\s:\-]", "", text).lower()
    if not _HEX64.fullmatch(candidate):
        raise FingerprintError(
            "That is not a certificate fingerprint: it has 64 characters 0-9 and A-F "
            "(spaces and colons between them are fine)."
        )
    return candidate


def fingerprint_groups(fingerprint: str) -> list[str]:
    """The 16 groups of 4 characters people compare, in capitals."""
    fp = normalize_fingerprint(fingerprint).upper()
    return [fp[i : i + 4] for i in range(0, FINGERPRINT_HEX, 4)]


def format_fingerprint(fingerprint: str, *, groups_per_line: int = 4) -> str:
    """The fingerprint for the connection card: 4 lines of 4 groups of 4 characters."""
    groups = fingerprint_groups(fingerprint)
    lines = [
        " ".join(groups[i : i + groups_per_line]) for i in range(0, len(groups), groups_per_line)
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# The certificate on disk


def _write_atomically(path: Path, data: bytes, mode: int) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if os.name != "nt":
            os.chmod(tmp, mode)  # the umask may have narrowed or widened nothing; be exact
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _subject_alt_names(hostname: str | None, addresses: Iterable[str]) -> list[x509.GeneralName]:
    names: list[x509.GeneralName] = [x509.DNSName("localhost")]
    if hostname and hostname != "localhost":
        with contextlib.suppress(ValueError):
            names.append(x509.DNSName(hostname.encode("idna").decode("ascii")))
    seen: set[str] = set()
    for text in ["127.0.0.1", *addresses]:
        try:
            ip = ipaddress.ip_address(text)
        except ValueError:
            continue
        if str(ip) not in seen:
            seen.add(str(ip))
            names.append(x509.IPAddress(ip))
    return names


def _new_pair(
    hostname: str | None, addresses: Iterable[str], now: dt.datetime
) -> tuple[bytes, bytes, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Proctor"),
            x509.NameAttribute(NameOID.COMMON_NAME, (hostname or "proctor-host")[:64]),
        ]
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOT_BEFORE)
        .not_valid_after(now + dt.timedelta(days=365 * VALID_YEARS + 5))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.SubjectAlternativeName(_subject_alt_names(hostname, addresses)), critical=False
        )
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return cert.public_bytes(serialization.Encoding.PEM), key_pem, cert


def _load_pair(cert_path: Path, key_path: Path) -> x509.Certificate:
    """The certificate, if the pair on disk is whole and belongs together; else ValueError."""
    try:
        cert_pem = cert_path.read_bytes()
        key_pem = key_path.read_bytes()
    except OSError as exc:
        raise ValueError(f"cannot be read ({exc.strerror or exc})") from exc
    try:
        cert = x509.load_pem_x509_certificate(cert_pem)
    except ValueError as exc:
        raise ValueError("the certificate file is damaged") from exc
    try:
        key = serialization.load_pem_private_key(key_pem, password=None)
    except (ValueError, TypeError) as exc:
        raise ValueError("the key file is damaged") from exc
    if not isinstance(key, ec.EllipticCurvePrivateKey) or not isinstance(key.curve, ec.SECP256R1):
        raise ValueError("the key is not an ECDSA P-256 key")
    public = serialization.PublicFormat.SubjectPublicKeyInfo
    if key.public_key().public_bytes(
        serialization.Encoding.DER, public
    ) != cert.public_key().public_bytes(serialization.Encoding.DER, public):
        raise ValueError("the key does not belong to the certificate")
    return cert


def _set_aside(path: Path) -> None:
    with contextlib.suppress(OSError):
        if path.exists():
            os.replace(path, path.with_name(path.name + ".bad"))


def _tighten_key_mode(key_path: Path) -> None:
    if os.name == "nt":
        return  # the data dir's ACL (the user's profile) guards it on Windows
    mode = key_path.stat().st_mode & 0o777
    if mode & 0o077:
        os.chmod(key_path, 0o600)
        log.warning("TLS key %s was readable by others (mode %o); now 0600", key_path, mode)


def load_or_create_certificate(
    data_dir: Path,
    *,
    hostname: str | None = None,
    addresses: Iterable[str] = (),
    now: dt.datetime | None = None,
) -> HostCertificate:
    """The host's certificate in `data_dir`, made on first use.

    `hostname` and `addresses` go into the SubjectAltName of a new certificate only (pinning
    is by fingerprint, so a later change of address needs no new certificate)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = data_dir / CERT_FILE, data_dir / KEY_FILE
    if cert_path.exists() or key_path.exists():
        try:
            cert = _load_pair(cert_path, key_path)
        except ValueError as exc:
            log.warning(
                "The TLS certificate in %s was not usable (%s): it was set aside as *.bad and "
                "a new one made. Students need the new join code and fingerprint.",
                data_dir,
                exc,
            )
            _set_aside(cert_path)
            _set_aside(key_path)
        else:
            _tighten_key_mode(key_path)
            return HostCertificate(
                cert_path,
                key_path,
                fingerprint_of_certificate(cert),
                cert.not_valid_after_utc,
                created=False,
            )
    moment = now or dt.datetime.now(dt.UTC)
    cert_pem, key_pem, cert = _new_pair(hostname or socket.gethostname(), addresses, moment)
    _write_atomically(key_path, key_pem, 0o600)  # the key first: a cert alone is never kept
    _write_atomically(cert_path, cert_pem, 0o644)
    fingerprint = fingerprint_of_certificate(cert)
    log.info("Made a TLS certificate in %s, fingerprint %s", data_dir, fingerprint)
    return HostCertificate(cert_path, key_path, fingerprint, cert.not_valid_after_utc, True)


# ---------------------------------------------------------------------------------------------
# Server and client


def server_ssl_context(cert: HostCertificate) -> ssl.SSLContext:
    """The host's TLS context: TLS 1.2 or newer, this certificate, no client certificates."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(cert.cert_path, cert.key_path)
    return context


def pin(fingerprint: str) -> aiohttp.Fingerprint:
    """What aiohttp takes as `ssl=` (per request, `ws_connect` or `TCPConnector(ssl=...)`) to
    talk only to the server whose certificate has this fingerprint."""
    return aiohttp.Fingerprint(bytes.fromhex(normalize_fingerprint(fingerprint)))


class PinMismatch(Exception):
    """A server presented a certificate other than the one expected; `message` is for a person."""

    def __init__(self, message: str, found: str) -> None:
        super().__init__(message)
        self.message = message
        self.found = found


CERTIFICATE_CHANGED = (
    "The host's certificate changed: this is not the computer you joined, or the proctor "
    "restarted with a new data folder. Check the join code on the projector."
)
NOT_TLS = (
    "The host at this address does not answer over an encrypted connection: it may have been "
    "started with --insecure-http, or this is not the proctor's computer. Check the address "
    "and join code on the projector."
)


def pin_failure_message(exc: aiohttp.ServerFingerprintMismatch) -> str:
    """A sentence for a person when a pinned connection met another certificate."""
    return (
        f"{CERTIFICATE_CHANGED} (Expected {exc.expected.hex()[:16]}…, found {exc.got.hex()[:16]}…)"
    )


def tls_failure_message(exc: BaseException) -> str | None:
    """A sentence for a person if `exc` is a TLS failure (a changed certificate, or a server
    that does not speak TLS); None for anything else (an unreachable host, a refusal...)."""
    if isinstance(exc, aiohttp.ServerFingerprintMismatch):
        return pin_failure_message(exc)
    if isinstance(exc, PinMismatch):
        return exc.message
    if isinstance(exc, aiohttp.ClientSSLError | ssl.SSLError):
        return NOT_TLS
    return None


def handshake_only_context() -> ssl.SSLContext:
    """A client context that accepts any certificate: only to read which one a server presents.
    Its callers send nothing that matters over it and compare what they read with a
    fingerprint they already hold (`fetch_server_fingerprint`, the network check's probe)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


async def fetch_server_fingerprint(
    host: str, port: int, *, timeout_s: float = HANDSHAKE_TIMEOUT_S
) -> str:
    """The fingerprint of the certificate the server at host:port presents.

    Raises OSError (unreachable, refused, timed out) or ssl.SSLError (no TLS there)."""
    async with asyncio.timeout(timeout_s):
        _, writer = await asyncio.open_connection(host, port, ssl=handshake_only_context())
        try:
            ssl_object = writer.get_extra_info("ssl_object")
            der = ssl_object.getpeercert(binary_form=True) if ssl_object else None
        finally:
            writer.close()
            with contextlib.suppress(OSError, ssl.SSLError):
                await writer.wait_closed()
    if not der:
        raise ssl.SSLError("the server presented no certificate")
    return fingerprint_of_der(der)


def check_peer(writer: asyncio.StreamWriter, fingerprint: str) -> None:
    """PinMismatch unless the TLS connection behind `writer` presents that certificate."""
    ssl_object = writer.get_extra_info("ssl_object")
    der = ssl_object.getpeercert(binary_form=True) if ssl_object else None
    found = fingerprint_of_der(der) if der else ""
    if found != normalize_fingerprint(fingerprint):
        raise PinMismatch(CERTIFICATE_CHANGED, found)


async def open_pinned_connection(
    host: str,
    port: int,
    fingerprint: str,
    *,
    local_addr: tuple[str, int] | None = None,
    timeout_s: float = HANDSHAKE_TIMEOUT_S,
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """A raw TLS stream (asyncio.open_connection) pinned to `fingerprint`: the certificate is
    checked right after the handshake, before the caller can send anything. For clients that
    speak HTTP by hand (the benchmark's abusers, tests); aiohttp clients use `pin`."""
    async with asyncio.timeout(timeout_s):
        reader, writer = await asyncio.open_connection(
            host, port, ssl=handshake_only_context(), server_hostname="", local_addr=local_addr
        )
    try:
        check_peer(writer, fingerprint)
    except PinMismatch:
        writer.close()
        raise
    return reader, writer
