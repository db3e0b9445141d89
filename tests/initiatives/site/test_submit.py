import time

import pytest
from django.test import Client
from django.urls import reverse

from initiatives.models import Initiative
from outbox import services as outbox
from outbox.models import Mail
from tests.factories import make_initiative

URL = reverse("initiatives:submit")
EN = "/en" + URL  # pages whose English text the tests read


def test_form_page_has_labels_for_every_field(db, client):
    response = client.get(URL)
    assert response.status_code == 200
    form = response.context["form"]
    for field in form.visible_fields():
        ids = (
            [w.id_for_label for w in field.subwidgets]
            if field.name == "themes"
            else [field.id_for_label]
        )
        for id_ in ids:
            assert f'for="{id_}"' in response.text, field.name
    assert 'href="/privacy/"' in response.text


def test_a_valid_submission_is_stored_pending(form_data, client, mailoutbox):
    response = client.post(URL, form_data)
    assert response.status_code == 302
    assert response["Location"] == reverse("initiatives:thanks")
    initiative = Initiative.objects.get(name="Dorpskamer Den Andel")
    assert initiative.status == Initiative.Status.PENDING
    assert initiative.place_name == "Den Andel"
    assert initiative.municipality.name == "Het Hogeland"
    assert initiative.region.slug == "noorden"
    assert initiative.website == "https://dorpskamer.example.nl"
    assert initiative.contact_consent is False
    assert [t.slug for t in initiative.tags.all()] == ["ontmoeting"]


def test_a_submission_is_not_public_before_moderation(form_data, client):
    client.post(URL, form_data)
    initiative = Initiative.objects.get(name="Dorpskamer Den Andel")
    assert client.get(initiative.get_absolute_url()).status_code == 404
    listing = client.get(reverse("initiatives:list"))
    assert "Dorpskamer" not in listing.text


def test_a_postcode_and_a_refined_point_set_the_location(form_data, client):
    form_data.update(place="9988", point="53.3930, 6.5100")
    client.post(URL, form_data)
    initiative = Initiative.objects.get(name="Dorpskamer Den Andel")
    assert initiative.location.coords == pytest.approx((6.51, 53.393))
    assert initiative.place_name == "Usquert"  # the postcode's place


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("name", "", "required"),
        ("summary", "x" * 301, "max_length"),
        ("contact_email", "anna-at-example", "invalid"),
        ("website", "http://exa mple", "invalid"),
        ("privacy", "", "required"),
        ("place", "Xyzzyville", "unknown_place"),
        ("point", "53.3", "invalid_point"),
        ("point", "50.85,4.35", "outside"),  # Brussels
        ("point", "91,6", "invalid_point"),
    ],
)
def test_invalid_input_shows_errors_and_keeps_the_input(
    form_data, client, mailoutbox, field, value, code
):
    form_data[field] = value
    response = client.post(URL, form_data)
    assert response.status_code == 400
    errors = response.context["form"].errors.as_data()
    assert [error.code for error in errors[field]] == [code]
    assert 'class="field-error"' in response.text
    assert 'value="Dorpskamer Den Andel"' in response.text or field == "name"
    assert "Een huiskamer voor het dorp" in response.text or field == "summary"
    assert not Initiative.objects.filter(name="Dorpskamer Den Andel").exists()
    assert mailoutbox == []


def test_unknown_place_suggests_gazetteer_names(form_data, client):
    form_data["place"] = "Den Andl"
    response = client.post(EN, form_data)
    assert "Did you mean: Den Andel" in " ".join(
        response.context["form"].errors["place"]
    )


def test_honeypot_pretends_success_but_stores_nothing(form_data, client, mailoutbox):
    form_data["homepage"] = "http://spam.example"
    response = client.post(URL, form_data)
    assert response.status_code == 302
    assert not Initiative.objects.exists()
    assert mailoutbox == []


def test_honeypot_is_hidden_from_people(db, client):
    html = client.get(URL).text
    assert '<div class="hp" aria-hidden="true">' in html
    assert 'tabindex="-1"' in html


def test_csrf_token_is_required(form_data):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(URL, form_data)
    assert response.status_code == 403
    assert not Initiative.objects.exists()


def test_likely_duplicate_is_shown_before_sending(form_data, client, mailoutbox):
    make_initiative(name="Dorpskamer Den-Andel", lon=6.51, lat=53.39)
    response = client.post(EN, form_data)
    assert response.status_code == 200
    assert [d.name for d in response.context["duplicates"]] == ["Dorpskamer Den-Andel"]
    assert "Is your initiative already on the map?" in response.text
    assert 'name="not_duplicate" value="on"' in response.text
    assert Initiative.objects.count() == 1
    assert mailoutbox == []
    # Sending anyway stores it.
    response = client.post(URL, {**form_data, "not_duplicate": "on"})
    assert response.status_code == 302
    assert Initiative.objects.count() == 2


