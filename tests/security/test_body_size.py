"""A body over the size limit is refused with 413 before anything reads it:
the JSON API, the site's form and the admin alike."""

import io
import json

import pytest
from django.urls import reverse

from .checks import assert_problem


def too_big(settings) -> str:
    return "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)


def test_the_limit_is_set_explicitly(settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 1_048_576


def test_a_huge_api_submission(unchanged, client, settings):
    body = json.dumps({"name": "Groot", "description": too_big(settings)})
    response = client.post("/api/v1/submissions", body, content_type="application/json")
    assert_problem(response, 413)


@pytest.mark.parametrize("url", ["/api/v1/initiatives", "/ogc/collections"])
def test_a_huge_body_to_a_read_endpoint(unchanged, client, settings, url):
    assert_problem(client.generic("GET", url, too_big(settings)), 413)


@pytest.mark.parametrize("path", ["/meld-aan/", "/en/meld-aan/", "/initiatieven/"])
def test_a_huge_form_on_the_site(unchanged, client, settings, path):
    response = client.post(path, {"name": "Groot", "description": too_big(settings)})
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    assert "<h1>" in response.text and "Traceback" not in response.text


def test_a_huge_file_upload_to_the_site(unchanged, client, settings, tmp_path):
    """The initiator's forms take an image of up to 5 MB, no more."""
    upload = tmp_path / "groot.bin"
    upload.write_bytes(b"\0" * (settings.FORM_UPLOAD_MAX_SIZE + 1))
    with upload.open("rb") as file:
        response = client.post(reverse("initiatives:submit"), {"bijlage": file})
    assert response.status_code == 413


@pytest.mark.parametrize("path", ["/initiatieven/", "/admin/login/", "/wijzigen/x/y/"])
def test_other_pages_take_no_upload_over_the_limit(unchanged, client, settings, path):
    file = io.BytesIO(b"\0" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1))
    file.name = "groot.bin"
    assert client.post(path, {"bijlage": file}).status_code == 413


def test_the_page_is_dutch_first(unchanged, client, settings):
    response = client.post("/meld-aan/", {"description": too_big(settings)})
    assert '<html lang="nl">' in response.text


def test_a_body_under_the_limit_is_judged_on_its_fields(unchanged, client):
    body = json.dumps({"name": "Klein", "description": "x" * 20_000})
    response = client.post("/api/v1/submissions", body, content_type="application/json")
    problem = assert_problem(response, 400)
    assert "description" in {param["name"] for param in problem["invalidParams"]}
