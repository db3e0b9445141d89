"""An initiator's personal links relay no mail: mail about an update goes
to the address that held the link, a new address hears only after a
moderator approved it, and posts through the links are rate-limited."""

import re

import pytest
from django.urls import reverse

from initiatives import services, tokens
from initiatives.models import Initiative
from outbox.models import Mail
from tests.factories import make_initiative
from tests.initiatives.site.test_update_links import update_url

OWN = "eigenaar@example.org"
NEW = "nieuw.adres@example.org"


def personal_link(mail) -> str:
    return re.search(r"/wijzigen/[^/\s]+/", mail.body).group()


def revoke_url(link: str) -> str:
    return reverse("initiatives:revoke", kwargs={"token": link.split("/")[2]})


def recipients(mailoutbox) -> set:
    return {address for mail in mailoutbox for address in mail.to}


def test_an_address_chosen_in_an_update_gets_no_mail(
    db, client, form_data, mailoutbox, sent_after_commit
):
    """The edit link of a pending submission cannot send mail to others."""
    with sent_after_commit():
        client.post("/meld-aan/", {**form_data, "contact_email": OWN})
    link = personal_link(mailoutbox[-1])
    with sent_after_commit():
        for n in range(3):
            data = {**form_data, "contact_email": f"victim{n}@example.net"}
            assert client.post(link, data).status_code == 302
        assert client.post(revoke_url(link)).status_code == 200
    assert recipients(mailoutbox) == {OWN}
    assert "Je hebt een nieuw e-mailadres opgegeven" in mailoutbox[1].body
    initiative = Initiative.objects.get()
    assert initiative.contact_email == OWN
    assert initiative.pending_changes == {"contact_email": "victim2@example.net"}


def test_the_new_link_mail_repeats_nothing_the_sender_typed(
    db, client, mailoutbox, sent_after_commit
):
    initiative = make_initiative(
        status="pending",
        name="Gratis geld op spam.example",
        contact_name="Klik op spam.example",
        contact_email=OWN,
    )
    with sent_after_commit():
        client.post(revoke_url(update_url(initiative)))
    (mail,) = mailoutbox
    assert "spam.example" not in mail.subject + mail.body
    assert client.get(personal_link(mail)).status_code == 200


@pytest.mark.parametrize("status", ["pending", "published"])
def test_an_approved_new_address_takes_the_links_over(
    db, client, form_data, mailoutbox, sent_after_commit, status
):
    """Until a moderator approves a new address, the old one holds the
    links; then the old links stop working and the new address gets one."""
    initiative = make_initiative(status=status, contact_email=OWN)
    old_links = [update_url(initiative, action) for action in tokens.ACTIONS]
    with sent_after_commit():
        client.post(old_links[0], {**form_data, "contact_email": NEW})
    assert recipients(mailoutbox) == {OWN}
    assert client.get(old_links[0]).status_code == 200
    mailoutbox.clear()
    initiative.refresh_from_db()
    with sent_after_commit():
        services.approve_changes(initiative=initiative)
    initiative.refresh_from_db()
    assert initiative.contact_email == NEW
    for url in old_links:
        assert client.get(url).status_code == 400, url
    (welcome,) = [mail for mail in mailoutbox if mail.to == [NEW]]
    assert client.get(personal_link(welcome)).status_code == 200
    (notice,) = [mail for mail in mailoutbox if mail.to == [OWN]]
    assert "/wijzigen/" not in notice.body  # the old address keeps no link


def test_a_rejected_new_address_never_hears_from_us(
    db, client, form_data, mailoutbox, sent_after_commit
):
    initiative = make_initiative(status="pending", contact_email=OWN)
    link = update_url(initiative)
    with sent_after_commit():
        client.post(link, {**form_data, "contact_email": NEW})
        initiative.refresh_from_db()
        services.reject_changes(initiative=initiative, reason="Onbekend adres.")
    assert recipients(mailoutbox) == {OWN}
    initiative.refresh_from_db()
    assert (initiative.contact_email, initiative.pending_changes) == (OWN, None)
    assert client.get(link).status_code == 200


def test_a_rejected_submission_leaves_no_address_waiting(db, client, form_data):
    initiative = make_initiative(status="pending", contact_email=OWN)
    client.post(update_url(initiative), {**form_data, "contact_email": NEW})
    initiative.refresh_from_db()
    services.reject(initiative=initiative, reason="Geen zorginitiatief.")
    initiative.refresh_from_db()
    assert initiative.pending_changes is None
    assert initiative not in Initiative.objects.needs_moderation()


def action_url(initiative, action: str) -> str:
    if action == "revoke":
        return revoke_url(update_url(initiative))
    return update_url(initiative, action)


@pytest.mark.parametrize("action", ["update", "revoke", "confirm", "archive"])
def test_posts_through_personal_links_over_the_limit_get_a_429(
    db, client, form_data, settings, action
):
    settings.INITIATOR_LINK_RATE_LIMIT = 0
    initiative = make_initiative(contact_email=OWN)
    before = Initiative.objects.values().get(pk=initiative.pk)
    data = {**form_data, "contact_email": NEW}
    response = client.post(action_url(initiative, action), data)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert "Te veel pogingen" in response.text
    assert "no-store" in response["Cache-Control"]
    assert Initiative.objects.values().get(pk=initiative.pk) == before
    assert not Mail.objects.exists()


def test_the_link_limit_counts_every_link_per_client_address(db, client, settings):
    settings.INITIATOR_LINK_RATE_LIMIT = 3
    initiative = make_initiative()
    confirm = update_url(initiative, "confirm")
    statuses = [
        client.post(confirm).status_code,
        client.post("/wijzigen/vervalst/").status_code,  # counts too
        client.post(confirm).status_code,
        client.post(update_url(initiative, "archive")).status_code,
    ]
    assert statuses == [200, 400, 200, 429]
    assert client.get(confirm).status_code == 200  # reading is not limited
    assert client.post(confirm, REMOTE_ADDR="192.0.2.7").status_code == 200
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.PUBLISHED
