import datetime

import time_machine
from django.contrib.gis.geos import Polygon

from areas.models import Region
from gatherings.models import Gathering
from gatherings.schedule import AMSTERDAM
from tests.factories import make_initiative
from tests.gatherings.factories import make_gathering


def at(*args):
    return datetime.datetime(*args, tzinfo=AMSTERDAM)


def slugs(queryset):
    return [g.slug for g in queryset]


def test_upcoming_and_past_split_around_now(gatherings, first_of_may):
    published = Gathering.objects.published()
    upcoming = slugs(published.upcoming())
    past = slugs(published.past())
    assert upcoming[0] == "kennismakingsmiddag-midden-2026-05-21"
    assert upcoming[-1] == "online-jamsessie-leren-van-vernieuwers-2026-11-24"
    assert past == [
        "online-jamsessie-leren-van-vernieuwers-2026-04-21",
        "dialoogbijeenkomst-het-8ste-werk-2023-03-21",
    ]
    assert len(upcoming) + len(past) == 9


def test_the_split_moves_by_itself_as_time_passes(gatherings):
    """No job: the same query gives another answer a day later."""
    jam = "online-jamsessie-leren-van-vernieuwers-2026-04-21"
    with time_machine.travel(at(2026, 4, 21, 23, 59), tick=False):
        assert jam in slugs(Gathering.objects.upcoming())
    with time_machine.travel(at(2026, 4, 22, 0, 0), tick=False):
        assert jam in slugs(Gathering.objects.past())


def test_an_all_day_gathering_lasts_until_local_midnight_across_dst(db):
    """On 29 March 2026 the clocks go forward; 25 October they go back."""
    spring = make_gathering(start_date=datetime.date(2026, 3, 29))
    autumn = make_gathering(start_date=datetime.date(2026, 10, 25))
    for gathering, day in ((spring, 29), (autumn, 25)):
        month = gathering.start_date.month
        late = at(2026, month, day, 23, 59, 59)
        after = at(2026, month, day + 1, 0, 0)
        assert Gathering.objects.upcoming(now=late).filter(pk=gathering.pk).exists()
        assert Gathering.objects.past(now=after).filter(pk=gathering.pk).exists()


def test_a_timed_gathering_is_past_when_it_has_ended(db):
    gathering = make_gathering(
        start_date=datetime.date(2026, 10, 25),
        start_time=datetime.time(10),
        end_time=datetime.time(12),
    )
    assert gathering.ends_at == datetime.datetime(2026, 10, 25, 11, tzinfo=datetime.UTC)
    ends = at(2026, 10, 25, 12, 0)
    assert Gathering.objects.upcoming(now=ends - datetime.timedelta(seconds=1)).exists()
    assert Gathering.objects.past(now=ends).exists()


def test_published_hides_drafts_and_keeps_cancellations(db):
    make_gathering(status=Gathering.Status.DRAFT)
    cancelled = make_gathering(status=Gathering.Status.CANCELLED)
    assert list(Gathering.objects.published()) == [cancelled]


def test_region_kind_and_host_filters(gatherings):
    noorden = Region.objects.get(slug="noorden")
    assert slugs(Gathering.objects.in_region(noorden)) == [
        "dialoogbijeenkomst-het-8ste-werk-2023-03-21",
        "kennismakingsmiddag-noorden-2026-05-22",
    ]
    for_noorden = slugs(Gathering.objects.for_region(noorden))
    assert len(for_noorden) == 7  # its own two and the five national ones
    assert "kennismakingsmiddag-noorden-2026-05-22" in for_noorden
    assert "kennismakingsmiddag-midden-2026-05-21" not in for_noorden
    assert "kennismakingsmiddag-zuiden-2026-06-08" not in for_noorden
    assert Gathering.objects.of_kind("jamsessie").count() == 3
    host = make_initiative(name="Nergens")
    assert not Gathering.objects.hosted_by(host).exists()
    kampen = Gathering.objects.get(slug="dialoogbijeenkomst-het-8ste-werk-2023-03-21")
    assert list(Gathering.objects.hosted_by(kampen.host_initiative)) == [kampen]


def test_between_takes_every_gathering_with_a_day_in_the_range(gatherings):
    week = "week-van-de-medezeggenschap-2026-10-05"
    assert slugs(Gathering.objects.between(datetime.date(2026, 10, 9))) == [
        week,
        "online-jamsessie-leren-van-vernieuwers-2026-11-24",
    ]
    assert slugs(
        Gathering.objects.between(
            datetime.date(2026, 10, 6), datetime.date(2026, 10, 6)
        )
    ) == [week]
    assert Gathering.objects.between(end_date=datetime.date(2026, 4, 21)).count() == 2


def test_in_bbox_finds_gatherings_with_a_point(gatherings):
    around_kampen = Polygon.from_bbox((5.8, 52.5, 6.0, 52.6))
    around_kampen.srid = 4326
    assert slugs(Gathering.objects.in_bbox(around_kampen)) == [
        "dialoogbijeenkomst-het-8ste-werk-2023-03-21"
    ]


def test_updated_since(db):
    with time_machine.travel(at(2026, 1, 1, 12), tick=False):
        make_gathering(title="Oud")
    with time_machine.travel(at(2026, 2, 1, 12), tick=False):
        make_gathering(title="Nieuw")
    found = Gathering.objects.updated_since(at(2026, 1, 15))
    assert [g.title for g in found] == ["Nieuw"]
