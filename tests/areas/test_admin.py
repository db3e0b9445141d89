from django.contrib.gis.geos import Point
from django.urls import reverse

from areas.models import Province, Region
from gatherings.models import Gathering
from initiatives.models import Initiative
from tests.gatherings.factories import make_gathering

ZWOLLE = Point(6.0944, 52.5168, srid=4326)


def slugs(client, region):
    response = client.get("/api/v1/initiatives", {"region": region, "format": "json"})
    assert response.status_code == 200
    return {row["slug"] for row in response.json()["results"]}


def test_moving_a_province_to_another_region_moves_what_lies_in_it(
    seeded, admin_client, client
):
    overijssel = Province.objects.get(name="Overijssel")
    midden = Region.objects.get(slug="midden")
    gathering = make_gathering()  # in Kampen, Overijssel
    assert gathering.region.slug == "noorden"
    assert "het-8ste-werk" in slugs(client, "noorden")

    response = admin_client.post(
        reverse("admin:areas_province_change", args=[overijssel.pk]),
        {"name": "Overijssel", "region": midden.pk},
    )

    assert response.status_code == 302
    assert Initiative.objects.get(slug="het-8ste-werk").region == midden
    moved = Gathering.objects.get(pk=gathering.pk)
    assert (moved.region, moved.sequence) == (midden, gathering.sequence + 1)
    assert "het-8ste-werk" in slugs(client, "midden")
    assert "het-8ste-werk" not in slugs(client, "noorden")
    assert Region.objects.get(slug="midden").boundary.contains(ZWOLLE)
    assert not Region.objects.get(slug="noorden").boundary.contains(ZWOLLE)


def test_the_changelist_moves_provinces_too(seeded, admin_client):
    provinces = list(Province.objects.order_by("name"))
    zuiden = Region.objects.get(slug="zuiden")
    data = {
        "form-TOTAL_FORMS": len(provinces),
        "form-INITIAL_FORMS": len(provinces),
        "_save": "Save",
    }
    for i, province in enumerate(provinces):
        region = zuiden if province.name == "Overijssel" else province.region
        data |= {f"form-{i}-id": province.pk, f"form-{i}-region": region.pk}

    response = admin_client.post(reverse("admin:areas_province_changelist"), data)

    assert response.status_code == 302
    assert Initiative.objects.get(slug="het-8ste-werk").region == zuiden
    assert Initiative.objects.get(slug="de-holm").region.slug == "noorden"
