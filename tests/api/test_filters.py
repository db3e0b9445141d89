import datetime as dt

import pytest
import time_machine

from initiatives.models import Initiative
from tests.factories import make_initiative

LIST = "/api/v1/initiatives"


def slugs(client, query):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200, response.content
    return sorted(f["properties"]["slug"] for f in response.json()["features"])


def invalid(client, query):
    """The names of the parameters a 400 problem response blames."""
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 400 and problem["title"] == "Ongeldig verzoek"
    assert all(p["reason"] for p in problem["invalidParams"])
    return {p["name"] for p in problem["invalidParams"]}


HOLM, KAMPEN, AUSTERLITZ = "de-holm", "het-8ste-werk", "zorgcooperatie-austerlitz"


def test_bbox(seeded, client):
    assert slugs(client, "bbox=5.8,52.4,6.1,52.7") == [KAMPEN]
    assert slugs(client, "bbox=3.3,50.7,7.3,53.6") == [HOLM, KAMPEN, AUSTERLITZ]
    assert slugs(client, "bbox=4,51,4.1,51.1") == []


@pytest.mark.parametrize(
    "value",
    ["5,52,6", "5,52,6,53,7", "6,52,5,53", "a,b,c,d", "5,52,6,nan", "5,95,6,96"],
)
def test_bad_bbox_is_400(db, client, value):
    assert invalid(client, f"bbox={value}") == {"bbox"}


def test_near_orders_by_true_distance(db, client):
    """A degree of longitude at 52°N is 68.68 km, not 111 km (Vincenty)."""
    east = make_initiative(name="Oost", lon=6.0, lat=52.0)
    make_initiative(name="Verder", lon=6.3, lat=52.0)
    body = client.get(f"{LIST}?near=52.0,5.0&radius_km=100").json()
    assert [f["properties"]["name"] for f in body["features"]] == ["Oost", "Verder"]
    distance = body["features"][0]["properties"]["distance_km"]
    assert distance == pytest.approx(68.677, rel=0.005)
    assert slugs(client, "near=52.0,5.0&radius_km=69") == [east.slug]
    assert slugs(client, "near=52.0,5.0&radius_km=68.3") == []


def test_distance_only_with_near(seeded, client):
    feature = client.get(LIST).json()["features"][0]
    assert "distance_km" not in feature["properties"]
    text = client.get(f"{LIST}?format=csv&near=52.5,5.9").text
    assert "distance_km" in text.splitlines()[0]


def test_near_defaults_to_25_km(seeded, client):
    assert slugs(client, "near=52.5,5.9") == [KAMPEN]


@pytest.mark.parametrize(
    ("query", "blamed"),
    [
        ("near=200,5", {"near"}),
        ("near=52,500", {"near"}),
        ("near=52", {"near"}),
        ("near=52,5&radius_km=-1", {"radius_km"}),
        ("near=52,5&radius_km=0", {"radius_km"}),
        ("near=52,5&radius_km=100000", {"radius_km"}),
        ("near=52,5&radius_km=far", {"radius_km"}),
        ("radius_km=10", {"radius_km"}),
        ("near=52,5&place=Kampen", {"place"}),
        ("place=Xyzzyville", {"place"}),
        ("ordering=distance", {"ordering"}),
    ],
)
def test_bad_near_is_400(seeded, client, query, blamed):
    assert invalid(client, query) == blamed


def test_place_is_resolved_like_near(seeded, client):
    assert slugs(client, "place=Kampen&radius_km=5") == [KAMPEN]
    assert slugs(client, "place=8261") == [KAMPEN]  # a PC4 postcode in Kampen
    body = client.get(f"{LIST}?place=Kampen").json()
    assert body["features"][0]["properties"]["distance_km"] < 5


def test_region_province_municipality(seeded, client):
    assert slugs(client, "region=noorden") == [HOLM, KAMPEN]
    assert slugs(client, "region=midden") == [AUSTERLITZ]
    assert slugs(client, "province=PV23") == [KAMPEN]
    assert slugs(client, "province=groningen") == [HOLM]
    assert slugs(client, "municipality=GM0166") == [KAMPEN]
    assert slugs(client, "municipality=Zeist") == [AUSTERLITZ]
    assert slugs(client, "region=zuiden") == []


@pytest.mark.parametrize(
    "query", ["region=atlantis", "province=PV99", "municipality=Gotham"]
)
def test_unknown_area_is_400(seeded, client, query):
    assert invalid(client, query) == {query.split("=")[0]}


def test_tags_all_of_and_any_of(seeded, client):
    assert slugs(client, "tag=wonen&tag=zorg") == [HOLM, AUSTERLITZ]
    assert slugs(client, "tag=zorg&tag=eenzaamheid") == []
    assert slugs(client, "tag_any=dementie&tag_any=eenzaamheid") == [
        KAMPEN,
        AUSTERLITZ,
    ]
    assert slugs(client, "tag_any=wonen&tag_any=zorg") == [HOLM, KAMPEN, AUSTERLITZ]


@pytest.mark.parametrize("query", ["tag=nope", "tag=zorg&tag=nope", "tag_any=nope"])
def test_unknown_tag_is_400(seeded, client, query):
    assert invalid(client, query) == {query.split("=")[-2].split("&")[-1]}


def test_text_search(seeded, client):
    assert slugs(client, "q=dorp") == [HOLM, AUSTERLITZ]
    assert slugs(client, "q=Den Andel") == [HOLM]
    assert slugs(client, "q=DEMENTIE") == [AUSTERLITZ]
    assert slugs(client, "q=nergens") == []


def test_filters_combine(seeded, client):
    assert slugs(client, "region=noorden&tag=zorg") == [HOLM]
    assert slugs(client, "region=noorden&q=eten&near=52.5,5.9") == [KAMPEN]
    assert slugs(client, "bbox=3.3,50.7,7.3,53.6&tag=dementie") == [AUSTERLITZ]


def test_ordering(db, client):
    with time_machine.travel(dt.datetime(2026, 1, 1, tzinfo=dt.UTC)):
        make_initiative(name="B")
    with time_machine.travel(dt.datetime(2026, 2, 1, tzinfo=dt.UTC)):
        make_initiative(name="A")

    def names(query):
        return [
            f["properties"]["name"] for f in client.get(LIST + query).json()["features"]
        ]

    assert names("") == ["A", "B"]
    assert names("?ordering=-name") == ["B", "A"]
    assert names("?ordering=created") == ["B", "A"]
    assert names("?ordering=-updated") == ["A", "B"]
    assert invalid(client, "ordering=popularity") == {"ordering"}


def test_unknown_parameter_is_400(seeded, client):
    """A misspelt filter never silently returns everything."""
    assert invalid(client, "regio=noorden") == {"regio"}


def test_updated_since_returns_changes_and_tombstones(db, client):
    with time_machine.travel(dt.datetime(2026, 1, 1, tzinfo=dt.UTC)):
        old = make_initiative(name="Oud")
        archived = make_initiative(name="Gearchiveerd")
        deleted = make_initiative(name="Verwijderd")
        make_initiative(name="Nooit gepubliceerd", status="pending")
    with time_machine.travel(dt.datetime(2026, 3, 1, tzinfo=dt.UTC), tick=False):
        archived.status = Initiative.Status.ARCHIVED
        archived.save()
        fresh = make_initiative(name="Nieuw")
    with time_machine.travel(dt.datetime(2026, 3, 2, tzinfo=dt.UTC)):
        deleted_id = deleted.id
        deleted.delete()
    body = client.get(f"{LIST}?updated_since=2026-02-01T00:00:00Z").json()
    got = [(f["id"], f["properties"]["status"]) for f in body["features"]]
    # oldest change first; equal moments by id
    assert got == [
        (archived.id, "archived"),
        (fresh.id, "published"),
        (deleted_id, "deleted"),
    ]
    tombstones = [
        f for f in body["features"] if f["properties"]["status"] != "published"
    ]
    for tombstone in tombstones:
        assert tombstone["geometry"] is None
        assert set(tombstone["properties"]) == {"id", "status", "updated"}
    assert body["count"] == 3
    assert old.id not in [f["id"] for f in body["features"]]


def test_updated_since_filters_the_changes_but_not_the_tombstones(db, client):
    """Filters apply to public rows only: a tombstone's current values are
    private, so every tombstone comes back whatever the filters."""
    make_initiative(name="Kampen")  # noorden
    austerlitz = make_initiative(name="Austerlitz", lon=5.31528, lat=52.08)
    austerlitz.status = Initiative.Status.ARCHIVED
    austerlitz.save()
    tombstone = (None, "archived")
    for region, expected in (
        ("midden", [tombstone]),
        ("noorden", [("Kampen", "published"), tombstone]),
    ):
        body = client.get(f"{LIST}?updated_since=2000-01-01&region={region}").json()
        got = [
            (f["properties"].get("name"), f["properties"]["status"])
            for f in body["features"]
        ]
        assert got == expected, region


@pytest.mark.parametrize(
    ("query", "blamed"),
    [
        ("updated_since=gisteren", {"updated_since"}),
        ("updated_since=2026-13-45", {"updated_since"}),
        ("updated_since=2026-01-01&ordering=name", {"ordering"}),
    ],
)
def test_bad_updated_since_is_400(db, client, query, blamed):
    assert invalid(client, query) == blamed


def test_updated_since_in_csv_and_json(db, client):
    gone = make_initiative()
    gone_id = gone.id
    gone.delete()
    text = client.get(f"{LIST}?updated_since=2000-01-01&format=csv").text
    assert text.splitlines()[1].startswith(f"{gone_id},,")
    assert ",deleted," in text
    results = client.get(f"{LIST}?updated_since=2000-01-01&format=json").json()
    assert results["results"][0]["status"] == "deleted"


@pytest.mark.parametrize(
    "value", ["7892-09-09T14:37:02%2B22:49", "0001-01-01T00:00:00%2B05:00"]
)
def test_updated_since_with_extreme_offsets(db, client, value):
    """Found by schemathesis on PostGIS: odd offsets are a 200 or a 400."""
    response = client.get(f"{LIST}?updated_since={value}")
    assert response.status_code in (200, 400)


def test_every_wrong_parameter_is_reported_at_once(db, client):
    """Filters and paging alike: a client fixes its request in one go."""
    query = "bbox=5,52,6&tag=nergens&limit=0&offset=x"
    assert invalid(client, query) == {"bbox", "tag", "limit", "offset"}
    assert invalid(client, "limit=5000&cursor=vals") == {"limit", "cursor"}


def test_every_wrong_ogc_parameter_is_reported_at_once(db, client):
    response = client.get(
        "/ogc/collections/initiatives/items",
        {
            "bbox": "5,52,6",
            "sortby": "geheim",
            "limit": "0",
            "skipGeometry": "misschien",
            "properties": "email",
        },
    )
    assert response.status_code == 400, response.content
    names = {p["name"] for p in response.json()["invalidParams"]}
    assert names == {"bbox", "sortby", "limit", "skipGeometry", "properties"}


def test_every_wrong_map_parameter_is_reported_at_once(db, client):
    response = client.get("/api/v1/map/initiatives", {"zoom": "99", "bbox": "5,52"})
    assert response.status_code == 400, response.content
    assert {p["name"] for p in response.json()["invalidParams"]} == {"zoom", "bbox"}
