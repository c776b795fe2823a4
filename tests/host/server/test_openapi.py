"""The OpenAPI document: served, generated from the models, and naming every route."""

from __future__ import annotations

import json
from typing import Any

import jsonschema_rs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from proctor.common import protocol as p
from proctor.host.server.openapi import openapi_document
from tests.helpers.api import Api

ROOM = "/api/v1/rooms/{room}"
PROTOCOL_ROUTES = [
    ("get", "/api/v1/hello"),
    ("post", ROOM + "/join"),
    ("get", ROOM + "/state"),
    ("get", ROOM + "/stream"),
    ("get", ROOM + "/paper"),
    ("post", ROOM + "/events"),
    ("put", ROOM + "/work"),
    ("get", ROOM + "/work"),  # seats are owned: a seat taken again gets its work back
    ("post", ROOM + "/submit"),
    ("post", ROOM + "/admin/login"),
    ("get", ROOM + "/admin/students"),
    ("post", ROOM + "/admin/start"),
    ("post", ROOM + "/admin/students/{sid}/{action}"),
    ("post", ROOM + "/admin/time"),
    ("post", ROOM + "/admin/end"),
    ("get", ROOM + "/admin/log"),
    ("get", ROOM + "/admin/students/{sid}/work"),
    ("get", ROOM + "/admin/stream"),
    # documented extensions
    ("get", ROOM + "/admin/room"),
    ("put", ROOM + "/admin/policy"),
    ("get", ROOM + "/admin/incidents"),
    ("post", ROOM + "/admin/logout"),
]


def refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [r for value in node.values() for r in refs(value)]
    if isinstance(node, list):
        return [r for value in node for r in refs(value)]
    return []


async def test_the_document_is_served_and_names_every_protocol_route(api: Api) -> None:
    doc = await api.ok("GET", "/api/v1/openapi.json")
    assert doc["openapi"].startswith("3.")
    assert doc["info"]["title"] and doc["info"]["version"]
    for method, path in PROTOCOL_ROUTES:
        assert method in doc["paths"].get(path, {}), (method, path)
        operation = doc["paths"][path][method]
        assert operation["summary"]
        assert "default" in operation["responses"]
        for name in ("room", "sid", "action"):
            if "{" + name + "}" in path:
                assert any(p["name"] == name for p in operation["parameters"]), (path, name)


async def test_every_served_route_is_documented(api: Api) -> None:
    doc = await api.ok("GET", "/api/v1/openapi.json")
    served = {
        (route.method.lower(), route.resource.canonical)
        for route in api.client.app.router.routes()
        if route.method != "HEAD" and route.resource is not None
    }
    documented = {(m, p) for p, ops in doc["paths"].items() for m in ops}
    assert served - {("get", "/api/v1/openapi.json")} <= documented


async def test_every_reference_resolves_to_a_schema_from_the_models(api: Api) -> None:
    doc = await api.ok("GET", "/api/v1/openapi.json")
    schemas = doc["components"]["schemas"]
    for ref in refs(doc):
        assert ref.startswith("#/components/schemas/"), ref
        assert ref.rsplit("/", 1)[1] in schemas, ref
    join = doc["paths"][ROOM + "/join"]["post"]
    assert join["responses"]["201"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/JoinResponse"
    }
    request = schemas["JoinRequest"]
    assert set(request["required"]) == {"name", "reg_no"}
    assert request["properties"]["name"]["maxLength"] == 80
    seat_key = request["properties"]["seat_key"]["anyOf"][0]
    assert (seat_key["minLength"], seat_key["maxLength"]) == (32, 128)
    assert "seat_key" in schemas["JoinResponse"]["required"]
    assert schemas["LatestWork"]["additionalProperties"] is True  # answers may come with it
    assert {"refused_claims", "last_refused_claim", "move_pending"} <= set(
        schemas["StudentRow"]["properties"]
    )
    error = schemas["ErrorDetail"]
    assert set(error["required"]) == {"code", "message"}
    status = schemas["Room"]["properties"]["status"]["$ref"].rsplit("/", 1)[-1]
    assert schemas[status]["enum"] == ["lobby", "active", "ended"]


async def test_admin_routes_declare_the_bearer_token(api: Api) -> None:
    doc = await api.ok("GET", "/api/v1/openapi.json")
    assert doc["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            protected = "/admin/" in path and not path.endswith("/login")
            if protected:
                assert operation.get("security") == [{"bearer": []}], (method, path)


SCHEMAS = openapi_document()["components"]["schemas"]
# Text of every kind: printable, spaces, controls, format and private-use characters.
texts = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"])
    | st.sampled_from(" \t\u200b\u202e\ue000"),
    max_size=90,
)


def string_ok(schema: dict[str, Any], value: str) -> bool:
    """Does `value` satisfy a string schema, read by the JSON Schema validator schemathesis
    relies on (Python's `re` reads `$` and `\\s` otherwise)?"""
    return bool(jsonschema_rs.Draft202012Validator(schema).is_valid(value))


def accepted(model: type[p.Model], body: dict[str, Any]) -> bool:
    try:
        model.model_validate(body)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize(
    ("model", "field", "others"),
    [
        (p.JoinRequest, "name", {"reg_no": "R-1"}),
        (p.JoinRequest, "reg_no", {"name": "Ada"}),
        (p.ActionRequest, "reason", {}),
    ],
)
@settings(max_examples=300, deadline=None)
@given(value=texts)
def test_the_documents_text_rules_are_the_servers(model, field, others, value: str) -> None:
    schema = SCHEMAS[model.__name__]["properties"][field]
    schema = next((s for s in schema.get("anyOf", []) if s.get("type") == "string"), schema)
    assert string_ok(schema, value) == accepted(model, {**others, field: value}), repr(value)


@settings(max_examples=300, deadline=None)
@given(name=st.text(st.sampled_from("aZ9_.-/ \\"), max_size=12) | texts)
def test_the_documents_file_name_rule_is_the_servers(name: str) -> None:
    names = SCHEMAS["WorkRequest"]["properties"]["files"]["propertyNames"]
    body = {"seq": 1, "files": {name: "x"}}
    assert string_ok(names, name) == accepted(p.WorkRequest, body), repr(name)


def test_the_document_says_extra_time_is_never_zero() -> None:
    extra = SCHEMAS["TimeRequest"]["properties"]["extra_s"]
    assert extra["not"] == {"const": 0}
    assert not accepted(p.TimeRequest, {"extra_s": 0})
    assert accepted(p.TimeRequest, {"extra_s": -60})


def test_a_name_of_spaces_is_refused_and_a_padded_one_kept_trimmed() -> None:
    assert not accepted(p.JoinRequest, {"name": "   ", "reg_no": "R-1"})
    assert p.JoinRequest.model_validate({"name": " Ada ", "reg_no": "R-1"}).name == "Ada"


def test_dict_keys_with_a_pattern_are_refused_otherwise_in_the_document_too() -> None:
    """`patternProperties` alone lets other keys through, which the server refuses."""
    text = json.dumps(openapi_document())
    assert "patternProperties" not in text
    answers = SCHEMAS["WorkRequest"]["properties"]["answers"]["anyOf"][0]  # or null
    assert "pattern" in answers["propertyNames"]
