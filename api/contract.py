"""What the OpenAPI document of /api/v1 says beyond the views' own schemas
(drf-spectacular post-processing): the headers every response carries, the
camelCase query names with their deprecated aliases, the rate limits and
the changelog. tests/api/test_contract.py holds the NL API Design Rules."""

from pathlib import Path

from django.conf import settings

from .params import CAMEL_CASE

CHANGELOG = Path(__file__).with_name("CHANGELOG.md")
ALIASES = {alias: camel for camel, alias in CAMEL_CASE.items()}


def _header(description, schema, required=True):
    return {"description": description, "required": required, "schema": schema}


def headers():
    return {
        "API-Version": _header(
            "The full version of the API that answered (NL API Design Rules).",
            {"type": "string", "example": settings.API_VERSION},
        ),
        "Retry-After": _header(
            "Seconds to wait before the next request.",
            {"type": "integer", "minimum": 1},
        ),
        "Location": _header(
            "The URL of the created resource.", {"type": "string", "format": "uri"}
        ),
    }


def _refs(*names):
    return {name: {"$ref": f"#/components/headers/{name}"} for name in names}


def postprocess(result, generator, request, public):
    """The drf-spectacular hook (settings.SPECTACULAR_SETTINGS)."""
    components = result.setdefault("components", {})
    components["headers"] = headers()
    for name, schema in components.get("schemas", {}).items():
        if name.endswith("Request"):  # a body: unknown fields are refused
            schema["additionalProperties"] = False
            _no_nul(schema)
    info = result["info"]
    info["description"] = "\n\n".join(
        [info.get("description", ""), rates(), CHANGELOG.read_text()]
    )
    for operations in result["paths"].values():
        for operation in operations.values():
            _camel_case(operation.get("parameters", []))
            _not_empty(operation.get("parameters", []))
            for status, response in operation["responses"].items():
                names = ["API-Version"]
                names += {"201": ["Location"], "429": ["Retry-After"]}.get(status, [])
                response.setdefault("headers", {}).update(_refs(*names))
    return result


def _no_nul(schema):
    """Text fields refuse the NUL character (DRF; PostgreSQL cannot store
    it): say so."""
    for field in schema.get("properties", {}).values():
        field = field.get("items", field)
        plain = "format" not in field and "enum" not in field
        if field.get("type") == "string" and plain and "pattern" not in field:
            field["pattern"] = "^[^\\x00]*$"


def _not_empty(parameters):
    """An empty query value is refused (api.base): say so."""
    for parameter in parameters:
        schema = parameter["schema"]
        schema = schema.get("items", schema)
        if parameter["in"] == "query" and schema.get("type") == "string":
            schema.setdefault("minLength", 1)


def _camel_case(parameters):
    for parameter in parameters:
        alias = parameter["name"]
        if parameter["in"] == "query" and alias in ALIASES:
            parameter["name"] = ALIASES[alias]
            note = f"Also accepted under its former name `{alias}` (deprecated)."
            text = parameter.get("description", "").rstrip(".")
            parameter["description"] = f"{text}. {note}" if text else note


def rates():
    """The quotas, as settings.REST_FRAMEWORK counts them."""
    rate = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    return (
        "## Limits\n\n"
        f"Without a token: {rate['anon']} reads and {rate['anon-submit']} "
        "submissions per client address. Partners with a token "
        f"(`Authorization: Token <key>`): {rate['partner']} reads and "
        f"{rate['partner-submit']} submissions. Beyond a limit: 429 with "
        "`Retry-After` (seconds). Pages hold at most `limit` rows (see its "
        "maximum); follow the `next` links, which carry a cursor."
    )
