"""/api/v1/gatherings: formats, fields, privacy, queries, caching."""

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from api.collections import GATHERINGS
from gatherings.models import Gathering
from tests.factories import make_initiative, make_withdrawn
from tests.gatherings.factories import make_gathering

LIST = "/api/v1/gatherings"


def by_slug(response):
    assert response.status_code == 200, response.content
    return {f["properties"]["slug"]: f for f in response.json()["features"]}


def test_reverse_names_the_api_paths():
    assert reverse("api:gathering-list") == LIST
    assert reverse("api:gathering-detail", args=["x"]) == LIST + "/x"


def test_list_is_geojson_with_the_public_fields(db, client):
    host = make_initiative(name="Het Erf")
    gathering = make_gathering(
        title="Dialoog op het erf",
        host_initiative=host,
        lon=None,
        signup_email="aanmelden@example.org",
    )
    response = client.get(LIST)
    assert response["Content-Type"] == "application/geo+json"
    feature = by_slug(response)[gathering.slug]
    assert feature["geometry"] == {"type": "Point", "coordinates": [5.911, 52.555]}
    props = feature["properties"]
    assert list(props) == list(GATHERINGS.columns)
    assert props["title"] == "Dialoog op het erf"
    assert (props["kind"], props["status"]) == ("kennismakingsmiddag", "published")
    assert (props["municipality"], props["municipality_code"]) == ("Kampen", "GM0166")
    assert (props["province_code"], props["region"]) == ("PV23", "noorden")
    assert props["place"] == "Kampen"
    assert props["host_initiative"] == host.slug
    assert (
        props["host_initiative_url"] == f"http://testserver/initiatieven/{host.slug}/"
    )
    assert props["signup_email"] == "aanmelden@example.org"
    assert props["url"] == f"http://testserver/bijeenkomsten/{gathering.slug}/"
    assert props["ics_url"] == f"http://testserver/bijeenkomsten/{gathering.slug}.ics"


def test_an_online_gathering_has_no_geometry(db, client):
    gathering = make_gathering(online=True, lon=None)
    feature = by_slug(client.get(LIST))[gathering.slug]
    assert feature["geometry"] is None
    assert feature["properties"]["online"] is True
    assert feature["properties"]["region"] is None
    assert feature["properties"]["municipality"] is None
    plain = client.get(f"{LIST}?format=json").json()["results"][0]
    assert (plain["lon"], plain["lat"], plain["geometry"]) == (None, None, None)


def test_all_day_gatherings_give_dates(db, client):
    gathering = make_gathering(
        start_date=dt.date(2026, 10, 5), end_date=dt.date(2026, 10, 9)
    )
    props = by_slug(client.get(LIST))[gathering.slug]["properties"]
    assert props["all_day"] is True
    assert (props["start"], props["end"]) == ("2026-10-05", "2026-10-09")


@pytest.mark.parametrize(
    ("day", "offset"),
    [(dt.date(2026, 3, 28), "+01:00"), (dt.date(2026, 3, 29), "+02:00")],
)
def test_timed_gatherings_carry_the_amsterdam_offset(db, client, day, offset):
    """The same wall-clock time either side of the clocks going forward."""
    gathering = make_gathering(
        start_date=day, start_time=dt.time(14), end_time=dt.time(16, 30)
    )
    props = by_slug(client.get(LIST))[gathering.slug]["properties"]
    assert props["all_day"] is False
    assert props["start"] == f"{day}T14:00:00{offset}"
    assert props["end"] == f"{day}T16:30:00{offset}"


def test_a_timed_gathering_without_end_time_has_no_end(db, client):
    gathering = make_gathering(start_time=dt.time(19, 30))
    props = by_slug(client.get(LIST))[gathering.slug]["properties"]
    assert props["start"] == "2026-05-22T19:30:00+02:00"
    assert props["end"] is None


def test_detail_in_every_format(db, client):
    gathering = make_gathering(title="Struinen")
    url = f"{LIST}/{gathering.slug}"
    feature = client.get(url).json()
    assert feature["type"] == "Feature" and feature["id"] == gathering.id
    plain = client.get(f"{url}?format=json").json()
    assert plain["title"] == "Struinen" and plain["lon"] == 5.911
    rows = list(csv.DictReader(io.StringIO(client.get(f"{url}?format=csv").text)))
    assert [row["title"] for row in rows] == ["Struinen"]


