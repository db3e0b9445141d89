"""A record's areas are derived on save, and only when its location moved;
validation checks the location and changes nothing."""

import pytest
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from areas.models import Municipality
from gatherings.models import Gathering
from initiatives.models import Initiative
from tests.factories import make_initiative
from tests.gatherings.factories import make_gathering

UTRECHT = Point(5.1214, 52.0907, srid=4326)
NORTH_SEA = Point(3.0, 53.5, srid=4326)


def boundary_reads(queries) -> list[str]:
    table = Municipality._meta.db_table
    return [query["sql"] for query in queries if table in query["sql"]]


def test_saving_a_confirmation_looks_up_no_municipality(db):
    initiative = Initiative.objects.get(pk=make_initiative().pk)
    initiative.confirmed_at = timezone.now()
    with CaptureQueriesContext(connection) as queries:
        initiative.save(update_fields=["confirmed_at"])
    assert len(queries) >= 1  # the update itself
    assert boundary_reads(queries) == []


@pytest.mark.parametrize("model", [Initiative, Gathering])
def test_a_moved_location_is_looked_up_again(db, model):
    record = make_initiative() if model is Initiative else make_gathering()
    record = model.objects.get(pk=record.pk)
    assert record.municipality.name == "Kampen"
    record.location = UTRECHT.clone()
    record.full_clean()
    record.save()
    record.refresh_from_db()
    assert (record.municipality.name, record.province.name) == ("Utrecht", "Utrecht")


@pytest.mark.parametrize("model", [Initiative, Gathering])
def test_full_clean_leaves_the_derived_fields_unchanged(db, model):
    record = make_initiative() if model is Initiative else make_gathering()
    record = model.objects.get(pk=record.pk)
    before = (record.municipality_id, record.province_id, record.region_id)
    record.location = UTRECHT.clone()
    record.full_clean()
    assert (record.municipality_id, record.province_id, record.region_id) == before


def test_full_clean_leaves_a_gatherings_schedule_unchanged(db):
    gathering = Gathering.objects.get(pk=make_gathering().pk)
    gathering.end_date = None
    starts_at = gathering.starts_at
    gathering.start_date = gathering.start_date.replace(day=23)
    gathering.full_clean()
    assert (gathering.end_date, gathering.starts_at) == (None, starts_at)


def test_a_location_outside_the_country_is_refused_and_nothing_changes(db):
    initiative = Initiative.objects.get(pk=make_initiative().pk)
    initiative.location = NORTH_SEA.clone()
    with pytest.raises(ValidationError) as refused:
        initiative.full_clean()
    assert "location" in refused.value.message_dict
    assert initiative.municipality.name == "Kampen"
