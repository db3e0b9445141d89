"""The OpenAPI document of /api/v1 keeps the NL API Design Rules (2.x) that
their official Spectral rule set checks, and says what the API does."""

import re

import pytest

from api import pagination
from api.params import CAMEL_CASE
from tests.factories import make_initiative

CAMEL = re.compile(r"^\$?[a-z][a-z\d]*([A-Z][a-z\d]*)*$")  # as the rule set
KEBAB = re.compile(r"^(/|(/([a-z0-9\-]+|{[^}]+})(/([a-z0-9\-.]+|{[^}]+}))*))$")
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")


@pytest.fixture
def schema(db, client):
    return client.get("/api/v1/openapi.json").json()


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation


def test_every_response_declares_the_api_version(schema, settings):
    declared = schema["components"]["headers"]["API-Version"]
    assert declared["required"] and declared["schema"]["type"] == "string"
    assert schema["info"]["version"] == settings.API_VERSION
    for name, operation in operations(schema):
        for status, response in operation["responses"].items():
            assert "API-Version" in response.get("headers", {}), (name, status)


def test_query_names_are_lower_camel_case(schema):
    names = {
        parameter["name"]
        for _, operation in operations(schema)
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query"
    }
    assert {"updatedSince", "radiusKm", "tagAny"} <= names
    assert [name for name in names if not CAMEL.match(name)] == []


def test_servers_carry_the_major_version(schema):
    assert schema["servers"] and all(
        re.search(r"/v\d", server["url"]) for server in schema["servers"]
    )


def test_info_has_contact_version_and_changelog(schema):
    info = schema["info"]
    assert {"name", "email", "url"} <= set(info["contact"])
    assert SEMVER.match(info["version"])
    assert f"**{info['version']}**" in info["description"]  # the changelog
    assert "Retry-After" in info["description"]  # the limits


def test_paths_are_kebab_case_without_trailing_slash(schema):
    for path in schema["paths"]:
        assert KEBAB.match(path) and not path.endswith("/"), path


def test_errors_are_problems_and_input_can_be_refused(schema):
    for name, operation in operations(schema):
        responses = operation["responses"]
        for status, response in responses.items():
            if status[0] in "45":
                assert "application/problem+json" in response["content"], name
        if operation.get("parameters") or name.startswith("POST"):
            assert "400" in responses, name
        if "429" in responses:
            assert "Retry-After" in responses["429"]["headers"], name
        if "201" in responses:
            assert "Location" in responses["201"]["headers"], name


def test_bounds_and_values_are_documented(schema):
    parameters = {
        p["name"]: p["schema"]
        for p in schema["paths"]["/initiatives"]["get"]["parameters"]
    }
    assert parameters["limit"]["maximum"] == pagination.MAX_LIMIT
    assert parameters["limit"]["minimum"] == 1
    assert (parameters["radiusKm"]["minimum"], parameters["radiusKm"]["maximum"]) == (
        0.001,
        500,
    )
    assert "distance" in parameters["ordering"]["enum"]
    assert parameters["province"]["type"] == parameters["municipality"]["type"]
    assert parameters["province"]["type"] == "string"  # a code or a name


@pytest.mark.parametrize("camel, alias", CAMEL_CASE.items())
def test_deprecated_aliases_are_documented(schema, camel, alias):
    described = [
        parameter["description"]
        for _, operation in operations(schema)
        for parameter in operation.get("parameters", [])
        if parameter["name"] == camel
    ]
    assert described and all(f"`{alias}` (deprecated)" in text for text in described)


@pytest.mark.parametrize(
    "camel, alias, value",
    [
        ("updatedSince", "updated_since", "2000-01-01T00:00:00Z"),
        ("radiusKm", "radius_km", "5"),
        ("tagAny", "tag_any", "zorg"),
    ],
)
def test_camel_case_names_and_aliases_mean_the_same(db, client, camel, alias, value):
    make_initiative(tags=["zorg"])
    make_initiative(lon=6.5, lat=53.2)
    near = "&near=52.555,5.911" if camel == "radiusKm" else ""
    new = client.get(f"/api/v1/initiatives?{camel}={value}{near}")
    old = client.get(f"/api/v1/initiatives?{alias}={value}{near}")
    assert new.status_code == old.status_code == 200
    assert new.json()["features"] == old.json()["features"]
    assert len(new.json()["features"]) == 1 or camel == "updatedSince"


def test_errors_name_a_parameter_as_the_client_spelt_it(db, client):
    for name in ("updatedSince", "updated_since"):
        body = client.get(f"/api/v1/initiatives?{name}=gisteren").json()
        assert [p["name"] for p in body["invalidParams"]] == [name]
    both = client.get("/api/v1/initiatives?tagAny=zorg&tag_any=zorg")
    assert both.status_code == 400
    assert both.json()["invalidParams"][0]["name"] == "tagAny"


def test_camel_case_next_links_keep_the_clients_names(db, client):
    for _ in range(3):
        make_initiative()
    body = client.get("/api/v1/initiatives?updatedSince=2000-01-01&limit=2").json()
    assert "updatedSince=" in body["next"]
    assert len(client.get(body["next"]).json()["features"]) == 1


def test_request_bodies_refuse_unknown_fields(schema):
    bodies = [
        s for n, s in schema["components"]["schemas"].items() if n.endswith("Request")
    ]
    assert bodies and all(body["additionalProperties"] is False for body in bodies)