def test_csv_has_the_same_fields_and_filters(db, client):
    make_gathering(title="=SUM(A1)", kind=Gathering.Kind.TRAINING)
    make_gathering(title="Jamsessie", kind=Gathering.Kind.JAMSESSIE)
    response = client.get(f"{LIST}?kind=training", HTTP_ACCEPT="text/csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    reader = csv.reader(io.StringIO(response.text))
    assert next(reader) == [*GATHERINGS.columns, "lon", "lat"]
    rows = list(reader)
    assert len(rows) == 1
    assert rows[0][GATHERINGS.columns.index("title")] == "'=SUM(A1)"
    assert rows[0][GATHERINGS.columns.index("all_day")] == "True"


def test_drafts_never_appear(db, client):
    draft = make_gathering(title="Nog geheim", status=Gathering.Status.DRAFT)
    cancelled = make_gathering(status=Gathering.Status.CANCELLED)
    for query in ("", "?format=json", "?format=csv", f"?updated_since={dt.date.min}"):
        text = client.get(LIST + query).text
        assert "Nog geheim" not in text and draft.slug not in text
    assert by_slug(client.get(LIST))[cancelled.slug]["properties"]["status"] == (
        "cancelled"
    )
    assert client.get(f"{LIST}/{draft.slug}").status_code == 404
    response = client.get(f"{LIST}/{draft.slug}?format=json")
    assert response["Content-Type"] == "application/problem+json"


def test_an_unpublished_host_is_not_named(db, client):
    host = make_withdrawn()
    gathering = make_gathering(host_initiative=host, lon=None)
    response = client.get(f"{LIST}/{gathering.slug}")
    props = response.json()["properties"]
    assert props["host_initiative"] is None
    assert props["host_initiative_url"] is None
    assert host.slug not in response.text
    assert props["place"] == "Kampen"  # the gathering's own place stays public


@pytest.mark.parametrize("count", [2, 30])
def test_list_query_count_is_flat(db, client, django_assert_max_num_queries, count):
    hosts = [make_initiative(), make_withdrawn()]
    for number in range(count):
        make_gathering(host_initiative=hosts[number % 2], lon=None)
    # count, page, published hosts, and the last change of gatherings and of
    # deletions (Last-Modified)
    with django_assert_max_num_queries(5):
        response = client.get(LIST)
    assert len(response.json()["features"]) == count


def test_pages_with_links(db, client):
    made = [make_gathering(start_date=dt.date(2026, 6, day)) for day in (3, 1, 2)]
    body = client.get(f"{LIST}?limit=2&format=json").json()
    assert body["count"] == 3
    assert [r["id"] for r in body["results"]] == [made[1].id, made[2].id]
    rest = client.get(body["next"]).json()
    assert [r["id"] for r in rest["results"]] == [made[0].id]
    assert rest["next"] is None


def test_last_modified_answers_304_until_a_change_or_a_deletion(db, client):
    """A deleted public gathering leaves a tombstone, so Last-Modified moves."""
    gathering = make_gathering()
    other = make_gathering()
    first = client.get(LIST)
    modified = first["Last-Modified"]
    assert client.get(LIST, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(LIST, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    with time_machine.travel(dt.timedelta(minutes=5)):
        other.delete()
        later = client.get(LIST, HTTP_IF_MODIFIED_SINCE=modified)
    assert later.status_code == 200 and later["Last-Modified"] != modified
    assert client.get(f"{LIST}/{gathering.slug}")["Last-Modified"]


def test_sync_reports_deleted_gatherings_as_tombstones(db, client):
    kept, gone = make_gathering(), make_gathering()
    make_gathering(status=Gathering.Status.DRAFT).delete()  # never public
    gone_id = gone.id
    gone.delete()
    body = client.get(f"{LIST}?updatedSince=2000-01-01T00:00:00Z").json()
    got = [(f["id"], f["properties"]["status"]) for f in body["features"]]
    assert got == [(kept.id, "published"), (gone_id, "deleted")]
    tombstone = body["features"][1]
    assert tombstone["geometry"] is None
    assert set(tombstone["properties"]) == {"id", "status", "updated"}
    assert "sync" in body


def test_cors_allows_reads(db, client):
    response = client.get(LIST, HTTP_ORIGIN="https://partner.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["API-Version"] == settings.API_VERSION


def test_openapi_documents_the_gatherings(db, client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    path = LIST.removeprefix("/api/v1")  # the server's URL carries it
    names = {p["name"] for p in paths[path]["get"]["parameters"]}
    assert {"region", "kind", "from", "to", "bbox", "updatedSince"} <= names
    assert {"limit", "offset", "format"} <= names
    responses = paths[path]["get"]["responses"]
    assert "application/geo+json" in responses["200"]["content"]
    assert "application/problem+json" in responses["400"]["content"]
    detail = paths[path + "/{slug}"]["get"]["responses"]
    assert "application/problem+json" in detail["404"]["content"]
