"""Initiators never stuck: a new link by e-mail address, replies that reach
the moderators, and error messages that say what to do."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from initiatives import services
from initiatives.forms import InitiativeForm, SubmissionForm
from initiatives.models import Initiative
from outbox.models import Mail
from tests.factories import make_initiative
from tests.initiatives.site.test_update_links import update_url

URL = reverse("initiatives:new-link")


def without_csrf(text: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)


@pytest.fixture
def kampen(db):
    return make_initiative(name="Samen Eten", contact_email="jet@example.org")


def test_a_known_address_gets_a_new_link(kampen, client, sent_after_commit, mailoutbox):
    with sent_after_commit():
        response = client.post(URL, {"email": " JET@example.org "})
    assert response.status_code == 200
    assert response.context["sent"]
    (mail,) = mailoutbox
    assert mail.to == ["jet@example.org"]
    assert "Samen Eten" in mail.subject
    link = re.search(r"https?://\S+/wijzigen/(\S+)/", mail.body).group(1)
    assert client.get(reverse("initiatives:update", args=[link])).status_code == 200


def test_known_and_unknown_addresses_get_the_same_answer(kampen, client):
    known = client.post(URL, {"email": "jet@example.org"})
    unknown = client.post(URL, {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 200
    assert without_csrf(known.text) == without_csrf(unknown.text)
    assert Mail.objects.filter(to="nobody@example.org").count() == 0


def test_no_link_for_a_rejected_or_archived_entry(kampen, client):
    for status in (Initiative.Status.REJECTED, Initiative.Status.ARCHIVED):
        make_initiative(contact_email="old@example.org", status=status)
    assert services.send_new_links(email="old@example.org") == 0


def test_the_requests_are_rate_limited(kampen, client, settings):
    settings.NEW_LINK_RATE_LIMIT = 2
    for _ in range(2):
        assert client.post(URL, {"email": "jet@example.org"}).status_code == 200
    refused = client.post(URL, {"email": "jet@example.org"})
    assert refused.status_code == 429
    assert "Retry-After" in refused


def test_a_bad_address_says_what_to_do(db, client):
    response = client.post("/en" + URL, {"email": "jet@"})
    assert response.status_code == 400
    assert "such as naam@voorbeeld.nl" in response.text


def test_the_expired_link_page_offers_a_new_link(kampen, client, settings):
    token = update_url(kampen).split("/")[-2]
    settings.INITIATOR_LINK_MAX_AGE = -1  # every link has expired
    response = client.get(reverse("initiatives:update", args=[token]))
    assert response.status_code == 400
    assert f'href="{URL}"' in response.text


def test_the_rejection_mail_points_to_the_new_link_form(db, mailoutbox, settings):
    settings.SITE_URL = "https://omzien.example"
    initiative = make_initiative(status=Initiative.Status.PENDING)
    services.reject(initiative=initiative, reason="Geen burgerinitiatief.")
    body = Mail.objects.get(kind="rejected").body
    assert "https://omzien.example" + URL in body


def test_every_mail_has_the_moderators_as_reply_to(
    kampen, settings, sent_after_commit, mailoutbox
):
    settings.REPLY_TO_EMAIL = "Moderatie <moderatie@omzien.example>"
    with sent_after_commit():
        services.send_new_links(email="jet@example.org")
        services.revoke_links(initiative=kampen)
    assert len(mailoutbox) == 2
    assert {tuple(m.reply_to) for m in mailoutbox} == {
        ("Moderatie <moderatie@omzien.example>",)
    }


@pytest.mark.parametrize("language", ["en", "nl"])
def test_no_error_message_is_a_bare_this_field_is_required(db, language):
    with translation.override(language):
        bare = {str(f.default_error_messages["required"]) for f in _field_types()}
        for form in (SubmissionForm(data={}), InitiativeForm(data={"website": "x y"})):
            messages = [m for ms in form.errors.values() for m in ms]
            assert messages
            assert not bare & set(messages), messages


def _field_types():
    from django import forms

    return [forms.Field(), forms.BooleanField()]


def test_the_privacy_error_says_what_to_do(db):
    with translation.override("en"):
        errors = SubmissionForm(data={}).errors
        assert "Tick the box" in errors["privacy"][0]
