"""The OpenAPI document, generated from the wire models and the route table below."""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from proctor import __version__
from proctor.common import marks as m
from proctor.common import protocol as p
from proctor.host.server.openapi_hall import HALL_MODELS, HALL_ROUTES, patch_hall_document
from proctor.host.transitions import PROCTOR_ACTIONS

ROOM = "/api/v1/rooms/{room}"
ADMIN = ROOM + "/admin"
STUDENT_ACTIONS = [action.value for action in PROCTOR_ACTIONS]

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
    (
        "get",
        ROOM + "/paper",
        "The exam paper, once active (with questions: this student's variant)",
        None,
        p.Paper,
        "student",
    ),
    (
        "post",
        ROOM + "/events",
        "Report incidents (idempotent by id)",
        p.EventsRequest,
        p.EventsResponse,
        "student",
    ),
    (
        "put",
        ROOM + "/work",
        "Autosave snapshot: files, and answers checked against the variant",
        p.WorkRequest,
        p.WorkResponse,
        "student",
    ),
    (
        "get",
        ROOM + "/work",
        "The host's latest copy of this seat's work (404 no_work before any)",
        None,
        p.LatestWork,
        "student",
    ),
    (
        "post",
        ROOM + "/submit",
        "Hand in files and answers",
        p.SubmitRequest,
        p.SubmitResponse,
        "student",
    ),
    ("post", ADMIN + "/login", "Admin login", p.AdminLoginRequest, p.TokenResponse, None),
    (
        "post",
        ADMIN + "/logout",
        "End this admin token (and its streams)",
        None,
        p.LogoutResponse,
        "admin",
    ),
    ("get", ADMIN + "/students", "All students", None, p.StudentsResponse, "admin"),
    ("get", ADMIN + "/room", "Room, policy and counts", None, p.AdminRoom, "admin"),
    ("put", ADMIN + "/policy", "Set the policy (lobby only)", p.Policy, p.Policy, "admin"),
    ("post", ADMIN + "/start", "Start the exam", None, p.Room, "admin"),
    (
        "post",
        ADMIN + "/students/{sid}/accommodations",
        "Larger fonts and the plain-text editor for one student (the defaults take them back)",
        p.AccommodationsRequest,
        p.StudentRow,
        "admin",
    ),
    (
        "post",
        ADMIN + "/students/{sid}/{action}",
        " | ".join(STUDENT_ACTIONS),
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
    # Marks (PAPER.md "Wire additions"; 409 no_questions for a paper without questions)
    ("get", ADMIN + "/results", "Every student's marks", None, m.ResultsResponse, "admin"),
    ("get", ADMIN + "/results/{sid}", "A student's answer sheet", None, m.AnswerSheet, "admin"),
    (
        "put",
        ADMIN + "/results/{sid}/{qid}",
        "A proctor's mark for one question (points null: the automatic mark again)",
        m.OverrideRequest,
        m.StudentResult,
        "admin",
    ),
    (
        "post",
        ADMIN + "/grade",
        "Mark again one student or everyone (202; progress on the admin stream)",
        m.GradeRequest,
        m.GradeResponse,
        "admin",
    ),
    (
        "post",
        ADMIN + "/release",
        "Release the results (once the exam has ended)",
        None,
        m.ReleaseResponse,
        "admin",
    ),
    ("get", ADMIN + "/analytics", "Item analysis", None, m.AnalyticsResponse, "admin"),
    ("get", ADMIN + "/similarity", "The most similar pairs", None, m.SimilarityResponse, "admin"),
    (
        "get",
        ADMIN + "/similarity/{qid}/{a}/{b}",
        "Two students' code for a question, side by side",
        None,
        m.SimilarityDetail,
        "admin",
    ),
    (
        "get",
        ROOM + "/result",
        "This student's released result (409 not_released before)",
        None,
        m.ResultResponse,
        "student",
    ),
]

EXTRA_MODELS: list[type[BaseModel]] = [
    p.ErrorBody,
    p.AdminStudentMessage,
    p.AdminRoomMessage,
    p.AdminIncidentMessage,
    p.AdminActionMessage,
    p.HeartbeatMessage,
    p.AdminGradingMessage,
]
ROUTES += HALL_ROUTES
EXTRA_MODELS += HALL_MODELS


