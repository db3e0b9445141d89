from datetime import timedelta

import time_machine
from django.core.management import call_command
from django.utils import timezone

from initiatives import services
from initiatives.models import Initiative
from outbox import services as outbox
from tests.factories import make_initiative

START = "2025-01-10 09:00 +0100"


def at(days):
    """A moment `days` after the initiatives were last saved."""
    return time_machine.travel(
        timezone.datetime.fromisoformat("2025-01-10T09:00:00+01:00")
        + timedelta(days=days),
        tick=False,
    )


def make_old(**fields):
    with time_machine.travel(START, tick=False):
        return make_initiative(**fields)


def test_no_reminder_before_twelve_months(db, mailoutbox):
    make_old()
    with at(364):
        assert services.send_reminders() == (0, 0)
    assert mailoutbox == []


def test_a_year_old_entry_gets_one_reminder_with_three_links(
    db, mailoutbox, moderators, sent_after_commit
):
    initiative = make_old(name="Stil Initiatief")
    with at(366), sent_after_commit():
        call_command("send_reminders", verbosity=0)
    (mail,) = mailoutbox
    assert mail.to == [initiative.contact_email]
    assert "Stil Initiatief" in mail.subject
    for path in ("/wijzigen/", "/nog-actueel/", "/archiveren/"):
        assert f"https://omzien.example{path}" in mail.body
    with at(367):
        assert services.send_reminders() == (0, 0)  # not again the next day
    assert len(mailoutbox) == 1


def test_sending_a_reminder_does_not_count_as_an_update(db, mailoutbox):
    initiative = make_old()
    with at(366):
        services.send_reminders()
    initiative.refresh_from_db()
    assert initiative.updated_at < timezone.datetime.fromisoformat(
        "2025-02-01T00:00+01:00"
    )


def test_unanswered_after_thirty_days_the_moderators_hear_once(
    db, mailoutbox, moderators, sent_after_commit
):
    initiative = make_old(name="Stil Initiatief")
    make_old(name="Ook Stil", contact_email="")  # no address: only reported
    with at(366):
        services.send_reminders()
    with at(366 + 29):
        assert services.send_reminders() == (0, 0)
    with at(366 + 31), sent_after_commit():
        assert services.send_reminders() == (0, 2)
        outbox.send_digests()
    report = mailoutbox[-1]
    assert report.to == moderators
    assert "Stil Initiatief" in report.body and "Ook Stil" in report.body
    assert f"/admin/initiatives/initiative/{initiative.pk}/" in report.body
    with at(366 + 32):
        assert services.send_reminders() == (0, 0)


def test_still_current_answers_the_reminder(db, mailoutbox, moderators):
    initiative = make_old()
    with at(366):
        services.send_reminders()
    with at(370):
        services.confirm_current(initiative=initiative)
    with at(366 + 31):
        assert services.send_reminders() == (0, 0)  # nothing to report
    with at(370 + 366):
        assert services.send_reminders() == (1, 0)  # a year after confirming


def test_an_update_answers_the_reminder(db, mailoutbox, moderators, form_data):
    initiative = make_old()
    with at(366):
        services.send_reminders()
    with at(380):
        services.request_update(
            initiative=initiative,
            name="Nieuwe naam",
            summary="Nieuw.",
            place_name="Kampen",
            location=initiative.location,
        )
    with at(366 + 31):
        assert services.send_reminders() == (0, 0)


def test_only_published_initiatives_are_reminded(db, mailoutbox):
    for status in ("pending", "rejected", "archived"):
        make_old(status=status)
    with at(400):
        assert services.send_reminders() == (0, 0)


def test_a_recent_change_by_a_moderator_restarts_the_year(db, mailoutbox):
    initiative = make_old()
    with at(300):
        initiative.summary = "Bijgewerkt door een moderator."
        initiative.save()
    with at(400):
        assert services.send_reminders() == (0, 0)
    assert Initiative.objects.get(pk=initiative.pk).reminder_sent_at is None
