"""What end-to-end tests that drive real processes share: their environment, stopping them,
and the admin API over plain HTTP (urllib)."""

from __future__ import annotations

import json
import os
import subprocess
import urllib.request
from typing import Any

from tests.helpers.constants import ROOT


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
    def __init__(self, port: int, room_id: str, admin_key: str) -> None:
        self.url = f"http://127.0.0.1:{port}/api/v1/rooms/{room_id}/admin/"
        self.token = self.call("POST", "login", {"admin_key": admin_key}, auth=False)["token"]

    def call(self, method: str, path: str, body: Any = None, auth: bool = True) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if auth:
            request.add_header("Authorization", f"Bearer {self.token}")
        with urllib.request.urlopen(request, timeout=10) as response:
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
