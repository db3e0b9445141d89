"""Local dates and times in Europe/Amsterdam, across the clock changes of
2026 (29 March forward, 25 October back)."""

import datetime

from gatherings import schedule

UTC = datetime.UTC


def utc(*args):
    return datetime.datetime(*args, tzinfo=UTC)


def test_ten_oclock_is_nine_utc_in_winter_and_eight_in_summer():
    assert schedule.local_datetime(
        datetime.date(2026, 3, 28), datetime.time(10)
    ) == utc(2026, 3, 28, 9)
    assert schedule.local_datetime(
        datetime.date(2026, 3, 29), datetime.time(10)
    ) == utc(2026, 3, 29, 8)
    assert schedule.local_datetime(
        datetime.date(2026, 10, 24), datetime.time(10)
    ) == utc(2026, 10, 24, 8)
    assert schedule.local_datetime(
        datetime.date(2026, 10, 25), datetime.time(10)
    ) == utc(2026, 10, 25, 9)


def test_all_day_spans_23_hours_in_spring_and_25_in_autumn():
    """An all-day gathering runs from local midnight to local midnight."""
    spring = datetime.date(2026, 3, 29)
    starts_at, ends_at = schedule.span(spring, None, spring, None)
    assert (starts_at, ends_at) == (utc(2026, 3, 28, 23), utc(2026, 3, 29, 22))
    assert ends_at - starts_at == datetime.timedelta(hours=23)
    autumn = datetime.date(2026, 10, 25)
    starts_at, ends_at = schedule.span(autumn, None, autumn, None)
    assert ends_at - starts_at == datetime.timedelta(hours=25)


def test_a_timed_gathering_without_end_time_lasts_the_day():
    day = datetime.date(2026, 10, 25)
    _, ends_at = schedule.span(day, datetime.time(14), day, None)
    assert ends_at == utc(2026, 10, 25, 23)


def test_the_skipped_hour_does_not_exist():
    spring = datetime.date(2026, 3, 29)
    assert not schedule.exists_locally(spring, datetime.time(2, 30))
    assert schedule.exists_locally(spring, datetime.time(3, 0))
    # The repeated hour in autumn exists (twice); the first is taken.
    assert schedule.exists_locally(datetime.date(2026, 10, 25), datetime.time(2, 30))


def test_local_today_follows_amsterdam_not_utc():
    assert schedule.local_today(utc(2026, 3, 28, 23, 30)) == datetime.date(2026, 3, 29)
