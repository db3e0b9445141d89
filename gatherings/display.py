"""How a gathering reads to a visitor: its date and its place, in the
active language ("dinsdag 24 november 2026, 14:00–16:00" in Dutch)."""

from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

DATE_FORMAT = "l j F Y"  # dinsdag 24 november 2026


def date_text(day) -> str:
    return date_format(day, DATE_FORMAT)


def when_text(gathering) -> str:
    """The date (or dates) and, when known, the times."""
    start = date_text(gathering.start_date)
    if gathering.all_day:
        if gathering.multi_day:
            return f"{start} – {date_text(gathering.end_date)}"
        return start
    start_time = time_format(gathering.start_time)
    if gathering.multi_day:
        end_time = time_format(gathering.end_time)
        return f"{start} {start_time} – {date_text(gathering.end_date)} {end_time}"
    if gathering.end_time is None:
        return f"{start}, {start_time}"
    return f"{start}, {start_time}–{time_format(gathering.end_time)}"


def place_text(gathering) -> str:
    """Where: online, the place, the region, or that it is not known yet."""
    return place_words(
        online=gathering.online,
        place_name=gathering.place_name,
        municipality=(
            gathering.municipality.name if gathering.municipality_id else None
        ),
        region=gathering.region.name if gathering.region_id else None,
    )


def place_words(*, online, place_name, municipality, region) -> str:
    """place_text from plain values (the API's rows have no instances)."""
    if online:
        return _("Online")
    if place_name:
        return place_name
    if municipality is not None:
        return municipality
    if region is not None:
        return _("Region %(region)s, place to be announced") % {"region": region}
    return _("Place to be announced")
