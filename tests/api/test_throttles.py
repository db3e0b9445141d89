"""The API's limits count per client address, as every limiter decides it
(initiatives.ratelimit.client_address), and every 429 says when to return."""

import time

import pytest

from initiatives.models import Initiative
from tests.factories import make_initiative

SUBMIT = "/api/v1/submissions"
VALID = {
    "name": "Samen in Kampen",
    "summary": "Buren koken voor elkaar.",
    "lat": 52.555,
    "lon": 5.911,
    "place_name": "Kampen",
    "tags": [],
}


@pytest.fixture
def rates(settings):
    """Lower the named rates for one test."""

    def lower(**changed):
        current = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {**current, **changed},
        }

    return lower


def read(client, forwarded):
    return client.get("/api/v1/tags", HTTP_X_FORWARDED_FOR=forwarded)


def submit(client, forwarded):
    return client.post(
        SUBMIT, VALID, content_type="application/json", HTTP_X_FORWARDED_FOR=forwarded
    )


def test_a_spoofed_forwarded_header_does_not_reset_the_read_limit(db, client, rates):
    rates(anon="2/minute")
    statuses = [read(client, f"198.51.100.{n}").status_code for n in range(4)]
    assert statuses == [200, 200, 429, 429]


def test_a_spoofed_forwarded_header_does_not_reset_the_submission_limit(
    db, client, rates
):
    rates(**{"anon-submit": "2/hour"})
    statuses = [submit(client, f"198.51.100.{n}").status_code for n in range(4)]
    assert statuses == [201, 201, 429, 429]
    assert Initiative.objects.count() == 2


def test_behind_a_proxy_reads_count_per_visitor(db, client, rates, settings):
    rates(anon="2/minute")
    settings.TRUSTED_PROXY_COUNT = 1
    spoofs = [read(client, f"10.0.0.{n}, 203.0.113.5") for n in range(3)]
    assert [response.status_code for response in spoofs] == [200, 200, 429]
    assert read(client, "203.0.113.6").status_code == 200


def test_behind_a_proxy_submissions_count_per_visitor(db, client, rates, settings):
    rates(**{"anon-submit": "1/hour"})
    settings.TRUSTED_PROXY_COUNT = 1
    assert submit(client, "10.0.0.1, 203.0.113.5").status_code == 201
    assert submit(client, "10.0.0.2, 203.0.113.5").status_code == 429
    assert submit(client, "203.0.113.6").status_code == 201


def preflight(client, method):
    return client.options(
        SUBMIT,
        HTTP_ORIGIN="https://partner.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD=method,
    )


def test_preflights_use_up_no_allowance(db, client, rates):
    rates(**{"anon-submit": "1/hour", "anon": "1/minute"})
    for method in ("POST", "GET", "POST"):
        assert preflight(client, method).status_code != 429
    assert submit(client, "").status_code == 201
    assert read(client, "").status_code == 200


@pytest.mark.parametrize("before", ["1/hour", "5/hour"])
def test_every_api_429_carries_retry_after(db, client, rates, before):
    """Also when the rate was lowered while requests were counted (DRF
    then gave no Retry-After at all)."""
    rates(anon=before)
    for _ in range(3):
        read(client, "")
    rates(anon="1/hour")
    response = read(client, "")
    assert response.status_code == 429
    assert 3500 < int(response["Retry-After"]) <= 3600


@pytest.mark.parametrize(
    ("language", "title", "text"),
    [
        ("en", "Too Many Requests", "Try again in"),
        ("nl", "Te veel verzoeken", "Probeer het over"),
    ],
)
def test_the_429_speaks_the_clients_language(db, client, rates, language, title, text):
    """Title and detail alike, with Retry-After."""
    rates(anon="0/minute")
    response = client.get("/api/v1/tags", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 429
    assert response.json()["title"] == title
    assert text in response.json()["detail"]
    assert int(response["Retry-After"]) >= 1
    assert response["Content-Language"] == language


@pytest.mark.slow  # waits out the limit for a few seconds
def test_a_client_that_backs_off_on_429_fetches_every_page(db, client, rates):
    """A harvester that follows next links and waits Retry-After seconds
    whenever it is told to gets every initiative once, however tight the
    limit."""
    rates(anon="3/second")
    expected = {make_initiative().slug for _ in range(8)}
    url, seen, refusals = "/api/v1/initiatives?format=json&limit=1", [], 0
    while url:
        response = client.get(url)
        if response.status_code == 429:
            refusals += 1
            time.sleep(int(response["Retry-After"]))
            continue
        assert response.status_code == 200, response.content
        body = response.json()
        seen += [row["slug"] for row in body["results"]]
        url = body["next"]
    assert refusals > 0  # the limit was really hit
    assert sorted(seen) == sorted(expected)
