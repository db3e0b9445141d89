"""OGC API - Features Part 1 Core, checked by hand (see test_ogc_client.py
for a real client)."""

import dataclasses
import datetime as dt

import pytest
import time_machine

from api import ogc
from api.collections import INITIATIVES
from tests.factories import make_initiative


def rels(body):
    return {link["rel"]: link for link in body["links"]}


def test_landing_page_links(db, client):
    response = client.get("/ogc")  # no redirect: QGIS does not follow one
    assert response.status_code == 200
    links = rels(response.json())
    assert links["conformance"]["href"] == "http://testserver/ogc/conformance"
    assert links["data"]["href"] == "http://testserver/ogc/collections"
    assert links["service-desc"]["href"] == "http://testserver/ogc/api"
    assert response["API-Version"]


def test_slash_redirects_to_the_landing_page(db, client):
    response = client.get("/ogc/?f=json")
    assert response.status_code == 302
    assert response["Location"] == "/ogc?f=json"


def test_conformance(db, client):
    conforms = client.get("/ogc/conformance").json()["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core" in conforms
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson" in conforms


def test_collections(db, client):
    body = client.get("/ogc/collections").json()
    assert [c["id"] for c in body["collections"]] == ["initiatives", "gatherings"]
    collection = client.get("/ogc/collections/initiatives").json()
    items = rels(collection)["items"]
    assert items["type"] == "application/geo+json"
    assert items["href"] == "http://testserver/ogc/collections/initiatives/items"
    assert "spatial" not in collection["extent"]  # no data, no extent


def test_collections_are_data_driven(db, client, monkeypatch):
    """A second collection appears everywhere by adding it to COLLECTIONS."""
    extra = dataclasses.replace(
        INITIATIVES, id="extra", title="Extra", description="Test"
    )
    monkeypatch.setitem(ogc.COLLECTIONS, "extra", extra)
    make_initiative()
    ids = [c["id"] for c in client.get("/ogc/collections").json()["collections"]]
    assert ids == ["initiatives", "gatherings", "extra"]
    items = client.get("/ogc/collections/extra/items").json()
    assert items["numberReturned"] == 1


def test_items_page_with_next_links(db, client):
    made = [make_initiative() for _ in range(5)]
    response = client.get("/ogc/collections/initiatives/items?limit=2")
    assert response["Content-Type"] == "application/geo+json"
    body = response.json()
    assert body["type"] == "FeatureCollection"
    assert (body["numberMatched"], body["numberReturned"]) == (5, 2)
    seen = [f["id"] for f in body["features"]]
    url = rels(body)["next"]["href"]
    while url:
        body = client.get(url).json()
        seen += [f["id"] for f in body["features"]]
        url = rels(body).get("next", {}).get("href")
    assert seen == [i.id for i in made]
    # Cursor pages link on only; offset pages also back.
    body = client.get("/ogc/collections/initiatives/items?limit=2&offset=2").json()
    assert rels(body)["prev"]["type"] == "application/geo+json"
    assert rels(body)["next"]["type"] == "application/geo+json"


def test_items_default_limit_is_10(db, client):
    for _ in range(11):
        make_initiative()
    body = client.get("/ogc/collections/initiatives/items").json()
    assert body["numberReturned"] == 10 and "next" in rels(body)


def test_items_bbox_and_offset(seeded, client):
    url = "/ogc/collections/initiatives/items?bbox=5.8,52.4,6.1,52.7"
    body = client.get(url).json()
    assert [f["properties"]["slug"] for f in body["features"]] == ["het-8ste-werk"]
    body = client.get("/ogc/collections/initiatives/items?offset=2").json()
    assert body["numberReturned"] == 1


def test_items_datetime(db, client):
    with time_machine.travel(dt.datetime(2026, 1, 10, 12, tzinfo=dt.UTC)):
        january = make_initiative()
    with time_machine.travel(dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC)):
        march = make_initiative()

    def ids(value):
        url = f"/ogc/collections/initiatives/items?datetime={value}"
        response = client.get(url)
        assert response.status_code == 200, response.content
        return [f["id"] for f in response.json()["features"]]

    assert ids("2026-02-01T00:00:00Z/..") == [march.id]
    assert ids("../2026-02-01T00:00:00Z") == [january.id]
    assert ids("2026-01-01/2026-12-31") == [january.id, march.id]
    assert ids("2026-01-10") == [january.id]


@pytest.mark.parametrize(
    "query",
    [
        "bbox=1,2,3",
        "limit=0",
        "limit=x",
        "datetime=gisteren",
        "datetime=2026-03-01/2026-01-01",
        "datetime=a/b/c",
        "f=xml",
        "unknown=1",
    ],
)
def test_bad_items_parameters_are_400(db, client, query):
    response = client.get(f"/ogc/collections/initiatives/items?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_single_item(db, client):
    initiative = make_initiative(name="Kampen samen")
    response = client.get(f"/ogc/collections/initiatives/items/{initiative.id}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    feature = response.json()
    assert feature["properties"]["name"] == "Kampen samen"
    assert rels(feature)["collection"]["href"].endswith("/collections/initiatives")


@pytest.mark.parametrize(
    "path",
    [
        "/ogc/collections/nope",
        "/ogc/collections/nope/items",
        "/ogc/collections/initiatives/items/abc",
    ],
)
def test_unknown_collection_or_item_is_404(db, client, path):
    assert client.get(path).status_code == 404


def test_unpublished_items_are_404(db, client):
    pending = make_initiative(status="pending")
    url = f"/ogc/collections/initiatives/items/{pending.id}"
    assert client.get(url).status_code == 404
    pending.status = "published"
    pending.save()
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "value", ["7892-09-09T14:37:02%2B22:49/..", "0001-01-01T00:00:00%2B05:00"]
)
def test_items_datetime_with_extreme_offsets(db, client, value):
    response = client.get(f"/ogc/collections/initiatives/items?datetime={value}")
    assert response.status_code in (200, 400)
