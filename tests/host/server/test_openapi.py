"""The OpenAPI document: served, generated from the models, and naming every route."""

from __future__ import annotations

from typing import Any

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
    assert schemas["Room"]["properties"]["status"]["enum"] == ["lobby", "active", "ended"]


async def test_admin_routes_declare_the_bearer_token(api: Api) -> None:
    doc = await api.ok("GET", "/api/v1/openapi.json")
    assert doc["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            protected = "/admin/" in path and not path.endswith("/login")
            if protected:
                assert operation.get("security") == [{"bearer": []}], (method, path)
