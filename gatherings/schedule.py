"""Time math for gatherings: local dates and times in Europe/Amsterdam.

A gathering without a start time is an all-day gathering: it is stored as
dates only, never as midnight. Datetimes are derived from the local date
and time through zoneinfo, so the daylight-saving change is handled by the
time zone database, not by fixed offsets.
"""

import datetime
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
ONE_DAY = datetime.timedelta(days=1)


def local_datetime(day: datetime.date, time: datetime.time | None = None):
    """The aware datetime of a local date and time (midnight without a time)."""
    return datetime.datetime.combine(day, time or datetime.time(0), tzinfo=AMSTERDAM)


def isoformat(day: datetime.date, time: datetime.time | None = None) -> str:
    """ISO 8601: the date alone without a time (all day), else the local
    time with its offset (2026-05-22T14:00:00+02:00)."""
    if time is None:
        return day.isoformat()
    return local_datetime(day, time).isoformat()


def exists_locally(day: datetime.date, time: datetime.time) -> bool:
    """False for a wall-clock time skipped when the clocks go forward."""
    aware = local_datetime(day, time)
    back = aware.astimezone(datetime.UTC).astimezone(AMSTERDAM)
    return back.replace(tzinfo=None) == aware.replace(tzinfo=None)


def span(start_date, start_time, end_date, end_time):
    """(starts_at, ends_at) as aware datetimes in UTC.

    Without an end time the gathering lasts until the end of its last day,
    local time; an all-day gathering thus ends at the next local midnight.
    """
    # In UTC, because Python subtracts datetimes that share a tzinfo as
    # wall-clock times: 24 hours across the spring change instead of 23.
    starts_at = local_datetime(start_date, start_time).astimezone(datetime.UTC)
    if end_time is None:
        ends_at = local_datetime(end_date + ONE_DAY)
    else:
        ends_at = local_datetime(end_date, end_time)
    return starts_at, ends_at.astimezone(datetime.UTC)


def local_today(now: datetime.datetime) -> datetime.date:
    return now.astimezone(AMSTERDAM).date()