WEBSOCKETS = {ROOM + "/stream", ADMIN + "/stream"}
# What the server checks beyond the body's schema (a larger body is 413, a compressed one 415).
BODY_LIMITS_KIB = {ROOM + "/events": 2048, ROOM + "/work": 4096, ROOM + "/submit": 4096}
BODY_LIMITS_KIB[ADMIN + "/policy"] = 1024
BODY_LIMITS_KIB[ADMIN + "/roster"] = 1040
SMALL_BODY_KIB = 16
ENCODING_NOTE = "No Content-Encoding (a compressed body is refused with 415)."


def _ref(model: type[BaseModel]) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def _path_parameter(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string"}
    if name == "action":
        schema = {"type": "string", "enum": STUDENT_ACTIONS}
    elif name == "aid":
        schema = {"type": "string", "pattern": "^[0-9]{1,9}$"}
    return {"name": name, "in": "path", "required": True, "schema": schema}


# The optional query parameters of student endpoints (lean frames: PROTOCOL.md).
QUERY_PARAMETERS: dict[str, list[dict[str, Any]]] = {
    ROOM + "/stream": [
        {
            "name": "lean",
            "in": "query",
            "required": False,
            "description": "1: every frame has policy_rev, the policy only once per revision.",
            "schema": {"type": "string", "enum": ["0", "1", "true", "false"]},
        }
    ],
    ROOM + "/state": [
        {
            "name": "policy_rev",
            "in": "query",
            "required": False,
            "description": "The policy revision the client holds: the policy is left out "
            "while it is still the room's.",
            "schema": {"type": "integer", "minimum": 0, "maximum": 2**53},
        }
    ],
}


def _websocket_parameters() -> list[dict[str, Any]]:
    """A stream is a WebSocket upgrade (RFC 6455), and only there may the token be `?token=`."""
    headers = [
        ("Upgrade", {"type": "string", "const": "websocket"}),
        ("Connection", {"type": "string", "const": "Upgrade"}),
        ("Sec-WebSocket-Version", {"type": "string", "const": "13"}),
        ("Sec-WebSocket-Key", {"type": "string", "pattern": "^[A-Za-z0-9+/]{22}==$"}),
    ]
    parameters = [{"name": n, "in": "header", "required": True, "schema": s} for n, s in headers]
    parameters.append(
        {
            "name": "token",
            "in": "query",
            "required": False,
            "description": "The token, if not in Authorization (WebSocket upgrades only).",
            "schema": {"type": "string"},
        }
    )
    return parameters


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
        names = ("room", "sid", "action", "qid", "a", "b", "aid")
        params = [_path_parameter(n) for n in names if "{" + n + "}" in path]
        if path == ADMIN + "/incidents":
            params.append(
                {
                    "name": "student_id",
                    "in": "query",
                    "required": False,
                    "schema": {"type": "string"},
                }
            )
        params += QUERY_PARAMETERS.get(path, [])
        if path in WEBSOCKETS:
            params += _websocket_parameters()
        if params:
            op["parameters"] = params
        if request is not None:
            limit = BODY_LIMITS_KIB.get(path, SMALL_BODY_KIB)
            op["requestBody"] = {
                "required": True,
                "description": f"At most {limit} KiB of JSON. {ENCODING_NOTE}",
                "content": {"application/json": {"schema": _ref(request)}},
            }
        content = {"application/json": {"schema": _ref(response) if response else {}}}
        if path in WEBSOCKETS:
            op["responses"]["101"] = {
                "description": "Switching to WebSocket; then messages of this shape",
                "content": content,
            }
        else:
            ok = "201" if path.endswith("/join") else "202" if path.endswith("/grade") else "200"
            op["responses"][ok] = {"description": "OK", "content": content}
        op["responses"]["default"] = {
            "description": "Error",
            "content": {"application/json": {"schema": _ref(p.ErrorBody)}},
        }
        if auth:
            op["security"] = [{"bearer": []}]
            op["tags"] = [auth]
        paths.setdefault(path, {})[method] = op
    patch_hall_document(paths)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Proctor room protocol", "version": f"1 ({__version__})"},
        "paths": paths,
        "components": {
            "schemas": schema.get("$defs", {}),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }
