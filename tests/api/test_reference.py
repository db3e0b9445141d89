import pytest
from django.contrib.gis.geos import GEOSGeometry

from api.reference import wound
from tests.factories import make_initiative


def test_regions_as_geojson(db, client):
    response = client.get("/api/v1/regions")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    body = response.json()
    assert [f["id"] for f in body["features"]] == ["noorden", "midden", "zuiden"]
    noorden = body["features"][0]
    assert noorden["properties"]["provinces"] == ["PV20", "PV21", "PV22", "PV23"]
    assert noorden["geometry"]["type"] == "MultiPolygon"


def _points(client, query):
    feature = client.get("/api/v1/regions" + query).json()["features"][0]
    return GEOSGeometry(str(feature["geometry"]).replace("'", '"')).num_points


def test_region_geometry_light_full_simplified(db, client):
    light, full = _points(client, ""), _points(client, "?geometry=full")
    simplified = _points(client, "?geometry=full&simplify=0.05")
    assert simplified < light < full
    body = client.get("/api/v1/regions?geometry=none").json()
    assert [f["geometry"] for f in body["features"]] == [None, None, None]


@pytest.mark.parametrize(
    "query",
    [
        "geometry=huge",
        "simplify=-1",
        "simplify=abc",
        "simplify=5",
        "simplify=0.1&geometry=none",
        "x=1",
    ],
)
def test_bad_region_parameters_are_400(db, client, query):
    response = client.get(f"/api/v1/regions?{query}")
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == query.split("=")[0]


def test_provinces_and_municipalities(db, client):
    provinces = client.get("/api/v1/provinces").json()
    assert len(provinces) == 12
    assert {"code": "PV20", "name": "Groningen", "region": "noorden"} in provinces
    municipalities = client.get("/api/v1/municipalities").json()
    assert len(municipalities) == 342
    assert "boundary" not in municipalities[0] and "geometry" not in municipalities[0]
    in_overijssel = client.get("/api/v1/municipalities?province=PV23").json()
    assert {"code": "GM0166", "name": "Kampen", "province": "PV23"} in in_overijssel
    assert all(m["province"] == "PV23" for m in in_overijssel)
    by_name = client.get("/api/v1/municipalities?province=Overijssel").json()
    assert by_name == in_overijssel
    assert client.get("/api/v1/municipalities?province=PV99").status_code == 400


def test_tags_count_published_only(seeded, client):
    make_initiative(status="pending", tags=["ggz"])
    tags = {t["slug"]: t["count"] for t in client.get("/api/v1/tags").json()}
    assert tags["wonen"] == 3 and tags["zorg"] == 2 and tags["ggz"] == 0


def test_places_autocomplete(db, client):
    places = client.get("/api/v1/places?q=Kampen").json()
    assert places[0]["name"] == "Kampen"
    assert places[0]["municipality"] == "Kampen"
    assert places[0]["lat"] == pytest.approx(52.55, abs=0.05)
    assert len(client.get("/api/v1/places?q=a&limit=3").json()) <= 3


@pytest.mark.parametrize("query", ["", "?q=", "?q=kampen&limit=0", "?q=x&limit=99"])
def test_bad_place_queries_are_400(db, client, query):
    assert client.get("/api/v1/places" + query).status_code == 400


def test_stats(seeded, client):
    make_initiative(status="pending")
    stats = client.get("/api/v1/stats").json()
    assert stats["total"] == 3
    assert {"key": "noorden", "count": 2} in stats["regions"]
    assert {"key": "PV26", "count": 1} in stats["provinces"]
    assert {"key": "wonen", "count": 3} in stats["tags"]


@pytest.mark.parametrize(
    "url", ["/api/v1/provinces", "/api/v1/tags", "/api/v1/stats", "/api/v1/regions"]
)
def test_reference_query_counts_are_small(
    db, client, django_assert_max_num_queries, url
):
    with django_assert_max_num_queries(4):
        assert client.get(url).status_code == 200


def _twice_area(ring):
    return sum(
        x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False)
    )


@pytest.mark.parametrize("query", ["", "?geometry=full", "?simplify=0.01"])
def test_region_rings_are_wound_as_rfc_7946_asks(db, client, query):
    """Exterior rings counter-clockwise (positive area), holes clockwise."""
    rings = 0
    for feature in client.get("/api/v1/regions" + query).json()["features"]:
        for polygon in feature["geometry"]["coordinates"]:
            assert _twice_area(polygon[0]) > 0
            assert all(_twice_area(hole) < 0 for hole in polygon[1:])
            rings += len(polygon)
    assert rings >= 3


def test_winding_turns_clockwise_exteriors_and_counter_clockwise_holes():
    square = [[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]  # clockwise
    hole = [[0.2, 0.2], [0.8, 0.2], [0.8, 0.8], [0.2, 0.2]]  # counter-clockwise
    polygon = wound({"type": "Polygon", "coordinates": [square[:], hole[:]]})
    assert polygon["coordinates"] == [square[::-1], hole[::-1]]
