"""The moderators' desk speaks Dutch and opens on what waits."""

import pytest
from django.urls import reverse

from initiatives import services
from tests.factories import make_initiative


@pytest.fixture
def moderator_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("mod", "m@example.org", "pw")
    client.force_login(user)
    return client


def test_the_start_page_lists_what_waits_with_counts(db, moderator_client):
    """New submissions and waiting updates, counted, each with a button."""
    make_initiative(name="Nieuw Een", status="pending")
    make_initiative(name="Nieuw Twee", status="pending")
    changed = make_initiative(name="Al Online")
    changed.pending_changes = {"summary": "Anders"}
    changed.save()
    make_initiative(name="Niets Te Doen")
    response = moderator_client.get(reverse("admin:index"))
    text = response.text
    assert "Omzien moderatie" in text and "Django-beheer" not in text
    assert "2 nieuwe aanmeldingen" in text
    assert "1 wijziging van een gepubliceerd initiatief" in text
    for name in ("Nieuw Een", "Nieuw Twee", "Al Online"):
        assert name in text
    assert "Niets Te Doen" not in text
    moderate = reverse("admin:initiatives_initiative_moderate", args=[changed.pk])
    assert moderate in text


def test_the_queue_flags_a_location_outside_its_place(db, moderator_client):
    make_initiative(name="Op De Juiste Plek", status="pending")
    make_initiative(
        name="Ver Weg",
        status="pending",
        place_name="Zwolle",
        location_outside_place=True,
        place_distance_km=58.2,
    )
    rows = moderator_client.get(reverse("admin:index")).text.split("<tr>")
    flagged = [row for row in rows if "locatie buiten deze plaats" in row]
    assert len(flagged) == 1 and "Ver Weg" in flagged[0]
    assert "Kampen (Kampen)" not in "".join(rows)  # a place named as its municipality


def test_an_empty_queue_says_so(db, moderator_client):
    response = moderator_client.get(reverse("admin:index"))
    assert "Er wacht niets op een besluit." in response.text


def test_staff_who_may_not_see_initiatives_get_no_queue(db, client):
    from tests.factories import make_staff

    client.force_login(make_staff(username="helper", can_moderate=False))
    make_initiative(name="Geheim Wachtend", status="pending")
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert "Geheim Wachtend" not in response.text


def test_history_shows_status_labels_in_dutch(db, moderator_client):
    """pending → published reads "Wacht op beoordeling → Gepubliceerd"."""
    initiative = make_initiative(status="pending")
    services.publish(initiative=initiative)
    url = reverse("admin:initiatives_initiative_history", args=[initiative.pk])
    text = moderator_client.get(url).text
    assert "Wacht op beoordeling" in text and "Gepubliceerd" in text
    assert "pending" not in text.replace("pending_changes", "")
    for dutch in ("Gewijzigd", "Reden van wijziging", "Wijzigingen"):
        assert dutch in text
    for english in ("Changed by", "Change reason", ">None<"):
        assert english not in text


def test_theme_chooser_is_translated(db, moderator_client):
    """filter_horizontal's strings come from the JavaScript catalogue."""
    text = moderator_client.get(reverse("admin:jsi18n")).text
    for dutch in ("Kies alle %s", "Verwijder alle %s", "Kies %s door ze"):
        assert dutch in text


def test_the_english_admin_stays_english(db, moderator_client):
    response = moderator_client.get("/en/admin/")
    assert "Omzien moderation" in response.text
    assert "new submission" in response.text


def test_a_history_path_that_is_no_id_is_a_404(db, moderator_client):
    initiative = make_initiative()
    url = reverse("admin:initiatives_initiative_history", args=[initiative.pk])
    broken = url.replace("/history/", "/change/history/")
    assert moderator_client.get(broken).status_code == 404
