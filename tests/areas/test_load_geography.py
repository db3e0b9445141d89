import pytest
from django.core.management import call_command

from areas.models import Municipality, Place, Postcode, Province, Region

MODELS = (Region, Province, Municipality, Place, Postcode)


def snapshot():
    return {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in MODELS
    }


def test_geography_is_complete(db):
    assert Province.objects.count() == 12
    assert Municipality.objects.count() == 342
    assert Place.objects.count() == 7729
    assert Postcode.objects.count() == 4086
    regions = {
        r.slug: sorted(r.provinces.values_list("name", flat=True))
        for r in Region.objects.all()
    }
    assert regions == {
        "noorden": ["Drenthe", "Fryslân", "Groningen", "Overijssel"],
        "midden": [
            "Flevoland",
            "Gelderland",
            "Noord-Holland",
            "Utrecht",
            "Zuid-Holland",
        ],
        "zuiden": ["Limburg", "Noord-Brabant", "Zeeland"],
    }


def test_region_boundary_is_the_union_of_its_provinces(db):
    noorden = Region.objects.get(slug="noorden")
    provinces_area = sum(p.boundary.area for p in noorden.provinces.all())
    assert noorden.boundary.area == pytest.approx(provinces_area, rel=1e-6)
    assert noorden.outline is not None


@pytest.mark.slow
def test_load_geography_is_idempotent(db):
    before = snapshot()
    kampen = Municipality.objects.get(code="GM0166")
    call_command("load_geography", verbosity=0)
    assert snapshot() == before
    assert Municipality.objects.get(code="GM0166").boundary.equals(kampen.boundary)


def test_load_geography_keeps_a_grouping_edited_by_hand(db):
    utrecht = Province.objects.get(name="Utrecht")
    utrecht.region = Region.objects.get(slug="zuiden")
    utrecht.save()
    call_command("load_geography", verbosity=0)
    utrecht.refresh_from_db()
    assert utrecht.region.slug == "zuiden"
