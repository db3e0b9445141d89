"""The iCalendar feeds, read back with icalendar and with vobject."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from django.urls import reverse

from gatherings import services
from gatherings.models import Gathering
from tests.gatherings.factories import make_gathering

UTC = datetime.UTC


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content


def events_by_uid(content):
    calendar = icalendar.Calendar.from_ical(content)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def region_feed(region):
    return reverse("gatherings:region-feed", kwargs={"region": region})


def test_feed_holds_every_public_gathering_with_stable_uids(
    client, gatherings, first_of_may
):
    make_gathering(title="Concept", status=Gathering.Status.DRAFT)
    events = events_by_uid(fetch(client, reverse("gatherings:feed")))
    assert set(events) == {
        f"{slug}@omzien.nl"
        for slug in Gathering.objects.published()
        .filter(start_date__year=2026)
        .values_list("slug", flat=True)
    }
    assert len(events) == 8  # the 2023 dialogue is more than a year ago
    week = events["week-van-de-medezeggenschap-2026-10-05@omzien.nl"]
    assert week["SUMMARY"] == "Week van de Medezeggenschap: Land van Omzien"
    assert week["URL"] == (
        "http://testserver/bijeenkomsten/week-van-de-medezeggenschap-2026-10-05/"
    )


@pytest.mark.parametrize(
    ("region", "own", "others"),
    [
        ("noorden", "kennismakingsmiddag-noorden-2026-05-22", ("midden", "zuiden")),
        ("midden", "kennismakingsmiddag-midden-2026-05-21", ("noorden", "zuiden")),
        ("zuiden", "kennismakingsmiddag-zuiden-2026-06-08", ("noorden", "midden")),
    ],
)
def test_region_feed_holds_its_own_and_the_national_gatherings(
    client, gatherings, first_of_may, region, own, others
):
    uids = set(events_by_uid(fetch(client, region_feed(region))))
    assert f"{own}@omzien.nl" in uids
    assert "online-jamsessie-leren-van-vernieuwers-2026-06-02@omzien.nl" in uids
    assert not any(f"-{other}-" in uid for uid in uids for other in others)
    assert len(uids) == 6  # its afternoon, three jam sessions, training, week


def test_unknown_region_feed_is_404(client, gatherings):
    assert client.get(region_feed("westen")).status_code == 404


def test_all_day_events_are_dates_with_exclusive_end(client, gatherings, first_of_may):
    content = fetch(client, reverse("gatherings:feed"))
    assert b"DTSTART;VALUE=DATE:20261005" in content
    assert b"DTEND;VALUE=DATE:20261010" in content
    week = events_by_uid(content)["week-van-de-medezeggenschap-2026-10-05@omzien.nl"]
    assert week.decoded("DTSTART") == datetime.date(2026, 10, 5)
    assert week.decoded("DTEND") == datetime.date(2026, 10, 10)


def test_timed_events_carry_the_amsterdam_zone_across_dst(client, db):
    """10:00 is 09:00 UTC on 28 March, 08:00 UTC on 29 March (and back in October)."""
    days = {
        datetime.date(2026, 3, 28): 9,
        datetime.date(2026, 3, 29): 8,
        datetime.date(2026, 10, 24): 8,
        datetime.date(2026, 10, 25): 9,
    }
    for day in days:
        make_gathering(
            start_date=day, start_time=datetime.time(10), end_time=datetime.time(12)
        )
    content = fetch(client, reverse("gatherings:feed"))
    calendar = icalendar.Calendar.from_ical(content)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == [
        "Europe/Amsterdam"
    ]
    assert content.count(b"DTSTART;TZID=Europe/Amsterdam:") == 4
    starts = {
        e.decoded("DTSTART").date(): e.decoded("DTSTART").astimezone(UTC).hour
        for e in calendar.walk("VEVENT")
    }
    assert starts == days
    # vobject reads the VTIMEZONE from the feed itself, not from its own zones.
    parsed = vobject.readOne(content.decode())
    vstarts = {
        e.dtstart.value.date(): e.dtstart.value.astimezone(UTC).hour
        for e in parsed.vevent_list
    }
    assert vstarts == days


def test_second_parser_reads_the_region_feed(client, gatherings, first_of_may):
    parsed = vobject.readOne(fetch(client, region_feed("noorden")).decode())
    events = {e.uid.value: e for e in parsed.vevent_list}
    middag = events["kennismakingsmiddag-noorden-2026-05-22@omzien.nl"]
    assert middag.dtstart.value == datetime.date(2026, 5, 22)
    assert middag.dtend.value == datetime.date(2026, 5, 23)
    assert middag.status.value == "CONFIRMED"
    assert middag.location.value.startswith("Regio Noorden")
    assert parsed.x_wr_calname.value.endswith("Noorden")


def test_cancelling_updates_status_and_sequence_in_the_feed(
    client, gatherings, first_of_may
):
    uid = "kennismakingsmiddag-noorden-2026-05-22@omzien.nl"
    before = events_by_uid(fetch(client, region_feed("noorden")))[uid]
    assert (before["STATUS"], before["SEQUENCE"]) == ("CONFIRMED", 0)
    services.cancel(gathering=Gathering.objects.get(slug=uid.split("@")[0]))
    content = fetch(client, region_feed("noorden"))
    after = events_by_uid(content)[uid]
    assert (after["STATUS"], after["SEQUENCE"]) == ("CANCELLED", 1)
    vevent = {e.uid.value: e for e in vobject.readOne(content.decode()).vevent_list}[
        uid
    ]
    assert (vevent.status.value, vevent.sequence.value) == ("CANCELLED", "1")


def test_a_new_date_raises_the_sequence_and_keeps_the_uid(
    client, gatherings, first_of_may
):
    middag = Gathering.objects.get(slug="kennismakingsmiddag-zuiden-2026-06-08")
    middag.start_date = middag.end_date = datetime.date(2026, 6, 9)
    middag.full_clean()
    middag.save()
    event = events_by_uid(fetch(client, region_feed("zuiden")))[
        "kennismakingsmiddag-zuiden-2026-06-08@omzien.nl"
    ]
    assert event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == datetime.date(2026, 6, 9)


def test_single_event_calendar_is_a_download(client, gatherings):
    url = reverse(
        "gatherings:event-calendar",
        kwargs={"slug": "dialoogbijeenkomst-het-8ste-werk-2023-03-21"},
    )
    response = client.get(url)
    assert response["Content-Disposition"].startswith("attachment;")
    events = events_by_uid(response.content)
    event = events["dialoogbijeenkomst-het-8ste-werk-2023-03-21@omzien.nl"]
    assert len(events) == 1
    assert event.decoded("GEO") is not None
    assert (event["GEO"].latitude, event["GEO"].longitude) == (52.555, 5.91111)


def test_drafts_have_no_calendar(client, db):
    draft = make_gathering(status=Gathering.Status.DRAFT)
    url = reverse("gatherings:event-calendar", kwargs={"slug": draft.slug})
    assert client.get(url).status_code == 404


def transition_instants():
    """UTC instants an hour before, at and after every change, 2023-2037."""
    amsterdam = ZoneInfo("Europe/Amsterdam")
    moment = datetime.datetime(2023, 1, 1, tzinfo=UTC)
    instants = []
    while moment.year < 2038:
        following = moment + datetime.timedelta(hours=1)
        if (
            moment.astimezone(amsterdam).utcoffset()
            != following.astimezone(amsterdam).utcoffset()
        ):
            instants += [following - datetime.timedelta(hours=1, minutes=1), following]
        moment = following
    return instants


@pytest.mark.parametrize("parser", ["icalendar", "vobject"])
def test_vtimezone_agrees_with_the_time_zone_database(parser):
    """The feed's own VTIMEZONE gives the offsets zoneinfo gives."""
    from gatherings.calendar import amsterdam_timezone

    text = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n"
        + amsterdam_timezone().to_ical().decode()
        + "END:VCALENDAR\r\n"
    )
    if parser == "icalendar":
        tz = icalendar.Calendar.from_ical(text).walk("VTIMEZONE")[0].to_tz()
    else:
        tz = vobject.readOne(text).vtimezone.gettzinfo()
    amsterdam = ZoneInfo("Europe/Amsterdam")
    instants = transition_instants()
    assert len(instants) == 60  # two changes a year for 15 years
    for instant in instants:
        assert (
            instant.astimezone(tz).utcoffset()
            == instant.astimezone(amsterdam).utcoffset()
        ), instant


