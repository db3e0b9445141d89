"""A database that is away answers 503, for people and for machines."""

import pytest
from django.db import OperationalError, connection
from django.test import RequestFactory

from omzien.middleware import DatabaseUnavailableMiddleware


def broken_view(request):
    raise OperationalError("connection refused")


@pytest.fixture
def middleware():
    return DatabaseUnavailableMiddleware(broken_view)


def test_api_gets_a_problem_document(middleware):
    request = RequestFactory().get("/api/v1/initiatives")
    response = middleware.process_exception(request, OperationalError("down"))
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"] == "5"


def test_site_gets_a_page(middleware):
    request = RequestFactory().get("/initiatieven/")
    response = middleware.process_exception(request, OperationalError("down"))
    assert response.status_code == 503
    assert b"<h1>" in response.content


def test_the_drivers_own_error_is_a_503_too(middleware):
    """psycopg raises some by itself, past Django's wrapper: closing a
    server-side cursor (a select list iterating) when the connection drops."""
    request = RequestFactory().get("/initiatieven/")
    lost = connection.Database.OperationalError("server closed the connection")
    assert middleware.process_exception(request, lost).status_code == 503


def test_other_errors_pass_through(middleware):
    request = RequestFactory().get("/")
    assert middleware.process_exception(request, ValueError("bug")) is None


def test_a_view_whose_database_fails_answers_503(client, settings):
    """Through the whole middleware stack, with a view that hits a dead database."""
    settings.ROOT_URLCONF = "tests.broken_urls"
    response = client.get("/broken")
    assert response.status_code == 503
