import datetime

import pytest
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError

from areas.models import Region
from gatherings.models import Gathering
from initiatives.models import Initiative
from tests.factories import make_initiative
from tests.gatherings.factories import make_gathering

DAY = datetime.date(2026, 5, 22)


def errors_of(**fields):
    with pytest.raises(ValidationError) as caught:
        make_gathering(**fields)
    return caught.value.message_dict


def test_location_gives_municipality_province_and_region(db):
    gathering = make_gathering(lon=6.56, lat=53.22)  # Groningen
    assert gathering.municipality.name == "Groningen"
    assert gathering.province.name == "Groningen"
    assert gathering.region.slug == "noorden"


def test_a_derived_region_wins_over_one_set_by_hand(db):
    midden = Region.objects.get(slug="midden")
    gathering = make_gathering(region=midden)  # in Kampen: noorden
    assert gathering.region.slug == "noorden"


def test_a_regional_gathering_keeps_its_region_without_location(db):
    zuiden = Region.objects.get(slug="zuiden")
    gathering = make_gathering(lon=None, region=zuiden)
    assert gathering.region == zuiden
    assert gathering.municipality is None


def test_location_outside_the_netherlands_is_refused(db):
    errors = errors_of(lon=4.35, lat=50.85)  # Brussels
    assert "location" in errors
    assert not Gathering.objects.exists()


def test_host_initiative_gives_its_location_and_place(db):
    host = make_initiative(
        name="Het Erf", lon=6.50833, lat=53.3925, place_name="Den Andel"
    )
    gathering = make_gathering(lon=None, host_initiative=host)
    assert gathering.location.equals(host.location)
    assert gathering.place_name == "Den Andel"
    assert gathering.region.slug == "noorden"


@pytest.mark.parametrize(
    "status", [Initiative.Status.PENDING, Initiative.Status.REJECTED]
)
def test_a_never_published_initiative_cannot_host(db, status):
    """Its location would show through the gathering."""
    host = make_initiative(status=status)
    assert "host_initiative" in errors_of(lon=None, host_initiative=host)
    assert not Gathering.objects.exists()


def test_an_online_gathering_has_no_location(db):
    errors = errors_of(online=True)
    assert "online" in errors
    gathering = make_gathering(online=True, lon=None)
    assert gathering.region is None


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"end_date": DAY - datetime.timedelta(days=1)}, "end_date"),
        ({"end_time": datetime.time(16)}, "end_time"),
        ({"start_time": datetime.time(14), "end_time": datetime.time(13)}, "end_time"),
        (
            {"start_time": datetime.time(14), "end_date": DAY + datetime.timedelta(1)},
            "end_time",
        ),
        (
            {
                "start_date": datetime.date(2026, 3, 29),
                "start_time": datetime.time(2, 30),
            },
            "start_time",
        ),
        ({"slug": "agenda"}, "slug"),
    ],
)
def test_invalid_dates_and_times_are_field_errors(db, fields, field):
    assert field in errors_of(**fields)
    assert not Gathering.objects.exists()


def test_one_day_gathering_ends_on_its_start_date(db):
    gathering = make_gathering()
    assert gathering.end_date == gathering.start_date
    assert gathering.all_day
    assert not gathering.multi_day


def test_slug_is_made_from_title_and_date_and_never_changes(db):
    first = make_gathering(title="Struinen in het Land")
    second = make_gathering(title="Struinen in het Land")
    assert first.slug == "struinen-in-het-land-2026-05-22"
    assert second.slug == "struinen-in-het-land-2026-05-22-2"
    first.title = "Struinen in het noorden"
    first.save()
    first.refresh_from_db()
    assert first.slug == "struinen-in-het-land-2026-05-22"


def test_a_revision_raises_the_sequence_and_a_plain_save_does_not(db):
    gathering = make_gathering()
    assert gathering.sequence == 0
    gathering.save()
    gathering = Gathering.objects.get(pk=gathering.pk)
    gathering.save()
    assert gathering.sequence == 0
    gathering.start_time = datetime.time(14)
    gathering.save()
    assert Gathering.objects.get(pk=gathering.pk).sequence == 1
    gathering.location = Point(6.56, 53.22, srid=4326)
    gathering.save()
    assert Gathering.objects.get(pk=gathering.pk).sequence == 2
