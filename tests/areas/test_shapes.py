"""Area shapes (hundreds of kilobytes each) are read only where asked for."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from areas.models import Municipality, Region


def shapes_read(sql: list[dict]) -> list[str]:
    return [q["sql"] for q in sql if "boundary" in q["sql"] or "outline" in q["sql"]]


def get_without_shapes(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    assert queries.captured_queries  # the page did read the database
    assert shapes_read(queries.captured_queries) == []
    return response


@pytest.mark.parametrize("params", [{}, {"province": "Overijssel"}])
def test_the_municipalities_api_reads_no_shapes(db, client, params):
    body = get_without_shapes(client, "/api/v1/municipalities", **params).json()
    assert {"code": "GM0166", "name": "Kampen", "province": "PV23"} in body


def test_the_provinces_api_reads_no_shapes(db, client):
    body = get_without_shapes(client, "/api/v1/provinces").json()
    overijssel = next(row for row in body if row["code"] == "PV23")
    assert overijssel["name"] == "Overijssel" and overijssel["region"]


def test_the_admins_initiative_list_reads_no_shapes(seeded, admin_client):
    url = reverse("admin:initiatives_initiative_changelist")
    response = get_without_shapes(admin_client, url, region__id__exact=1)
    assert response.context["cl"].result_count > 0


def test_the_directory_and_the_api_list_read_no_shapes(seeded, client):
    get_without_shapes(client, reverse("initiatives:list"), place="Kampen")
    get_without_shapes(client, "/api/v1/initiatives")


def test_shapes_are_read_when_asked_for(db):
    kampen = Municipality.objects.get(code="GM0166")
    assert "boundary" in kampen.get_deferred_fields()
    shaped = Region.objects.with_shapes().get(slug="midden")
    assert shaped.boundary is not None and not shaped.get_deferred_fields()


def test_the_regions_api_still_gives_the_shapes(
    db, client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        body = client.get("/api/v1/regions").json()
    assert all(f["geometry"]["type"] == "MultiPolygon" for f in body["features"])
    assert len(body["features"]) == 3


@pytest.mark.parametrize("model", ["province", "municipality", "place"])
def test_the_admins_area_lists_read_no_shapes(db, admin_client, model):
    url = reverse(f"admin:areas_{model}_changelist")
    assert get_without_shapes(admin_client, url).context["cl"].result_count > 0


def test_an_areas_admin_page_still_shows_its_shape(db, admin_client):
    kampen = Municipality.objects.get(code="GM0166")
    response = admin_client.get(
        reverse("admin:areas_municipality_change", args=[kampen.pk])
    )
    assert response.status_code == 200
    assert "MULTIPOLYGON (((" in response.text.upper()
