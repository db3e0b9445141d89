"""The gatherings collection of the OGC API - Features endpoint."""

import datetime as dt

import pytest

from gatherings.models import Gathering
from tests.gatherings.factories import make_gathering

ITEMS = "/ogc/collections/gatherings/items"


def ids(client, query=""):
    response = client.get(f"{ITEMS}?{query}")
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/geo+json"
    return sorted(f["id"] for f in response.json()["features"])


def test_the_collection_is_listed_with_its_items_link(db, client):
    collection = client.get("/ogc/collections/gatherings").json()
    assert collection["id"] == "gatherings"
    items = {link["rel"]: link for link in collection["links"]}["items"]
    assert items["href"] == "http://testserver" + ITEMS


def test_items_are_the_public_gatherings(db, client):
    shown = make_gathering()
    online = make_gathering(online=True, lon=None)
    cancelled = make_gathering(status=Gathering.Status.CANCELLED)
    draft = make_gathering(status=Gathering.Status.DRAFT)
    assert ids(client) == sorted([shown.id, online.id, cancelled.id])
    body = client.get(ITEMS).json()
    assert body["numberMatched"] == 3
    by_id = {f["id"]: f for f in body["features"]}
    assert by_id[online.id]["geometry"] is None
    assert by_id[shown.id]["geometry"]["coordinates"] == [5.911, 52.555]
    assert client.get(f"{ITEMS}/{draft.id}").status_code == 404
    single = client.get(f"{ITEMS}/{shown.id}").json()
    assert single["properties"]["slug"] == shown.slug


@pytest.fixture
def may(db):
    """All day on 21 May, 22 May 14:00-16:00 and 4-6 June."""
    return {
        "21": make_gathering(start_date=dt.date(2026, 5, 21)),
        "22": make_gathering(
            start_time=dt.time(14), end_time=dt.time(16), online=True, lon=None
        ),
        "june": make_gathering(
            start_date=dt.date(2026, 6, 4), end_date=dt.date(2026, 6, 6)
        ),
    }


def test_datetime_filters_on_the_time_span(may, client):
    def expect(*keys):
        return sorted(may[key].id for key in keys)

    # An all-day gathering is over at midnight: 21 May is not on 22 May.
    assert ids(client, "datetime=2026-05-22") == expect("22")
    assert ids(client, "datetime=2026-05-22T15:00:00%2B02:00") == expect("22")
    assert ids(client, "datetime=2026-05-22T16:30:00%2B02:00") == []
    assert ids(client, "datetime=2026-06-05") == expect("june")
    assert ids(client, "datetime=2026-05-22T16:00:01%2B02:00/..") == expect("june")
    assert ids(client, "datetime=../2026-05-21") == expect("21")
    assert ids(client, "datetime=2026-05-21/2026-06-04") == expect("21", "22", "june")


def test_bbox_and_limit(may, client):
    assert ids(client, "bbox=5.8,52.4,6.1,52.7") == sorted(
        [may["21"].id, may["june"].id]
    )
    body = client.get(f"{ITEMS}?limit=1").json()
    assert (body["numberMatched"], body["numberReturned"]) == (3, 1)
    assert any(link["rel"] == "next" for link in body["links"])


@pytest.mark.parametrize("query", ["datetime=gisteren", "bbox=1,2,3", "from=2026"])
def test_bad_parameters_are_400(db, client, query):
    response = client.get(f"{ITEMS}?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
