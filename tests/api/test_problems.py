"""Every problem+json body comes from one builder: the same members, the
status's phrase as title, whichever part of the stack refuses."""

import json
import re
from pathlib import Path

from django.conf import settings
from django.db import OperationalError
from django.test import RequestFactory
from django.utils import translation

from api.problems import TITLES, PayloadTooLarge, problem_response
from omzien.middleware import DatabaseUnavailableMiddleware

MEMBERS = ["type", "title", "status", "detail"]


def body(response) -> dict:
    assert response["Content-Type"] == "application/problem+json"
    problem = json.loads(response.content)
    assert list(problem)[:4] == MEMBERS
    assert problem["type"] == "about:blank"
    assert problem["title"] == str(TITLES[response.status_code])
    assert problem["status"] == response.status_code
    return problem


def test_a_database_outage_is_the_same_problem_as_any_other():
    request = RequestFactory().get("/api/v1/initiatives")
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    response = middleware.process_exception(request, OperationalError("down"))
    assert body(response)["instance"] == "/api/v1/initiatives"
    assert response.content.startswith(b'{"type":"about:blank","title":"Dienst niet')


def test_view_middleware_and_size_refusals_share_the_body(db, client):
    invalid = client.get("/api/v1/initiatives", {"radius": "x", "place": "Kampen"})
    assert body(invalid)["invalidParams"]
    assert body(client.get("/api/v1/nothing"))["instance"] == "/api/v1/nothing"
    chunked = client.post(
        "/api/v1/submissions",
        b"{}",
        "application/json",
        HTTP_TRANSFER_ENCODING="chunked",
        CONTENT_LENGTH="",
    )
    assert chunked.status_code == 411 and body(chunked)
    big = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    too_big = client.generic("GET", "/api/v1/initiatives", big)
    assert too_big.status_code == 413 and body(too_big)


def test_nginx_sends_the_builders_body_for_a_body_over_the_limit():
    """deploy/nginx/omzien.conf answers 413 itself, with a copy of the body."""
    conf = (Path(settings.BASE_DIR) / "deploy/nginx/omzien.conf").read_text()
    copy = re.search(r"return 413 '(\{.*?\})';", conf).group(1)
    with translation.override("en"):
        response = problem_response(413, PayloadTooLarge.default_detail)
    assert response.content.decode() == copy
