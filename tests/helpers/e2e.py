"""What end-to-end tests that drive real processes share: their environment, stopping them,
and the admin API over urllib, trusting only the host's own certificate."""

from __future__ import annotations

import json
import os
import ssl
import subprocess
import urllib.request
from pathlib import Path
from typing import Any

from proctor.common.tls import CERT_FILE, fingerprint_of_der
from tests.helpers.constants import ROOT


def trusting_certificate_of(data_dir: Path, fingerprint: str | None) -> ssl.SSLContext | None:
    """A TLS context for urllib that trusts exactly the certificate in the host's data folder,
    checked to be the one the host announced (`fingerprint`); None for a plain-HTTP host."""
    if fingerprint is None:
        return None
    cert = data_dir / CERT_FILE
    context = ssl.create_default_context(cafile=str(cert))
    context.check_hostname = False  # the one trusted certificate is the check
    der = ssl.PEM_cert_to_DER_cert(cert.read_text(encoding="ascii"))
    assert fingerprint_of_der(der) == fingerprint
    return context


def child_env(**extra: str) -> dict[str, str]:
    """This environment, with the checkout importable and `extra` set."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.update(extra)
    return env


def stop(process: subprocess.Popen[Any]) -> None:
    """SIGTERM, then SIGKILL after 10 s."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class AdminHttp:
    """The admin API of a headless host (its ready line and data folder)."""

    def __init__(self, ready: dict[str, Any], data_dir: Path, admin_key: str) -> None:
        self.context = trusting_certificate_of(data_dir, ready.get("fingerprint"))
        scheme = "https" if self.context else "http"
        port, room_id = ready["port"], ready["room_id"]
        self.url = f"{scheme}://127.0.0.1:{port}/api/v1/rooms/{room_id}/admin/"
        self.token = self.call("POST", "login", {"admin_key": admin_key}, auth=False)["token"]

    def call(self, method: str, path: str, body: Any = None, auth: bool = True) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if auth:
            request.add_header("Authorization", f"Bearer {self.token}")
        with urllib.request.urlopen(request, timeout=10, context=self.context) as response:
            return json.loads(response.read())

    def student(self, reg_no: str) -> dict[str, Any] | None:
        rows = self.call("GET", "students")["students"]
        return next((row for row in rows if row["reg_no"] == reg_no), None)

    def incidents(
        self, kind: str | None = None, reg_no: str | None = None, source: str | None = None
    ) -> list[dict[str, Any]]:
        return [
            i
            for i in self.call("GET", "incidents")["incidents"]
            if (kind is None or i["kind"] == kind)
            and (reg_no is None or i["reg_no"] == reg_no)
            and (source is None or i["source"] == source)
        ]
