import pytest
from django.core.management import CommandError, call_command

from initiatives.models import Initiative, Tag
from tests.factories import make_initiative


def test_load_themes_is_idempotent(db):
    before = list(Tag.objects.values_list("pk", "slug", "name"))
    assert before
    call_command("load_themes", verbosity=0)
    assert list(Tag.objects.values_list("pk", "slug", "name")) == before


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