def test_text_with_commas_semicolons_and_lines_survives_both_parsers(client, db):
    title = "Samen eten, wonen; leren \\ delen"
    description = "Eerste regel.\nTweede regel, met komma."
    make_gathering(title=title, description=description)
    content = fetch(client, reverse("gatherings:feed"))
    (event,) = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert (event["SUMMARY"], event["DESCRIPTION"]) == (title, description)
    vevent = vobject.readOne(content.decode()).vevent
    assert (vevent.summary.value, vevent.description.value) == (title, description)


def test_timed_events_without_an_end_get_a_duration(client, db):
    make_gathering(start_time=datetime.time(10))
    make_gathering(start_time=datetime.time(14), end_time=datetime.time(16))
    content = fetch(client, reverse("gatherings:feed"))
    open_ended, ended = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert open_ended.decoded("DURATION") == datetime.timedelta(hours=2)
    assert "DTEND" not in open_ended
    assert "DURATION" not in ended and "DTEND" in ended


@pytest.mark.parametrize("single", [False, True])
def test_calendars_answer_304_until_they_change(client, db, single):
    gathering = make_gathering(start_time=datetime.time(14))
    url = reverse("gatherings:feed")
    if single:
        url = reverse("gatherings:event-calendar", kwargs={"slug": gathering.slug})
    first = client.get(url)
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    if single:
        modified = first["Last-Modified"]
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    gathering.title = "Verplaatst"
    gathering.save()
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
