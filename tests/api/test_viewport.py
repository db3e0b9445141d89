"""The map's viewport data: /api/v1/map/initiatives."""

import random
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.gis.geos import Polygon
from django.core.cache import cache
from django.db import connection
from django.db.models import Sum
from django.urls import reverse

from api import grid, viewport
from api.models import Cell, Grid
from initiatives import services
from initiatives.models import Initiative
from tests.factories import make_initiative

URL = reverse("api:initiative-map")


def scatter(count, *, seed=13, tags=()):
    """`count` published initiatives spread over the Netherlands."""
    rng = random.Random(seed)  # noqa: S311 - test data
    for _ in range(count):
        make_initiative(
            lon=rng.uniform(5.6, 6.6), lat=rng.uniform(51.9, 52.9), tags=tags
        )


@pytest.mark.parametrize("points_at_most", [0, 1000])  # clusters only, points
@pytest.mark.parametrize("zoom", [6, 8, 11])
def test_cluster_counts_add_up_to_the_filtered_total(
    db, geography, client, monkeypatch, zoom, points_at_most
):
    """The clusters' counts and the points sum to the list's count."""
    monkeypatch.setattr(viewport, "POINTS_AT_MOST", points_at_most)
    scatter(40)
    scatter(25, seed=7, tags=["wonen"])
    make_initiative(status=Initiative.Status.PENDING, tags=["wonen"])
    query = "bbox=3.3,50.7,7.3,53.6&tag=wonen"
    listed = client.get(f"{reverse('api:initiative-list')}?{query}&format=json")
    assert listed.json()["count"] == 25
    data = client.get(f"{URL}?{query}&zoom={zoom}").json()
    counted = sum(c["count"] for c in data["clusters"]) + len(data["points"])
    assert data["total"] == counted == 25


def test_many_give_clusters_and_few_give_points(db, geography, client, monkeypatch):
    monkeypatch.setattr(viewport, "POINTS_AT_MOST", 10)
    scatter(30)
    country = client.get(f"{URL}?zoom=6").json()
    assert country["clusters"]
    assert max(c["count"] for c in country["clusters"]) > 1
    close = client.get(f"{URL}?zoom=14&bbox=5.90,52.55,5.92,52.56").json()
    assert close["clusters"] == []


def test_points_carry_every_theme_and_no_private_data(db, geography, client):
    make_initiative(name="Samen", tags=["wonen", "zorg"])
    data = client.get(f"{URL}?zoom=10").json()
    (point,) = data["points"]
    assert point["name"] == "Samen"
    assert point["place"] == "Kampen"
    assert point["tags"] == ["wonen", "zorg"]
    assert "initiatiefnemer" not in str(data)


def test_list_is_nearest_first_around_a_place(db, geography, client):
    make_initiative(name="Ver", lon=5.80, lat=52.50)
    make_initiative(name="Dichtbij", lon=5.911, lat=52.555)
    data = client.get(f"{URL}?zoom=10&place=Kampen").json()
    assert [item["name"] for item in data["list"]] == ["Dichtbij", "Ver"]
    assert data["list"][0]["distance_km"] < data["list"][1]["distance_km"]


def test_etag_answers_304_until_the_data_changes(db, geography, client):
    initiative = make_initiative()
    first = client.get(f"{URL}?zoom=7")
    assert first["Cache-Control"] == "public, no-cache"
    again = client.get(f"{URL}?zoom=7", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["Cache-Control"] == "public, no-cache"
    initiative.name = "Nieuwe naam"
    initiative.save()
    changed = client.get(f"{URL}?zoom=7", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed.json()["points"][0]["name"] == "Nieuwe naam"


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("zoom=x", "zoom"),
        ("zoom=23", "zoom"),
        ("zoom=7&bbox=1,2", "bbox"),
        ("zoom=7&tag=geen-thema", "tag"),
        ("zoom=7&place=Xyzzyq", "place"),
        ("zoom=7&colour=red", "colour"),
    ],
)
def test_bad_parameters_are_a_400_naming_them(db, geography, client, query, parameter):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert parameter in response.content.decode()


def test_the_endpoint_is_in_the_openapi_schema(db, client):
    schema = client.get(reverse("api:openapi-json")).json()
    operation = schema["paths"]["/map/initiatives"]["get"]  # under servers: /api/v1
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"zoom", "bbox", "tag", "place", "radiusKm", "q"} <= names


def viewports(count, *, seed=5):
    """Random screens over the scattered initiatives, at zoom 5 to 13."""
    rng = random.Random(seed)  # noqa: S311 - test data
    for _ in range(count):
        zoom = rng.randint(5, 13)
        width = 1280 / 256 * 360 / 2**zoom
        height = width * 900 / 1280 * 0.62
        lon, lat = rng.uniform(5.5, 6.7), rng.uniform(51.8, 53.0)
        box = (lon - width / 2, lat - height / 2, lon + width / 2, lat + height / 2)
        yield zoom, ",".join(f"{n:.5f}" for n in box)


