import pytest
from django.core.management import CommandError, call_command

from gatherings.models import Gathering
from initiatives.models import Initiative


def snapshot():
    return list(
        Gathering.objects.order_by("slug").values_list("slug", "sequence", "updated_at")
    )


def test_load_gatherings_loads_the_real_gatherings(gatherings):
    assert Gathering.objects.published().count() == 9
    assert Gathering.objects.filter(start_date__year=2026).count() == 8
    assert Gathering.objects.of_kind("jamsessie").filter(online=True).count() == 3
    kampen = Gathering.objects.get(slug="dialoogbijeenkomst-het-8ste-werk-2023-03-21")
    assert kampen.host_initiative.slug == "het-8ste-werk"
    assert kampen.municipality.name == "Kampen"
    assert "afgeleid" in kampen.description  # the inferred year is said so
    regions = dict(
        Gathering.objects.of_kind("kennismakingsmiddag").values_list(
            "start_date__day", "region__slug"
        )
    )
    assert regions == {21: "midden", 22: "noorden", 8: "zuiden"}


def test_load_gatherings_is_idempotent(gatherings):
    """A second load changes nothing, so no calendar sees a new revision."""
    before = snapshot()
    assert len(before) == 9  # the real gatherings
    call_command("load_gatherings", verbosity=0)
    assert snapshot() == before


def test_load_gatherings_brings_a_changed_gathering_back(gatherings):
    middag = Gathering.objects.get(slug="kennismakingsmiddag-noorden-2026-05-22")
    middag.title = "Verkeerd"
    middag.save()
    call_command("load_gatherings", verbosity=0)
    middag.refresh_from_db()
    assert middag.title.startswith("Kennismakingsmiddag")
    assert middag.sequence == 2  # changed by hand, then restored
    assert Gathering.objects.count() == 9


def test_load_gatherings_needs_the_initiatives_first(db):
    Initiative.objects.filter(slug="het-8ste-werk").delete()
    with pytest.raises(CommandError, match="het-8ste-werk"):
        call_command("load_gatherings", verbosity=0)
    assert not Gathering.objects.exists()  # all or nothing
