"""Hostile and broken submission bodies: a problem+json 4xx, never a 500,
and nothing stored."""

import json

import pytest

from initiatives import services
from initiatives.models import Initiative
from tests.factories import make_api_key, make_initiative, make_staff

from . import corpus
from .checks import assert_problem, blamed

SUBMISSIONS = "/api/v1/submissions"


def valid_submission(**changes):
    body = {
        "name": "Buurtkracht Kampen",
        "summary": "Buren helpen buren.",
        "lat": 52.555,
        "lon": 5.911,
        "place_name": "Kampen",
        "contact_email": "buurtkracht@example.org",
    }
    return {**body, **changes}


def post(client, body, content_type="application/json"):
    data = body if isinstance(body, bytes | str) else json.dumps(body)
    return client.post(SUBMISSIONS, data, content_type=content_type)


def test_the_valid_submission_is_accepted(db, client):
    """The body the other tests spoil is itself fine."""
    assert post(client, valid_submission()).status_code == 201


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "application/xml",
        "text/xml",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/javascript",
    ],
)
def test_only_json_is_accepted(unchanged, client, content_type):
    body = json.dumps(valid_submission())
    assert_problem(post(client, body, content_type), 415)


def test_xml_is_refused(unchanged, client):
    xml = "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>"
    assert_problem(post(client, xml + "<x>&e;</x>", "application/xml"), 415)


def test_form_encoded_submission_is_refused(unchanged, client):
    response = client.post(SUBMISSIONS, valid_submission())  # multipart
    assert_problem(response, 415)


@pytest.mark.parametrize(
    "body",
    [
        b"{nope",
        b"",
        b"[]",
        b"null",
        b'"text"',
        b"\xff\xfe{}",
        b'{"name": "\xc3\x28"}',
        b'{"lat": NaN, "lon": 5}',
        b'{"lat": Infinity, "lon": 5}',
        b"[" * 100_000,
        b'{"lat": 1' + b"0" * 400 + b"}",
    ],
)
def test_broken_json(unchanged, client, body):
    assert_problem(post(client, body), 400)


@pytest.mark.parametrize(
    "changes",
    [
        {"lat": 91},
        {"lat": -91, "lon": 5.9},
        {"lon": 181},
        {"lat": 50.85, "lon": 4.35},  # Brussels
        {"lat": 53.9, "lon": 3.1},  # the North Sea
        {"lat": "52.5"[:3] + "x"},
        {"lat": None},
        {"lat": [52.5]},
        {"lat": True},
    ],
)
def test_coordinates_out_of_range(unchanged, client, changes):
    problem = assert_problem(post(client, valid_submission(**changes)), 400)
    names = blamed(problem)
    assert names & {"lat", "lon", "location"}


@pytest.mark.parametrize("field", ["name", "summary", "place_name", "contact_name"])
@pytest.mark.parametrize("value", [corpus.LONG, corpus.NUL, "", "   ", {"a": 1}, [1]])
def test_bad_text_fields(unchanged, client, field, value):
    if field == "contact_name" and value in ("", "   "):
        return  # optional: blank is fine
    problem = assert_problem(post(client, valid_submission(**{field: value})), 400)
    assert field in blamed(problem)


@pytest.mark.parametrize(
    "changes",
    [
        {"website": "javascript:alert(1)"},
        {"website": "data:text/html,<script>alert(1)</script>"},
        {"contact_email": "<script>@example.org"},
        {"contact_email": "a@b"},
        {"tags": "zorg"},
        {"tags": ["bestaat-niet"]},
        {"tags": ["zorg\u0000"]},  # a 500 on PostGIS once
        {"tags": [{"slug": "zorg"}]},
        {"contact_consent": "misschien"},
    ],
)
def test_bad_values(unchanged, client, changes):
    assert_problem(post(client, valid_submission(**changes)), 400)


@pytest.mark.parametrize("field", ["status", "slug", "tag", "is_demo"])
def test_unknown_fields_are_refused(unchanged, client, field):
    """A misspelt or private field is an error, never silently ignored."""
    problem = assert_problem(post(client, valid_submission(**{field: "x"})), 400)
    assert [param["name"] for param in problem["invalidParams"]] == [field]


@pytest.mark.parametrize("decision", ["publish", "reject"])
def test_moderation_needs_staff(unchanged, client, decision):
    pending = Initiative.objects.get()
    response = client.post(f"{SUBMISSIONS}/{pending.pk}/{decision}")
    assert_problem(response, 401, 403)


@pytest.mark.parametrize("name", ["Buurt\rBcc: x@example.org", "Buurt\r\nBcc: x"])
def test_line_breaks_in_a_name_never_reach_a_mail_header(
    db, client, mailoutbox, name, sent_after_commit
):
    """A carriage return in a subject made Django refuse the mail: a 500
    after the initiative was stored. The name reaches a subject once it is
    published."""
    with sent_after_commit():
        response = post(client, valid_submission(name=name))
        assert response.status_code == 201
        services.publish(initiative=Initiative.objects.get())
    confirmation, published = mailoutbox
    for message in (confirmation, published):
        assert message.bcc == [] and message.message()["Bcc"] is None
        assert "\r" not in message.subject and "\n" not in message.subject
    assert "Buurt" in published.subject


@pytest.fixture
def staff_client(client, db):
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {make_api_key(make_staff())}"
    return client


@pytest.mark.parametrize(
    "body",
    [
        {"reason": corpus.NUL},
        {"reason": corpus.LONG},
        {"reason": ["lijst"]},
        {"reden": "typfout"},
        b"{nope",
    ],
)
def test_bad_reject_bodies(staff_client, body):
    initiative = make_initiative(status="pending")
    response = staff_client.post(
        f"{SUBMISSIONS}/{initiative.pk}/reject",
        body if isinstance(body, bytes) else json.dumps(body),
        content_type="application/json",
    )
    assert_problem(response, 400)
    initiative.refresh_from_db()
    assert initiative.status == "pending"