def test_a_similar_name_far_away_is_no_duplicate(form_data, client):
    make_initiative(name="Dorpskamer Den Andel", lon=5.911, lat=52.555)  # Kampen
    assert client.post(URL, form_data).status_code == 302


def test_a_different_name_close_by_is_no_duplicate(form_data, client):
    make_initiative(name="Zorgboerderij De Wierde", lon=6.51, lat=53.39)
    assert client.post(URL, form_data).status_code == 302


def test_rejected_initiatives_are_no_duplicates(form_data, client):
    make_initiative(name="Dorpskamer Den Andel", lon=6.51, lat=53.39, status="rejected")
    assert client.post(URL, form_data).status_code == 302


SPAM = {
    "name": "Goedkope pillen bij pillen.example",
    "summary": "Bestel nu op pillen.example, morgen in huis!",
    "description": "Klik op pillen.example voor de aanbieding.",
    "contact_name": "Koop nu bij pillen.example",
}


def test_the_confirmation_carries_no_text_of_the_sender(
    form_data, client, mailoutbox, moderators, sent_after_commit
):
    """Whoever fills in the form chooses the address: the confirmation has
    a fixed subject, the personal link, and none of the sender's text."""
    with sent_after_commit():
        client.post(URL, {**form_data, **SPAM})
    (confirmation,) = mailoutbox  # the moderators wait for their digest
    assert confirmation.to == ["anna@example.org"]
    assert confirmation.subject == (
        "We hebben je aanmelding voor de kaart van het Land van Omzien ontvangen"
    )
    assert "https://omzien.example/wijzigen/" in confirmation.body
    assert "pillen" not in confirmation.subject + confirmation.body


def test_moderators_get_one_digest_for_many_submissions(
    form_data, client, mailoutbox, moderators, sent_after_commit
):
    names = ["Buurtsoep Den Andel", "Tuinclub Warffum", "Leesgroep Usquert"]
    with sent_after_commit():
        for name in names:
            client.post(URL, {**form_data, "name": name, "not_duplicate": "on"})
        assert outbox.send_digests() == 1
    (digest,) = [mail for mail in mailoutbox if mail.to == moderators]
    assert digest.subject == "Omzien: 3 berichten voor de moderatie"
    for initiative in Initiative.objects.filter(name__in=names):
        assert initiative.name in digest.body
        admin_url = (
            f"https://omzien.example/admin/initiatives/initiative/{initiative.pk}/"
        )
        assert admin_url in digest.body
    assert len(mailoutbox) == 4  # three confirmations and one digest


def test_thanks_page_explains_what_happens_next(db, client):
    response = client.get("/en" + reverse("initiatives:thanks"))
    assert "A moderator will look at it soon" in response.text


def test_the_form_works_in_english(form_data, client):
    response = client.get("/en/meld-aan/")
    assert response.status_code == 200
    assert '<html lang="en">' in response.text
    response = client.post("/en/meld-aan/", form_data)
    assert response["Location"] == "/en/meld-aan/bedankt/"


def test_privacy_statement_says_what_why_how_long_and_who(db, client):
    html = client.get("/en" + reverse("initiatives:privacy")).text
    for heading in ("What we store", "Why", "Who sees it", "For how long"):
        assert f"<h2>{heading}</h2>" in html


def test_a_name_inside_a_longer_name_is_a_likely_duplicate(seeded):
    """'Stichting De Holm Den Andel' is probably De Holm again."""
    holm = Initiative.objects.get(slug="de-holm")
    found = Initiative.objects.likely_duplicates(
        "Stichting De Holm Den Andel", holm.location
    )
    assert found == [holm]
    assert Initiative.objects.likely_duplicates("Zorgboerderij", holm.location) == []


def test_pending_initiatives_are_never_shown_as_duplicates(form_data, client):
    """The warning compares with published initiatives only: a submission
    awaiting review stays unknown, even with the very same name."""
    make_initiative(name="Dorpskamer Den Andel", lon=6.51, lat=53.39, status="pending")
    response = client.post(URL, form_data)
    assert response.status_code == 302
    assert Initiative.objects.filter(name="Dorpskamer Den Andel").count() == 2


def test_a_one_letter_name_matches_nothing(form_data, client):
    for name in ("Dorpskamer Den Andel", "De Holm", "Austerlitz aan zee"):
        make_initiative(name=name, lon=6.51, lat=53.39)
    response = client.post(URL, {**form_data, "name": "A"})
    assert response.status_code == 302
    assert Initiative.objects.filter(name="A").exists()


def test_the_site_form_answers_at_once_with_a_dead_mail_server(
    form_data, client, task_queue, dead_smtp_server, smtp_to, sent_after_commit
):
    smtp_to(dead_smtp_server, timeout=2)
    started = time.monotonic()
    with sent_after_commit():
        response = client.post(URL, form_data)
    assert response.status_code == 302
    assert time.monotonic() - started < 1.0
    assert Mail.objects.get().status == Mail.Status.QUEUED
