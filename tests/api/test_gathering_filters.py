"""Filters of /api/v1/gatherings; a value that cannot be used is a 400."""

import datetime as dt

import pytest
import time_machine

from gatherings.models import Gathering
from tests.gatherings.factories import make_gathering

LIST = "/api/v1/gatherings"
HOLM = {"lon": 6.50833, "lat": 53.3925}  # Hollum, Ameland: noorden
AUSTERLITZ = {"lon": 5.2986, "lat": 52.0797}  # Austerlitz, Zeist: midden


def titles(client, query):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200, response.content
    return sorted(f["properties"]["title"] for f in response.json()["features"])


def invalid(client, query):
    """The names of the parameters a 400 problem response blames."""
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 400
    assert all(p["reason"] for p in problem["invalidParams"])
    return {p["name"] for p in problem["invalidParams"]}


@pytest.fixture
def spread(db):
    make_gathering(title="Kampen")  # 22 May 2026, noorden
    make_gathering(title="Hollum", start_date=dt.date(2026, 6, 8), **HOLM)
    make_gathering(
        title="Austerlitz",
        start_date=dt.date(2026, 5, 21),
        kind=Gathering.Kind.TRAINING,
        **AUSTERLITZ,
    )
    make_gathering(
        title="Week",
        start_date=dt.date(2026, 10, 5),
        end_date=dt.date(2026, 10, 9),
        kind=Gathering.Kind.THEMAWEEK,
        online=True,
        lon=None,
    )


def test_region(spread, client):
    assert titles(client, "region=noorden") == ["Hollum", "Kampen"]
    assert titles(client, "region=midden") == ["Austerlitz"]


def test_kind(spread, client):
    assert titles(client, "kind=training") == ["Austerlitz"]
    assert titles(client, "kind=themaweek") == ["Week"]


def test_from_and_to_take_every_day_of_a_gathering(spread, client):
    assert titles(client, "from=2026-05-22&to=2026-06-08") == ["Hollum", "Kampen"]
    assert titles(client, "from=2026-05-23") == ["Hollum", "Week"]
    assert titles(client, "to=2026-05-21") == ["Austerlitz"]
    # A theme week from 5 to 9 October has a day within 7 to 20 October.
    assert titles(client, "from=2026-10-07&to=2026-10-20") == ["Week"]
    assert titles(client, "from=2026-10-10") == []


def test_bbox_leaves_out_online_gatherings(spread, client):
    assert titles(client, "bbox=5.8,52.4,6.1,52.7") == ["Kampen"]
    assert titles(client, "bbox=3.3,50.7,7.3,53.6") == [
        "Austerlitz",
        "Hollum",
        "Kampen",
    ]


def test_updated_since(db, client):
    with time_machine.travel(dt.datetime(2026, 1, 1, tzinfo=dt.UTC)):
        make_gathering(title="Oud")
    with time_machine.travel(dt.datetime(2026, 3, 1, tzinfo=dt.UTC)):
        make_gathering(title="Nieuw")
    assert titles(client, "updated_since=2026-02-01T00:00:00Z") == ["Nieuw"]
    assert titles(client, "updated_since=2025-12-31T00:00:00Z") == ["Nieuw", "Oud"]


def test_filters_combine(spread, client):
    assert titles(client, "region=noorden&from=2026-06-01") == ["Hollum"]
    assert titles(client, "region=noorden&kind=training") == []


@pytest.mark.parametrize(
    ("query", "blamed"),
    [
        ("region=westen", {"region"}),
        ("kind=feest", {"kind"}),
        ("from=2026-13-01", {"from"}),
        ("from=22-05-2026", {"from"}),
        ("to=morgen", {"to"}),
        ("from=2026-06-01&to=2026-05-01", {"to"}),
        ("bbox=5,52,6", {"bbox"}),
        ("bbox=6,52,5,53", {"bbox"}),
        ("updated_since=gisteren", {"updated_since"}),
        ("ordering=title", {"ordering"}),
        ("limit=0", {"limit"}),
        ("format=xml", {"format"}),
        ("regio=noorden", {"regio"}),
    ],
)
def test_bad_values_are_400_naming_the_parameter(db, client, query, blamed):
    assert invalid(client, query) == blamed


def test_a_bad_filter_on_the_detail_is_400(db, client):
    gathering = make_gathering()
    response = client.get(f"{LIST}/{gathering.slug}?format=kml")
    assert response.status_code == 400
