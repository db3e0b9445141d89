import csv
import io

import pytest
from django.conf import settings
from django.urls import reverse

from api.collections import INITIATIVES
from tests.factories import make_initiative, make_withdrawn

LIST = "/api/v1/initiatives"


def features(response):
    return response.json()["features"]


def test_list_is_geojson_by_default(seeded, client):
    response = client.get(LIST)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert response["API-Version"] == settings.API_VERSION
    body = response.json()
    assert body["type"] == "FeatureCollection"
    assert body["count"] == 3
    holm = next(f for f in body["features"] if f["properties"]["slug"] == "de-holm")
    assert holm["geometry"] == {"type": "Point", "coordinates": [6.50833, 53.3925]}
    assert holm["properties"]["region"] == "noorden"
    assert holm["properties"]["province_code"] == "PV20"
    assert holm["properties"]["tags"] == ["onderwijs", "ontmoeting", "wonen", "zorg"]
    assert holm["properties"]["url"] == "http://testserver/initiatieven/de-holm/"
    assert list(holm["properties"]) == list(INITIATIVES.columns)


def test_reverse_names_the_api_paths():
    assert reverse("api:initiative-list") == LIST
    assert reverse("api:initiative-detail", args=["x"]) == LIST + "/x"


@pytest.mark.parametrize(
    ("query", "accept", "content_type"),
    [
        ("?format=json", "", "application/json"),
        ("", "application/json", "application/json"),
        ("?format=csv", "", "text/csv; charset=utf-8"),
        ("", "text/csv", "text/csv; charset=utf-8"),
        ("?format=geojson", "", "application/geo+json"),
        ("", "application/geo+json", "application/geo+json"),
    ],
)
def test_format_by_query_or_accept(seeded, client, query, accept, content_type):
    response = client.get(LIST + query, HTTP_ACCEPT=accept or "*/*")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type


def test_json_and_csv_carry_every_public_field(seeded, client):
    result = client.get(LIST + "?format=json&region=noorden").json()["results"]
    rows = list(csv.DictReader(io.StringIO(client.get(LIST + "?format=csv").text)))
    assert set(result[0]) == {*INITIATIVES.columns, "lon", "lat", "geometry"}
    assert set(rows[0]) == {*INITIATIVES.columns, "lon", "lat"}
    kampen = next(r for r in rows if r["slug"] == "het-8ste-werk")
    assert (kampen["lon"], kampen["lat"]) == ("5.91111", "52.555")
    plain = next(r for r in result if r["slug"] == "het-8ste-werk")
    assert plain["geometry"] == {"type": "Point", "coordinates": [5.91111, 52.555]}
    assert kampen["tags"] == "eenzaamheid|ontmoeting|wonen"


def test_csv_honours_the_filters(seeded, client):
    rows = list(
        csv.DictReader(io.StringIO(client.get(LIST + "?format=csv&tag=zorg").text))
    )
    assert sorted(r["slug"] for r in rows) == ["de-holm", "zorgcooperatie-austerlitz"]


def test_csv_escapes_formulas(db, client):
    make_initiative(name="=HYPERLINK(1)", summary="+31 6", description="@SUM(A1)")
    make_initiative(name="-2+3", summary="gewoon")
    text = client.get(LIST + "?format=csv").text
    rows = list(csv.DictReader(io.StringIO(text)))
    cells = [value for row in rows for value in row.values()]
    assert "'=HYPERLINK(1)" in cells and "'+31 6" in cells and "'@SUM(A1)" in cells
    assert "'-2+3" in cells
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells if c)


def test_unknown_format_is_a_400(seeded, client):
    response = client.get(LIST + "?format=xml")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["invalidParams"][0]["name"] == "format"


def test_only_published_initiatives_are_listed(db, client):
    shown = make_initiative()
    for status in ("pending", "rejected", "archived"):
        make_initiative(status=status)
    assert [f["id"] for f in features(client.get(LIST))] == [shown.id]


def test_detail_by_slug(seeded, client):
    response = client.get(LIST + "/het-8ste-werk")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    feature = response.json()
    assert feature["type"] == "Feature"
    assert feature["properties"]["municipality"] == "Kampen"
    as_json = client.get(LIST + "/het-8ste-werk?format=json").json()
    assert as_json["lat"] == 52.555


@pytest.mark.parametrize("status", ["pending", "rejected", "archived"])
def test_detail_of_unpublished_is_404(db, client, status):
    initiative = make_initiative(status=status)
    response = client.get(f"{LIST}/{initiative.slug}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404
    initiative.status = "published"
    initiative.save()
    assert client.get(f"{LIST}/{initiative.slug}").status_code == 200


@pytest.mark.parametrize("count", [2, 30])
@pytest.mark.parametrize("format", ["geojson", "json", "csv"])
def test_list_query_count_is_flat(
    db, client, django_assert_max_num_queries, count, format
):
    for number in range(count):
        make_initiative(tags=["zorg", "wonen"], lon=5.9 + number / 1000)
    # tag and region look-ups, count, page, tags of the page, and the last
    # change of initiatives and of deletions (Last-Modified)
    with django_assert_max_num_queries(7):
        response = client.get(f"{LIST}?format={format}&tag_any=zorg&region=noorden")
    assert response.status_code == 200
    assert response.content.count(b"Initiatief") >= count


@pytest.mark.parametrize("count", [2, 30])
def test_sync_query_count_is_flat(db, client, django_assert_max_num_queries, count):
    for number in range(count):
        (make_withdrawn if number % 2 else make_initiative)()
    with django_assert_max_num_queries(6):
        response = client.get(LIST + "?updated_since=2000-01-01")
    assert len(features(response)) == count
