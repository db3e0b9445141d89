"""Markup in every text field comes out as text everywhere: HTML pages,
JSON-LD, the admin, CSV cells (no formulas) and calendar feeds."""

import csv
import io
import json
import re

import icalendar
import pytest
from django.urls import reverse

from tests.factories import make_initiative
from tests.gatherings.factories import make_gathering

from . import corpus

MARKUP = [payload for payload in corpus.XSS if "<" in payload]
LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def hostile_initiative(payload, **fields):
    return make_initiative(
        name=f"{payload} naam"[:120],
        summary=f"{payload} samenvatting",
        description=f"{payload}\n\nomschrijving",
        place_name=f"{payload} plaats"[:100],
        contact_name=f"{payload} contact"[:100],
        contact_consent=True,
        **fields,
    )


def assert_escaped(html, payload):
    """The payload is shown (escaped), never as markup."""
    assert payload not in html
    assert payload.replace("<", "&lt;").replace(">", "&gt;")[:20] in html.replace(
        "&quot;", '"'
    ).replace("&#x27;", "'")


@pytest.mark.parametrize("payload", MARKUP)
def test_site_pages_escape_every_field(db, client, payload):
    initiative = hostile_initiative(payload)
    for url in (
        initiative.get_absolute_url(),
        reverse("initiatives:list"),
        reverse("initiatives:list") + "?q=naam",
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert_escaped(response.text, payload)


@pytest.mark.parametrize("payload", MARKUP)
def test_json_ld_cannot_end_its_script_element(db, client, payload):
    initiative = hostile_initiative(payload)
    html = client.get(initiative.get_absolute_url()).text
    [data] = LD_JSON.findall(html)
    assert "<" not in data
    assert json.loads(data)["name"] == initiative.name  # the text survives


@pytest.mark.parametrize("payload", MARKUP)
def test_gathering_pages_and_json_ld(db, client, payload):
    gathering = make_gathering(
        title=f"{payload} bijeenkomst",
        description=f"{payload} beschrijving",
        place_name=f"{payload} zaal"[:100],
    )
    for url in (gathering.get_absolute_url(), reverse("gatherings:list")):
        assert_escaped(client.get(url).text, payload)
    html = client.get(gathering.get_absolute_url()).text
    [data] = LD_JSON.findall(html)
    assert "<" not in data
    assert json.loads(data)["name"] == gathering.title


@pytest.mark.parametrize("payload", MARKUP)
def test_admin_pages_escape_every_field(db, admin_client, payload):
    initiative = hostile_initiative(payload, status="pending")
    changelist = reverse("admin:initiatives_initiative_changelist")
    for url in (
        changelist,
        changelist + "?moderation=1",
        reverse("admin:initiatives_initiative_change", args=[initiative.pk]),
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert payload not in response.text, url


@pytest.mark.parametrize("formula", corpus.FORMULAS)
def test_csv_cells_never_start_a_formula(db, client, formula):
    make_initiative(
        name=formula,
        summary=formula,
        description=formula,
        place_name=formula[:100],
        contact_name=formula,
        contact_consent=True,
    )
    text = client.get("/api/v1/initiatives?format=csv").text
    rows = list(csv.reader(io.StringIO(text)))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'" + formula in cells  # the text is there, defused
    assert not [c for c in cells if c[:1] in ("=", "+", "@") or c.startswith("-2")]


@pytest.mark.parametrize("payload", MARKUP)
def test_api_json_is_json(db, client, payload):
    initiative = hostile_initiative(payload)
    response = client.get("/api/v1/initiatives?format=json")
    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.json()["results"][0]["name"] == initiative.name


@pytest.mark.parametrize(
    "title", ["Jam\r\nATTENDEE:mailto:evil@example.org", "Jam;TZID=x:1,2\\n"]
)
def test_calendar_lines_cannot_be_injected(db, client, title):
    gathering = make_gathering(title=title, description=title)
    for url in (
        reverse("gatherings:feed"),
        reverse("gatherings:event-calendar", kwargs={"slug": gathering.slug}),
    ):
        calendar = icalendar.Calendar.from_ical(client.get(url).content)
        [event] = calendar.walk("VEVENT")
        assert str(event["SUMMARY"]) == title.replace("\r\n", "\n")
        assert "ATTENDEE" not in event
