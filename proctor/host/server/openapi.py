"""The OpenAPI document, generated from the wire models and the route table below."""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from proctor import __version__
from proctor.common import protocol as p

ROOM = "/api/v1/rooms/{room}"
ADMIN = ROOM + "/admin"

# (method, path, summary, request model, response model, auth)
ROUTES: list[tuple[str, str, str, type[BaseModel] | None, type[BaseModel] | None, str | None]] = [
    ("get", "/api/v1/hello", "Who is this host", None, p.Hello, None),
    ("post", ROOM + "/join", "Join the room", p.JoinRequest, p.JoinResponse, None),
    ("get", ROOM + "/state", "Room and own state (a heartbeat)", None, p.StateResponse, "student"),
    (
        "get",
        ROOM + "/stream",
        "WebSocket: state pushes; send heartbeats",
        None,
        p.StateMessage,
        "student",
    ),
    ("get", ROOM + "/paper", "The exam paper, once active", None, p.Paper, "student"),
    (
        "post",
        ROOM + "/events",
        "Report incidents (idempotent by id)",
        p.EventsRequest,
        p.EventsResponse,
        "student",
    ),
    ("put", ROOM + "/work", "Autosave snapshot", p.WorkRequest, p.WorkResponse, "student"),
    (
        "get",
        ROOM + "/work",
        "The host's latest copy of this seat's work (404 no_work before any)",
        None,
        p.LatestWork,
        "student",
    ),
    ("post", ROOM + "/submit", "Hand in", p.SubmitRequest, p.SubmitResponse, "student"),
    ("post", ADMIN + "/login", "Admin login", p.AdminLoginRequest, p.TokenResponse, None),
    ("get", ADMIN + "/students", "All students", None, p.StudentsResponse, "admin"),
    ("get", ADMIN + "/room", "Room, policy and counts", None, p.AdminRoom, "admin"),
    ("put", ADMIN + "/policy", "Set the policy (lobby only)", p.Policy, p.Policy, "admin"),
    ("post", ADMIN + "/start", "Start the exam", None, p.Room, "admin"),
    (
        "post",
        ADMIN + "/students/{sid}/{action}",
        "pause | resume | flag | unflag | kick | readmit | move",
        p.ActionRequest,
        p.StudentRow,
        "admin",
    ),
    ("post", ADMIN + "/time", "Extra time for one or all", p.TimeRequest, p.TimeResponse, "admin"),
    (
        "post",
        ADMIN + "/end",
        "End the exam for all (admin key again)",
        p.EndRequest,
        p.Room,
        "admin",
    ),
    ("get", ADMIN + "/log", "session_log.json", None, None, "admin"),
    (
        "get",
        ADMIN + "/incidents",
        "Incidents, optionally of one student",
        None,
        p.IncidentsResponse,
        "admin",
    ),
    (
        "get",
        ADMIN + "/actions",
        "The proctor's actions, optionally those on one student (and on the whole room)",
        None,
        p.ActionsResponse,
        "admin",
    ),
    (
        "get",
        ADMIN + "/students/{sid}/work",
        "Latest snapshot and submission",
        None,
        p.WorkView,
        "admin",
    ),
    (
        "get",
        ADMIN + "/stream",
        "WebSocket: every change and incident",
        None,
        p.AdminSnapshotMessage,
        "admin",
    ),
]

EXTRA_MODELS: list[type[BaseModel]] = [
    p.ErrorBody,
    p.AdminStudentMessage,
    p.AdminRoomMessage,
    p.AdminIncidentMessage,
    p.AdminActionMessage,
    p.HeartbeatMessage,
]


def _ref(model: type[BaseModel]) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{model.__name__}"}


@cache
def openapi_document() -> dict[str, Any]:
    models = {m for r in ROUTES for m in (r[3], r[4]) if m is not None} | set(EXTRA_MODELS)
    ordered = sorted(models, key=lambda m: m.__name__)
    _, schema = models_json_schema(
        [(m, "validation") for m in ordered], ref_template="#/components/schemas/{model}"
    )
    paths: dict[str, dict[str, Any]] = {}
    for method, path, summary, request, response, auth in ROUTES:
        op: dict[str, Any] = {"summary": summary, "responses": {}}
        params = [
            {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
            for name in ("room", "sid", "action")
            if "{" + name + "}" in path
        ]
        if params:
            op["parameters"] = params
        if request is not None:
            op["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": _ref(request)}},
            }
        ok = "201" if path.endswith("/join") else "200"
        content = {"application/json": {"schema": _ref(response) if response else {}}}
        op["responses"][ok] = {"description": "OK", "content": content}
        op["responses"]["default"] = {
            "description": "Error",
            "content": {"application/json": {"schema": _ref(p.ErrorBody)}},
        }
        if auth:
            op["security"] = [{"bearer": []}]
            op["tags"] = [auth]
        paths.setdefault(path, {})[method] = op
    return {
        "openapi": "3.1.0",
        "info": {"title": "Proctor room protocol", "version": f"1 ({__version__})"},
        "paths": paths,
        "components": {
            "schemas": schema.get("$defs", {}),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }
