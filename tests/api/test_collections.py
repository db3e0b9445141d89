"""One declaration per collection: rows, CSV header and schema agree."""

import csv
import datetime as dt
import io

import pytest

from api.collections import GATHERINGS, INITIATIVES
from tests.factories import make_initiative, make_withdrawn
from tests.gatherings.factories import make_gathering

COLLECTIONS = [(INITIATIVES, make_initiative), (GATHERINGS, make_gathering)]


@pytest.fixture
def schemas(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()["components"]["schemas"]


@pytest.mark.parametrize(("collection", "make"), COLLECTIONS)
def test_rows_carry_the_declared_columns_in_order(db, client, collection, make):
    make()
    url = f"/api/v1/{collection.id}"
    feature = client.get(url).json()["features"][0]
    assert tuple(feature["properties"]) == collection.columns
    result = client.get(url, {"format": "json"}).json()["results"][0]
    assert tuple(result) == (*collection.columns, "lon", "lat", "geometry")
    header = next(csv.reader(io.StringIO(client.get(url, {"format": "csv"}).text)))
    assert tuple(header) == (*collection.columns, "lon", "lat")


def test_near_adds_distance_after_the_columns(db, client):
    make_initiative()
    url = "/api/v1/initiatives"
    feature = client.get(url, {"near": "52.555,5.911"}).json()["features"][0]
    assert tuple(feature["properties"]) == (*INITIATIVES.columns, "distance_km")
    response = client.get(url, {"near": "52.555,5.911", "format": "csv"})
    header = next(csv.reader(io.StringIO(response.text)))
    assert tuple(header) == (*INITIATIVES.columns, "distance_km", "lon", "lat")


@pytest.mark.parametrize(("collection", "make"), COLLECTIONS)
def test_the_schema_documents_the_declared_columns(db, schemas, collection, make):
    extra = tuple(collection.extra_schema)
    properties = schemas[f"{collection.name}Properties"]["properties"]
    assert tuple(properties) == (*collection.columns, *extra)
    flat = schemas[f"{collection.name}Object"]["properties"]
    assert tuple(flat) == (*collection.columns, *extra, "lon", "lat", "geometry")
    feature = schemas[f"{collection.name}Feature"]["properties"]["properties"]
    assert feature == {"$ref": f"#/components/schemas/{collection.name}Properties"}


def test_a_tombstone_carries_only_its_declared_properties(db, client):
    make_withdrawn()
    response = client.get(
        "/api/v1/initiatives", {"updated_since": "2000-01-01T00:00:00Z"}
    )
    properties = response.json()["features"][0]["properties"]
    declared = [p.name for p in INITIATIVES.properties if p.in_tombstone]
    assert list(properties) == declared


def test_ogc_items_filter_with_the_collections_filtersets(db, client):
    kampen = make_initiative(place_name="Kampen")
    make_initiative(place_name="Maastricht", lon=5.69, lat=50.85)
    response = client.get("/ogc/collections/initiatives/items", {"region": "noorden"})
    assert response.status_code == 200, response.content
    assert [f["id"] for f in response.json()["features"]] == [kampen.id]
    later = make_gathering(start_date=dt.date(2026, 6, 5))
    make_gathering(start_date=dt.date(2026, 5, 22))
    response = client.get("/ogc/collections/gatherings/items", {"from": "2026-06-01"})
    assert response.status_code == 200, response.content
    assert [f["id"] for f in response.json()["features"]] == [later.id]


def test_ogc_items_refuse_ordering_and_unknown_parameters(db, client):
    for name in ("ordering", "bogus"):
        response = client.get("/ogc/collections/initiatives/items", {name: "name"})
        assert response.status_code == 400
        assert [p["name"] for p in response.json()["invalidParams"]] == [name]


def test_ogc_datetime_errors_name_the_parameter(db, client):
    response = client.get("/ogc/collections/gatherings/items", {"datetime": "x/y/z"})
    assert response.status_code == 400
    assert [p["name"] for p in response.json()["invalidParams"]] == ["datetime"]
