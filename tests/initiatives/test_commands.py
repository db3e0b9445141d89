import pytest
from django.core.management import CommandError, call_command

from initiatives.models import (
    Initiative,
    Municipality,
    Place,
    Postcode,
    Province,
    Region,
    Tag,
)
from tests.factories import make_initiative

MODELS = (Region, Province, Municipality, Place, Postcode, Tag)


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


def test_load_initiatives_is_idempotent(seeded):
    updated = dict(Initiative.objects.values_list("slug", "updated_at"))
    assert len(updated) == 3  # the real initiatives
    call_command("load_initiatives", verbosity=0)
    assert dict(Initiative.objects.values_list("slug", "updated_at")) == updated


def test_demo_data_lies_inside_the_provinces_and_is_deterministic(db):
    call_command("demo_data", count=300, seed=7, verbosity=0)
    demo = Initiative.objects.demo()
    assert demo.count() == 300
    for initiative in demo.select_related("province"):
        assert initiative.province.boundary.contains(initiative.location)
        assert initiative.municipality.boundary.contains(initiative.location)
        assert initiative.region_id == initiative.province.region_id
    assert demo.filter(tags__isnull=True).count() == 0
    assert demo.published().count() == 300
    first = list(demo.order_by("slug").values_list("slug", "location")[:20])
    call_command("demo_data", remove=True, verbosity=0)
    call_command("demo_data", count=300, seed=7, verbosity=0)
    again = list(
        Initiative.objects.demo().order_by("slug").values_list("slug", "location")[:20]
    )
    assert [(s, p.coords) for s, p in again] == [(s, p.coords) for s, p in first]


def test_demo_data_spreads_over_all_regions(db):
    call_command("demo_data", count=500, seed=3, verbosity=0)
    per_region = {
        slug: Initiative.objects.demo().filter(region__slug=slug).count()
        for slug in ("noorden", "midden", "zuiden")
    }
    assert all(n > 50 for n in per_region.values()), per_region


def test_demo_data_remove_removes_only_demo_data(db):
    real = make_initiative()
    call_command("demo_data", count=50, seed=1, verbosity=0)
    call_command("demo_data", remove=True, verbosity=0)
    assert list(Initiative.objects.all()) == [real]


def test_demo_data_refuses_a_seed_that_is_already_there(db):
    call_command("demo_data", count=5, seed=1, verbosity=0)
    with pytest.raises(CommandError):
        call_command("demo_data", count=5, seed=1, verbosity=0)
    assert Initiative.objects.count() == 5
