"""iCalendar (RFC 5545) feeds, built with the icalendar library.

UIDs are `<slug>@omzien.nl`, stable because a slug never changes. SEQUENCE
counts revisions and a cancelled gathering stays in the feed with
STATUS:CANCELLED, so subscribed calendars update or strike it through.
All-day gatherings are VALUE=DATE events with an exclusive DTEND; timed
ones carry TZID=Europe/Amsterdam with its VTIMEZONE.
"""

import datetime

import icalendar
from django.utils.translation import gettext as _

from . import display, schedule

PRODID = "-//Omzien//Bijeenkomsten Land van Omzien//NL"
UID_DOMAIN = "omzien.nl"
TZID = str(schedule.AMSTERDAM)
STATUS = {"published": "CONFIRMED", "cancelled": "CANCELLED"}
# A timed gathering without an end time: the usual length of an afternoon
# meeting, so that calendars block time for it (RFC 5545 3.6.1).
UNKNOWN_END_DURATION = datetime.timedelta(hours=2)


def uid(gathering) -> str:
    return f"{gathering.slug}@{UID_DOMAIN}"


def build_calendar(gatherings, *, name: str, absolute_url) -> icalendar.Calendar:
    """A calendar of the gatherings; absolute_url(path) makes links absolute."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # An X- property is TEXT (RFC 5545 3.8.8.2): vText escapes its commas.
    calendar.add("x-wr-calname", icalendar.vText(name))
    calendar.add("x-wr-timezone", TZID)
    calendar.add_component(amsterdam_timezone())
    for gathering in gatherings:
        calendar.add_component(build_event(gathering, absolute_url))
    return calendar


def amsterdam_timezone() -> icalendar.Timezone:
    """Europe/Amsterdam as the EU rule (in force since 1996) in yearly RRULEs.

    This is the form calendar apps read most reliably: icalendar's own
    generated VTIMEZONE lists every change as RDATEs, which vobject (and
    so some clients) reads as standard time all year.
    """
    timezone = icalendar.Timezone()
    timezone.add("tzid", TZID)
    # DTSTART is the local time just before the change, as in RFC 5545.
    timezone.add_component(
        _observance(icalendar.TimezoneDaylight, "CEST", (1996, 3, 31, 2), 1, 2)
    )
    timezone.add_component(
        _observance(icalendar.TimezoneStandard, "CET", (1996, 10, 27, 3), 2, 1)
    )
    return timezone


def _observance(kind, name, onset, hours_from, hours_to):
    observance = kind()
    observance.add("tzname", name)
    observance.add("dtstart", datetime.datetime(*onset))
    # The last Sunday of the month of the first change.
    observance.add("rrule", {"freq": "yearly", "bymonth": onset[1], "byday": "-1su"})
    observance.add("tzoffsetfrom", datetime.timedelta(hours=hours_from))
    observance.add("tzoffsetto", datetime.timedelta(hours=hours_to))
    return observance


def build_event(gathering, absolute_url) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", uid(gathering))
    event.add("dtstamp", gathering.updated_at)
    event.add("created", gathering.created_at)
    event.add("last-modified", gathering.updated_at)
    event.add("sequence", gathering.sequence)
    event.add("status", STATUS.get(gathering.status, "TENTATIVE"))
    event.add("summary", gathering.title)
    event.add("description", description(gathering))
    event.add("categories", [gathering.get_kind_display()])
    event.add("url", absolute_url(gathering.get_absolute_url()))
    event.add("location", display.place_text(gathering))
    if gathering.location is not None:
        event.add("geo", (gathering.location.y, gathering.location.x))  # lat;lon
    for name, value in times(gathering):
        event.add(name, value)
    return event


def times(gathering):
    """DTSTART and DTEND: dates for all-day, local times with TZID otherwise."""
    if gathering.all_day:
        end = gathering.end_date + schedule.ONE_DAY  # DTEND is exclusive
        return [("dtstart", gathering.start_date), ("dtend", end)]
    start = schedule.local_datetime(gathering.start_date, gathering.start_time)
    if gathering.end_time is None:  # else calendars show it as a moment
        return [("dtstart", start), ("duration", UNKNOWN_END_DURATION)]
    return [
        ("dtstart", start),
        ("dtend", schedule.local_datetime(gathering.end_date, gathering.end_time)),
    ]


def description(gathering) -> str:
    lines = [gathering.description]
    for contact in (gathering.signup_url, gathering.signup_email):
        if contact:
            lines.append(_("Sign up: %(contact)s") % {"contact": contact})
    return "\n\n".join(line for line in lines if line)
