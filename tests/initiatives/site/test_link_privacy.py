"""Pages with an initiator's personal data are never stored by caches, and
an initiator can revoke their personal links."""

import re

import pytest
from django.core import signing
from django.urls import reverse

from initiatives import tokens
from initiatives.models import Initiative
from tests.factories import make_initiative
from tests.initiatives.site.test_update_links import update_url

EMAIL = "jet.prive@example.org"


@pytest.fixture
def initiative(db):
    return make_initiative(name="Samen Eten Kampen", contact_email=EMAIL)


def assert_not_stored(response):
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control


@pytest.mark.parametrize("action", ["update", "confirm", "archive"])
def test_initiator_pages_are_never_stored(initiative, client, action):
    response = client.get(update_url(initiative, action))
    assert response.status_code == 200
    assert_not_stored(response)


def test_the_edit_form_sent_back_with_errors_is_never_stored(
    initiative, client, form_data
):
    response = client.post(update_url(initiative), {**form_data, "point": "1"})
    assert response.status_code == 400
    assert "anna@example.org" in response.text
    assert_not_stored(response)


def test_the_submission_form_sent_back_is_never_stored(db, client, form_data):
    response = client.post("/meld-aan/", {**form_data, "name": ""})
    assert response.status_code == 400
    assert "anna@example.org" in response.text
    assert_not_stored(response)


def test_revoking_stops_every_link_and_mails_a_new_one(
    initiative, client, mailoutbox, sent_after_commit
):
    old = {action: update_url(initiative, action) for action in tokens.ACTIONS}
    page = client.get(old["update"]).text
    revoke = reverse(
        "initiatives:revoke", kwargs={"token": old["update"].split("/")[2]}
    )
    assert f'action="{revoke}"' in page
    assert "Trek deze link in" in page

    with sent_after_commit():
        response = client.post(revoke)
    assert response.status_code == 200
    assert "Link ingetrokken" in response.text
    assert_not_stored(response)
    for url in old.values():
        refused = client.get(url)
        assert refused.status_code == 400, url
        assert "Deze link is ingetrokken" in refused.text
    assert client.post(revoke).status_code == 400  # used up as well

    (mail,) = mailoutbox
    assert mail.to == [EMAIL]
    assert mail.subject == "Je nieuwe persoonlijke link voor Omzien"
    assert "persoonlijke link voor je vermelding" in mail.body
    assert "Samen Eten Kampen" not in mail.body  # no text the sender chose
    new = re.search(r"/wijzigen/[^/\s]+/", mail.body).group()
    assert new != old["update"]
    assert client.get(new).status_code == 200


def test_revoking_changes_nothing_public(initiative, client):
    before = Initiative.objects.values().get(pk=initiative.pk)
    client.post(
        reverse(
            "initiatives:revoke", kwargs={"token": update_url(initiative).split("/")[2]}
        )
    )
    after = Initiative.objects.values().get(pk=initiative.pk)
    assert after.pop("link_version") == before.pop("link_version") + 1
    assert after == before


def test_links_sent_before_link_versions_work_until_revoked(initiative, client):
    signer = signing.TimestampSigner(salt="omzien.initiative.update")
    url = reverse(
        "initiatives:update",
        kwargs={"token": signer.sign_object({"id": initiative.pk})},
    )
    assert client.get(url).status_code == 200
    Initiative.objects.filter(pk=initiative.pk).update(link_version=1)
    assert client.get(url).status_code == 400
