import datetime

import pytest
from django.urls import reverse

from gatherings.models import Gathering
from tests.gatherings.factories import make_gathering

CHANGELIST = reverse("admin:gatherings_gathering_changelist")


@pytest.fixture
def moderator(client, django_user_model):
    user = django_user_model.objects.create_superuser("mod", "m@example.org", "pw")
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({}, {"Toen", "Straks", "Zuid"}),
        ({"when": "upcoming"}, {"Straks", "Zuid"}),
        ({"when": "past"}, {"Toen"}),
        ({"kind": "training"}, {"Zuid"}),
    ],
)
def test_changelist_filters(client, moderator, first_of_may, query, shown):
    make_gathering(title="Toen", start_date=datetime.date(2026, 4, 1))
    make_gathering(title="Straks")
    make_gathering(title="Zuid", lon=5.69, lat=50.85, kind="training")  # Maastricht
    html = client.get(CHANGELIST, query).content.decode()
    assert {t for t in ("Toen", "Straks", "Zuid") if f">{t}<" in html} == shown


def test_changelist_filters_by_region(client, moderator):
    make_gathering(title="Noord")
    zuid = make_gathering(title="Zuid", lon=5.69, lat=50.85)
    html = client.get(
        CHANGELIST, {"region__id__exact": zuid.region_id}
    ).content.decode()
    assert ">Zuid<" in html
    assert ">Noord<" not in html


def test_duplicate_action_makes_drafts_for_a_series(client, moderator):
    original = make_gathering(title="Jamsessie")
    response = client.post(
        CHANGELIST, {"action": "duplicate", "_selected_action": [original.pk]}
    )
    assert response.status_code == 302
    copy = Gathering.objects.exclude(pk=original.pk).get()
    assert (copy.title, copy.status) == ("Jamsessie", Gathering.Status.DRAFT)


def test_cancel_action(client, moderator):
    gathering = make_gathering()
    client.post(CHANGELIST, {"action": "cancel", "_selected_action": [gathering.pk]})
    gathering.refresh_from_db()
    assert (gathering.status, gathering.sequence) == (Gathering.Status.CANCELLED, 1)


def test_add_form_has_the_map_widget(client, moderator):
    html = client.get(reverse("admin:gatherings_gathering_add")).content.decode()
    assert "leaflet" in html.lower()
    assert 'name="location"' in html


def test_change_form_shows_field_errors_and_changes_nothing(client, moderator):
    gathering = make_gathering(title="Middag")
    url = reverse("admin:gatherings_gathering_change", args=[gathering.pk])
    response = client.post(
        url,
        {
            "title": "Middag",
            "kind": "kennismakingsmiddag",
            "status": "published",
            "start_date": "2026-05-22",
            "end_date": "2026-05-21",
            "location": gathering.location.geojson,
        },
    )
    assert response.status_code == 200
    assert "Het einde ligt vóór het begin." in response.content.decode()
    gathering.refresh_from_db()
    assert gathering.end_date == datetime.date(2026, 5, 22)


def test_the_change_form_cannot_change_the_status(client, moderator):
    """Cancelling goes through the action (the service): the change form
    shows the status but does not take it."""
    gathering = make_gathering(title="Middag")
    url = reverse("admin:gatherings_gathering_change", args=[gathering.pk])
    response = client.post(
        url,
        {
            "title": "Middag",
            "kind": "kennismakingsmiddag",
            "description": "Met soep.",
            "status": "cancelled",
            "start_date": "2026-05-22",
            "location": gathering.location.geojson,
        },
    )
    assert response.status_code == 302
    gathering.refresh_from_db()
    assert gathering.description == "Met soep."  # the rest was saved
    assert gathering.status == Gathering.Status.PUBLISHED