def answer(client, query):
    cache.clear()
    data = client.get(f"{URL}?{query}").json()
    for cluster in data["clusters"]:
        cluster["lon"] = pytest.approx(cluster["lon"], abs=2e-5)
        cluster["lat"] = pytest.approx(cluster["lat"], abs=2e-5)
    return data


@pytest.mark.parametrize("filters", ["", "region=noorden", "tag=wonen"])
def test_precounted_cells_give_the_live_answer(
    db, geography, client, monkeypatch, filters
):
    """Any viewport, pre-counted or grouped live: the same clusters (their
    centroids up to the sums' rounding), points, total and list."""
    monkeypatch.setattr(viewport, "POINTS_AT_MOST", 5)
    scatter(60)
    scatter(30, seed=7, tags=["wonen"])
    make_initiative(status=Initiative.Status.PENDING, tags=["wonen"])
    for zoom, bbox in viewports(12):
        query = f"bbox={bbox}&zoom={zoom}&{filters}"
        precounted = answer(client, query)
        with monkeypatch.context() as live:
            live.setattr(grid, "PRECOUNTED_ZOOM", -1)
            assert answer(client, query) == precounted, query
    assert Grid.objects.count() == 1  # one grid, counted once, for every viewport


def test_a_pending_initiative_counts_once_published(db, geography, client):
    scatter(20)
    pending = make_initiative(status=Initiative.Status.PENDING)
    assert answer(client, "zoom=6")["total"] == 20
    services.publish(initiative=pending)
    assert answer(client, "zoom=6")["total"] == 21
    assert Cell.objects.filter(zoom=6).aggregate(n=Sum("count"))["n"] == 21


def test_the_view_is_the_cells_the_box_touches(db, geography, client):
    """A row just outside the box, in a cell the box touches, counts."""
    width, height = grid.cell_size(10)
    x0, y0, *_ = grid.cells_over(Polygon.from_bbox((5.9, 52.5, 5.95, 52.55)), 10)
    make_initiative(lon=x0 * width + 1e-4, lat=y0 * height + 1e-4)
    data = answer(client, "zoom=10&bbox=5.9,52.5,5.95,52.55")
    assert data["total"] == len(data["points"]) == 1


def test_coarser_cells_are_four_finer_ones():
    """The grouping of every level from the deepest one rests on this."""
    rng = random.Random(3)  # noqa: S311 - test data
    for _ in range(1000):
        x, y = rng.uniform(-180, 180), rng.uniform(-90, 90)
        zoom = rng.randint(0, grid.PRECOUNTED_ZOOM - 1)
        box = Polygon.from_bbox((x, y, x, y))
        x0, y0, *_ = grid.cells_over(box, zoom)
        x1, y1, *_ = grid.cells_over(box, zoom + 1)
        assert (x0, y0) == (x1 // 2, y1 // 2)


@pytest.mark.skipif(
    not connection.ops.spatialite, reason="PostGIS uses its index by itself"
)
def test_spatialite_reads_the_rtree_for_a_box(db):
    """A table rebuild disables the R*Tree; the migrations build it again."""
    box = Polygon.from_bbox((5.8, 52.4, 6.1, 52.7))
    box.srid = 4326
    sql, params = Initiative.objects.published().in_bbox(box).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(row[-1] for row in cursor.fetchall())
    assert "SpatialIndex VIRTUAL TABLE INDEX" in plan


@pytest.mark.skipif(
    connection.ops.spatialite, reason="SQLite's writers take turns by themselves"
)
def test_concurrent_requests_count_a_grid_once(transactional_db, monkeypatch):
    """Two requests find the grid out of date at once: one counts, the other
    waits for it and reads its cells."""
    scatter(30)
    Grid.objects.create(name="all", version="v0")
    inserts = []
    insert = grid._insert
    monkeypatch.setattr(grid, "_insert", lambda *a: inserts.append(insert(*a)))
    start = threading.Barrier(2)

    def request():
        start.wait()
        try:
            rows = Initiative.objects.published()
            return grid.precounted(rows, 6, None, name="all", version=lambda: "v1")
        finally:
            connection.close()

    with ThreadPoolExecutor(2) as pool:
        answers = [future.result() for future in [pool.submit(request) for _ in "ab"]]
    assert answers[0] == answers[1]
    assert sum(cell["count"] for cell in answers[0]) == 30
    assert len(inserts) == grid.PRECOUNTED_ZOOM + 1  # every level, once
