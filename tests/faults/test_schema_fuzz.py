"""Schemathesis against the host's own OpenAPI document, in every room state.

Three real hosts (in this process, each on its own loop thread): one in the lobby, one
running, one ended, each with real student and admin tokens. Every generated request goes
to all three: never a 5xx, every answer matches the document, and a request the document
allows is never refused with 400. The WebSocket upgrades are left to the stream tests.
Requests come from many loopback addresses (127.0.1.x), so that the join and login limits,
tested on their own, do not turn every later join into a 429; `logout` gets a token of its
own, so that it does not end the one every other admin request uses. The hosts serve plain
HTTP (`--insecure-http`): the document describes the handlers, which are the same either way,
and the pinned TLS in front of them has tests of its own (tests/common/test_tls.py).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from requests.adapters import HTTPAdapter
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from proctor.host.server.openapi import openapi_document
from tests.helpers.hosts import HostThread

pytestmark = [pytest.mark.slow]

schema = schemathesis.openapi.from_dict(openapi_document()).exclude(path_regex=r"/stream$")


class Room:
    """A host in one state, with a student to act as (A) and one to act on (B)."""

    def __init__(self, host: HostThread, state: str) -> None:
        self.host = host
        self.state = state
        self.a = host.join("Ada Lovelace", "A-1")
        self.b = host.join("Alan Turing", "B-2")
        self.admin = host._call(host.admin_token())
        if state in ("active", "ended"):
            host.admin("POST", "start")
        if state == "ended":
            host.admin("POST", "end", {"admin_key": host.admin_key})


class FromAddress(HTTPAdapter):
    def __init__(self, source: str) -> None:
        self.source = source
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kwargs)


SOURCES = itertools.cycle(f"127.0.1.{n}" for n in range(1, 255))
SESSIONS: dict[str, requests.Session] = {}


def session_from_next_address() -> requests.Session:
    source = next(SOURCES)
    session = SESSIONS.get(source)
    if session is None:
        session = SESSIONS[source] = requests.Session()
        session.mount("http://", FromAddress(source))
    return session


@pytest.fixture(scope="module")
def rooms(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Room]]:
    hosts = []
    try:
        made = []
        for state in ("lobby", "active", "ended"):
            data_dir: Path = tmp_path_factory.mktemp(f"room-{state}")
            host = HostThread(data_dir, name=f"Fuzzed {state}", duration_s=3600, tls=False).start()
            hosts.append(host)
            made.append(Room(host, state))
        yield made
    finally:
        for host in hosts:
            host.stop()
        for session in SESSIONS.values():
            session.close()


def positive_data_is_not_refused_with_400(ctx: Any, response: Any, case: Any) -> None:
    """What the document allows, the server does not call malformed (answers that do not fit
    the student's variant, `invalid_answers`, are a check no document can state)."""
    meta = case.meta
    if meta is not None and meta.generation.mode.is_positive and response.status_code == 400:
        if response.json()["error"]["code"] != "invalid_answers":
            raise AssertionError(f"a schema-valid request was refused: {response.text}")


CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    content_type_conformance,
    positive_data_is_not_refused_with_400,
]


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_in_every_room_state(case: Any, rooms: list[Room]) -> None:
    tags = case.operation.definition.raw.get("tags", [])
    for room in rooms:
        if room.state == "lobby" and case.path.endswith("/admin/start"):
            continue  # it would leave the lobby for good (the server tests cover the start)
        case.path_parameters = {
            **(case.path_parameters or {}),
            "room": room.host.room_id,
            **({"sid": room.b["student_id"]} if "sid" in (case.path_parameters or {}) else {}),
        }
        headers = {}
        if case.path.endswith("/logout"):
            headers["Authorization"] = f"Bearer {room.host._call(room.host.fresh_admin_token())}"
        elif "admin" in tags:
            headers["Authorization"] = f"Bearer {room.admin}"
        elif "student" in tags:
            headers["Authorization"] = f"Bearer {room.a['token']}"
        case.call_and_validate(
            base_url=room.host.base_url,
            session=session_from_next_address(),
            headers=headers,
            checks=CHECKS,
            timeout=20,
        )
