"""Hostile and broken input to the public site: a clear 4xx page (or an
honest answer), never a 500, and nothing stored."""

import pytest
from django.urls import reverse

from areas import geography
from initiatives import tokens
from initiatives.models import Initiative, Tag

from . import corpus

DIRECTORY_FILTERS = ("q", "place", "radius", "region", "province", "municipality")
GATHERING_FILTERS = ("regio", "soort", "archief")
HOSTILE = [*corpus.SQLISH, corpus.NUL, corpus.LONG, *corpus.XSS[:2]]


def assert_page(response, *statuses):
    """An HTML page with one of the statuses, in Dutch unless asked otherwise."""
    assert response.status_code in statuses, response.status_code
    assert response["Content-Type"].startswith("text/html")
    assert '<html lang="nl">' in response.text
    for payload in corpus.XSS[:2]:
        assert payload not in response.text


@pytest.mark.parametrize("name", DIRECTORY_FILTERS)
@pytest.mark.parametrize("value", HOSTILE)
def test_directory_filters(unchanged, client, name, value):
    response = client.get(reverse("initiatives:list"), {name: value})
    assert_page(response, 200, 400)
    if response.status_code == 200 and name == "q":
        # No SQL, no wildcards: it finds what its words alone find (the
        # search forgives punctuation), and nothing for punctuation alone.
        words = geography.normalize(value)
        alone = words and client.get(reverse("initiatives:list"), {"q": words})
        found = alone and "Bestaand initiatief" in alone.text
        assert ("Bestaand initiatief" in response.text) == bool(found)


@pytest.mark.parametrize("value", HOSTILE)
def test_directory_themes(unchanged, client, value):
    response = client.get(reverse("initiatives:list"), {"theme": [value, "zorg"]})
    assert_page(response, 400)


@pytest.mark.parametrize("page", [str(10**9), str(10**30), "-1", "0", "abc", "²"])
def test_directory_pages_past_the_end(unchanged, client, page):
    assert_page(client.get(reverse("initiatives:list"), {"page": page}), 404)


@pytest.mark.parametrize("query", corpus.BAD_UTF8_QUERIES)
@pytest.mark.parametrize("url", ["/", "/initiatieven/", "/bijeenkomsten/"])
def test_invalid_utf8_in_the_query(unchanged, client, url, query):
    assert_page(client.get(f"{url}?{query}"), 200, 400)


@pytest.mark.parametrize("url", ["/initiatieven/", "/bijeenkomsten/"])
def test_too_many_parameters(unchanged, client, url):
    query = "&".join(f"p{n}=1" for n in range(1200))
    assert_page(client.get(f"{url}?{query}"), 400)


@pytest.mark.parametrize("name", GATHERING_FILTERS)
@pytest.mark.parametrize("value", [*HOSTILE, str(10**30), "-1"])
def test_gathering_filters(unchanged, client, name, value):
    assert_page(client.get(reverse("gatherings:list"), {name: value}), 200, 400, 404)


@pytest.mark.parametrize("value", [*HOSTILE, "k" * 101])
def test_place_search(unchanged, client, value):
    response = client.get(reverse("initiatives:places"), {"q": value})
    assert response.status_code in (200, 400)
    assert response["Content-Type"] == "application/json"
    if response.status_code == 200:
        assert response.json()["places"] == [] or "%" not in value


@pytest.mark.parametrize(
    "path",
    [
        "/initiatieven/%00/",
        "/initiatieven/" + "a" * 5000 + "/",
        "/initiatieven/..%2f..%2fetc%2fpasswd/",
        "/bijeenkomsten/%3Cscript%3E/",
        "/bijeenkomsten/bestaat-niet.ics",
        "/bijeenkomsten/bestaat-niet/agenda.ics",
    ],
)
def test_odd_paths_are_not_found(unchanged, client, path):
    assert_page(client.get(path), 404)


@pytest.mark.parametrize("action", ["update", "confirm", "archive"])
@pytest.mark.parametrize(
    "token", ["x", "a" * 5000, "%00", "eyJpZCI6MX0:1:abc", "%ff%fe", "Ly8vLy8"]
)
def test_forged_initiator_links(unchanged, client, action, token):
    url = reverse(f"initiatives:{action}", kwargs={"token": "placeholder"})
    url = url.replace("placeholder", token)
    assert_page(client.get(url), 400)
    assert_page(client.post(url, {"name": "Overgenomen"}), 400)
    assert not Initiative.objects.filter(name="Overgenomen").exists()


def test_a_link_for_one_action_does_not_do_another(unchanged, client):
    initiative = Initiative.objects.get()
    token = tokens.make_token(initiative, "confirm")
    response = client.post(reverse("initiatives:archive", kwargs={"token": token}))
    assert_page(response, 400)
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.PUBLISHED


# The submission form -------------------------------------------------------


@pytest.fixture
def form_data(db):
    Tag.objects.get_or_create(slug="ontmoeting", defaults={"name": "ontmoeting"})
    return {
        "name": "Dorpskamer Den Andel",
        "summary": "Een huiskamer voor het dorp.",
        "description": "Elke dinsdag koffie.",
        "themes": ["ontmoeting"],
        "place": "Den Andel",
        "point": "",
        "contact_name": "Anna Bakker",
        "contact_email": "anna@example.org",
        "privacy": "on",
    }


def post_form(client, data):
    return client.post(reverse("initiatives:submit"), data)


def test_the_valid_form_is_accepted(form_data, client):
    assert post_form(client, form_data).status_code == 302


@pytest.mark.parametrize("field", [*corpus.TEXT_FIELDS, "place", "contact_email"])
@pytest.mark.parametrize("value", [corpus.NUL, corpus.LONG, "   "])
def test_bad_text_fields(unchanged, form_data, client, field, value):
    if field == "description" and not value.strip():
        value = corpus.LONG  # optional: blank is fine
    response = post_form(client, {**form_data, field: value})
    assert_page(response, 400)
    assert field in response.context["form"].errors


@pytest.mark.parametrize("value", corpus.BAD_POINTS + ["50.85,4.35", "53.9,3.1"])
def test_bad_points(unchanged, form_data, client, value):
    response = post_form(client, {**form_data, "point": value})
    assert_page(response, 400)
    assert "point" in response.context["form"].errors


@pytest.mark.parametrize(
    "changes",
    [
        {"website": "javascript:alert(1)"},
        {"website": "data:text/html,<script>alert(1)</script>"},
        {"contact_email": "<script>@example.org"},
        {"themes": ["' OR 1=1 --"]},
        {"themes": [corpus.NUL]},
        {"privacy": ""},
    ],
)
def test_bad_values(unchanged, form_data, client, changes):
    assert_page(post_form(client, {**form_data, **changes}), 400)


def test_invalid_utf8_in_the_body(unchanged, form_data, client):
    body = b"name=%ff%fe&summary=%c3%28&privacy=on&place=Den+Andel"
    response = client.post(
        reverse("initiatives:submit"),
        body,
        content_type="application/x-www-form-urlencoded",
    )
    assert_page(response, 400)
