import time_machine
from django.core import signing
from django.urls import reverse

from initiatives import services, tokens
from initiatives.models import Initiative
from outbox import services as outbox
from tests.factories import make_initiative


def update_url(initiative, action="update"):
    name = f"initiatives:{action}"
    return reverse(name, kwargs={"token": tokens.make_token(initiative, action)})


def test_the_mailed_link_opens_the_prefilled_form(db, client):
    initiative = make_initiative(name="Buurtzorg Kampen", website="https://a.nl")
    response = client.get(update_url(initiative))
    assert response.status_code == 200
    assert 'value="Buurtzorg Kampen"' in response.text
    assert 'value="https://a.nl"' in response.text
    assert 'name="privacy"' not in response.text  # agreed when submitting
    assert 'name="homepage"' not in response.text


def test_a_tampered_token_is_refused(db, client):
    initiative = make_initiative()
    other = make_initiative()
    token = tokens.make_token(initiative, "update")
    payload, rest = token.split(":", 1)
    forged = signing.b64_encode(f'{{"id":{other.pk}}}'.encode()).decode()
    for bad in (forged + ":" + rest, token[:-2], "nonsense", token + "x"):
        response = client.get(reverse("initiatives:update", kwargs={"token": bad}))
        assert response.status_code == 400
    assert (
        "This link does not work"
        in client.get("/en" + reverse("initiatives:update", kwargs={"token": "x"})).text
    )


def test_a_token_for_one_action_does_not_work_for_another(db, client):
    initiative = make_initiative()
    token = tokens.make_token(initiative, "confirm")
    url = reverse("initiatives:archive", kwargs={"token": token})
    assert client.post(url).status_code == 400
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.PUBLISHED


def test_an_expired_token_is_refused(db, client, settings):
    initiative = make_initiative()
    with time_machine.travel("2026-01-01 12:00", tick=False):
        url = update_url(initiative)
    with time_machine.travel("2026-01-01 12:00", tick=False) as traveller:
        traveller.shift(settings.INITIATOR_LINK_MAX_AGE - 60)
        assert client.get(url).status_code == 200
        traveller.shift(120)
        assert client.get(url).status_code == 400


def test_updating_a_published_initiative_keeps_it_online(
    db, client, form_data, mailoutbox, moderators, sent_after_commit
):
    initiative = make_initiative(name="Oude naam", summary="Oude samenvatting.")
    with sent_after_commit():
        response = client.post(
            update_url(initiative), {**form_data, "name": "Nieuwe naam"}
        )
        outbox.send_digests()
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.PUBLISHED
    assert initiative.name == "Oude naam"  # the public version is unchanged
    assert initiative.pending_changes["name"] == "Nieuwe naam"
    page = client.get(initiative.get_absolute_url())
    assert "Oude naam" in page.text and "Nieuwe naam" not in page.text
    assert initiative in Initiative.objects.needs_moderation()
    (digest,) = [m for m in mailoutbox if m.to == moderators]
    assert "Oude naam" in digest.body  # moderators are told
    # The initiator hears at the address that is published until approval.
    assert {tuple(m.to) for m in mailoutbox} == {
        tuple(moderators),
        (initiative.contact_email,),
    }


def test_an_approved_update_replaces_the_published_version(db, client, form_data):
    initiative = make_initiative(name="Oude naam", tags=["wonen"])
    client.post(update_url(initiative), {**form_data, "name": "Nieuwe naam"})
    initiative.refresh_from_db()
    services.approve_changes(initiative=initiative)
    initiative.refresh_from_db()
    assert initiative.name == "Nieuwe naam"
    assert initiative.place_name == "Den Andel"
    assert initiative.region.slug == "noorden"
    assert [t.slug for t in initiative.tags.all()] == ["ontmoeting"]
    assert initiative.pending_changes is None
    assert client.get(initiative.get_absolute_url()).status_code == 200


def test_the_update_form_shows_waiting_changes(db, client, form_data):
    initiative = make_initiative(name="Oude naam")
    url = update_url(initiative)
    client.post(url, {**form_data, "name": "Nieuwe naam"})
    assert 'value="Nieuwe naam"' in client.get(url).text


def test_updating_a_pending_submission_changes_it_at_once(db, client, form_data):
    """All but a new contact address, which waits for a moderator."""
    initiative = make_initiative(name="Eerste versie", status="pending")
    address = initiative.contact_email
    client.post(update_url(initiative), {**form_data, "name": "Tweede versie"})
    initiative.refresh_from_db()
    assert initiative.name == "Tweede versie"
    assert initiative.status == Initiative.Status.PENDING
    assert initiative.contact_email == address
    assert initiative.pending_changes == {"contact_email": form_data["contact_email"]}
    client.post(update_url(initiative), {**form_data, "contact_email": address})
    initiative.refresh_from_db()
    assert initiative.pending_changes is None  # taken back: nothing waits


def test_an_invalid_update_changes_nothing(db, client, form_data):
    initiative = make_initiative(name="Oude naam")
    response = client.post(update_url(initiative), {**form_data, "point": "50.85,4.35"})
    assert response.status_code == 400
    initiative.refresh_from_db()
    assert initiative.pending_changes is None


def test_rejected_and_archived_initiatives_cannot_be_updated(db, client, form_data):
    for status in ("rejected", "archived"):
        initiative = make_initiative(status=status)
        assert client.get(update_url(initiative)).status_code == 410
        assert client.post(update_url(initiative), form_data).status_code == 410


def test_still_current_needs_a_button_press(db, client):
    initiative = make_initiative()
    url = update_url(initiative, "confirm")
    assert client.get(url).status_code == 200  # a mail scanner changes nothing
    initiative.refresh_from_db()
    assert initiative.confirmed_at is None
    client.post(url)
    initiative.refresh_from_db()
    assert initiative.confirmed_at is not None


def test_archive_link_takes_the_initiative_offline(db, client):
    initiative = make_initiative()
    client.post(update_url(initiative, "archive"))
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.ARCHIVED
    assert client.get(initiative.get_absolute_url()).status_code == 404
