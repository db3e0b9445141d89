"""Caching, CORS and the headers of the Dutch API Design Rules."""

import datetime as dt
import re

import pytest
import time_machine

from initiatives.models import Initiative
from tests.factories import make_initiative
from tests.html import foreign_assets

LIST = "/api/v1/initiatives"


def test_etag_answers_304(seeded, client):
    first = client.get(LIST)
    etag = first["ETag"]
    again = client.get(LIST, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    other = client.get(LIST + "?region=noorden", HTTP_IF_NONE_MATCH=etag)
    assert other.status_code == 200


def test_etag_changes_with_the_data(seeded, client):
    etag = client.get(LIST)["ETag"]
    Initiative.objects.get(slug="de-holm").delete()
    assert client.get(LIST, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_last_modified_answers_304_until_a_change(db, client):
    initiative = make_initiative()
    response = client.get(LIST)
    modified = response["Last-Modified"]
    assert client.get(LIST, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    detail = f"{LIST}/{initiative.slug}"
    assert client.get(detail, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    # A deletion changes what a partner must see: no more 304.
    with time_machine.travel(dt.timedelta(minutes=5)):
        initiative.delete()
        later = client.get(LIST, HTTP_IF_MODIFIED_SINCE=modified)
    assert later.status_code == 200
    assert later["Last-Modified"] != modified


def test_cors_allows_reads_from_any_origin(db, client):
    for url in (LIST, "/api/v1/openapi.json", "/ogc/collections"):
        response = client.get(url, HTTP_ORIGIN="https://partner.example")
        assert response["Access-Control-Allow-Origin"] == "*", url


def test_cors_refuses_writes(db, client):
    preflight = client.options(
        "/api/v1/submissions",
        HTTP_ORIGIN="https://partner.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert "Access-Control-Allow-Origin" not in preflight
    post = client.post("/api/v1/submissions", {}, HTTP_ORIGIN="https://partner.example")
    assert "Access-Control-Allow-Origin" not in post


def test_cors_preflight_for_a_read(db, client):
    preflight = client.options(
        LIST,
        HTTP_ORIGIN="https://partner.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert preflight["API-Version"]
    allowed = preflight["Access-Control-Allow-Headers"].lower()
    assert "if-none-match" in allowed and "accept-language" in allowed


def test_cors_exposes_the_headers_clients_need(db, client):
    response = client.get(LIST, HTTP_ORIGIN="https://partner.example")
    exposed = response["Access-Control-Expose-Headers"]
    for name in ("API-Version", "ETag", "Link", "Retry-After", "Location"):
        assert name in exposed


@pytest.mark.parametrize("url", [LIST, "/api/v1/tags", "/ogc/collections"])
def test_plain_options_answers(db, client, url):
    response = client.options(url)
    assert response.status_code == 204
    assert "GET" in response["Allow"]
    assert response["API-Version"]


def test_no_cors_for_the_site(db, client):
    response = client.get("/", HTTP_ORIGIN="https://partner.example")
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.parametrize(
    "url", [LIST, "/api/v1/nope", "/api/v1/initiatives/nope", "/ogc/collections/x"]
)
def test_api_version_header_everywhere(db, client, url, settings):
    assert client.get(url)["API-Version"] == settings.API_VERSION
    assert client.options(url)["API-Version"] == settings.API_VERSION
    assert client.get(url + "?limit=0")["API-Version"] == settings.API_VERSION


def test_no_trailing_slashes(db, client):
    assert client.get(LIST + "/").status_code == 404


def test_openapi_documents(db, client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    assert schema["servers"][0]["url"] == "/api/v1"  # paths are relative to it
    assert "/initiatives" in paths and "/submissions" in paths
    assert not any(path.startswith("/ogc") for path in paths)
    assert not any(word in path for path in paths for word in ("docs", "redoc"))
    names = {p["name"] for p in paths["/initiatives"]["get"]["parameters"]}
    assert {"bbox", "near", "radiusKm", "place", "region", "province"} <= names
    assert {"municipality", "tag", "tagAny", "q", "updatedSince"} <= names
    assert {"ordering", "limit", "offset", "cursor"} <= names
    responses = paths["/initiatives"]["get"]["responses"]
    assert "application/geo+json" in responses["200"]["content"]
    assert "application/problem+json" in responses["400"]["content"]
    yaml = client.get("/api/v1/schema/")
    assert yaml.status_code == 200 and b"openapi:" in yaml.content


@pytest.mark.parametrize("url", ["/api/v1/docs", "/api/v1/redoc"])
def test_documentation_pages_use_our_own_static_files(db, client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/" in response.text
    assert foreign_assets(response.text) == []
    assert "fonts.googleapis" not in response.text


@pytest.mark.parametrize("url", ["/api/v1/docs", "/api/v1/redoc"])
def test_documentation_pages_run_under_the_site_policy(db, client, url):
    """No inline script without the nonce, and no other host for images
    (Redoc's logo on cdn.redoc.ly is hidden, see static/api/redoc.js)."""
    response = client.get(url)
    policy = dict(
        part.strip().split(" ", 1)
        for part in response["Content-Security-Policy"].split(";")
    )
    assert "'unsafe-inline'" not in policy["script-src"]
    assert policy["img-src"].startswith("'self' data:")
    nonce = re.search(r"'nonce-([^']+)'", policy["script-src"])
    signed = f'nonce="{nonce[1]}"' if nonce else "no nonce in the policy"
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", response.text)
    assert all(signed in attributes for attributes in inline)


def test_unknown_api_paths_are_problems(db, client):
    response = client.get("/api/v1/initiatives/ä")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["instance"] == "/api/v1/initiatives/ä"


def test_errors_follow_accept_language(db, client):
    english = client.get(f"{LIST}?region=x", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["invalidParams"][0]["reason"].startswith("Select a valid")
    assert english["Content-Language"] == "en"
    dutch = client.get(f"{LIST}?region=x", HTTP_ACCEPT_LANGUAGE="nl")
    assert dutch.json()["invalidParams"][0]["reason"].startswith("Selecteer")


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        ("text/csv;q=0.5, application/json;q=0.9", "application/json"),
        ("application/geo+json;q=0.1, text/csv", "text/csv; charset=utf-8"),
        ("application/json, */*;q=0.2", "application/json"),
        ("text/csv;q=0, */*", "application/geo+json"),
    ],
)
def test_accept_weights_choose_the_format(db, client, accept, content_type):
    response = client.get(LIST, HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type


def test_nothing_acceptable_is_406(db, client):
    response = client.get(LIST, HTTP_ACCEPT="text/html, text/csv;q=0")
    assert response.status_code == 406
    assert response["Content-Type"] == "application/problem+json"


def test_the_root_document_links_everything(db, client, settings):
    response = client.get("/api/v1")
    assert response.status_code == 200
    assert response["API-Version"] == settings.API_VERSION
    links = response.json()["links"]
    rels = {link["rel"] for link in links}
    assert {"self", "service-desc", "service-doc", "alternate", "item"} <= rels
    for link in links:
        if not link["href"].endswith(("submissions", "places")):  # POST; q
            assert client.get(link["href"]).status_code == 200, link["href"]
