"""A location that does not match its place: the form says so, the
initiator confirms it, the moderators see the flag and the distance."""

import pytest
from django.urls import reverse

from areas import geography
from initiatives.forms import InitiativeForm
from initiatives.models import Initiative
from tests.factories import make_initiative
from tests.initiatives.site.test_update_links import update_url

URL = reverse("initiatives:submit")
AMERSFOORT = "52.2057,5.4053"  # where a click on the country map lands


@pytest.fixture
def zwolle(form_data):
    return {**form_data, "name": "Buurtzorg Zwolle", "place": "Zwolle"}


def test_a_spot_far_from_its_place_needs_a_confirmation(zwolle, client):
    response = client.post("/en" + URL, {**zwolle, "point": AMERSFOORT})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == ["confirm_location"]
    assert "58 km from Zwolle (Overijssel)" in errors["confirm_location"][0]
    assert "municipality of Amersfoort" in errors["confirm_location"][0]
    assert not Initiative.objects.filter(name="Buurtzorg Zwolle").exists()
    # Both on the map: the picker knows where Zwolle lies.
    assert 'data-place-lat="52.51250"' in response.text
    assert 'id="location-mismatch" hidden' not in response.text


def test_a_confirmed_far_spot_is_stored_with_its_flag(zwolle, client):
    data = {**zwolle, "point": AMERSFOORT, "confirm_location": "on"}
    assert client.post(URL, data).status_code == 302
    initiative = Initiative.objects.get(name="Buurtzorg Zwolle")
    assert initiative.location_outside_place
    assert initiative.place_distance_km == pytest.approx(58.0, abs=0.1)
    assert initiative.municipality.name == "Amersfoort"


def test_a_spot_in_its_place_needs_nothing(zwolle, client):
    assert client.post(URL, {**zwolle, "point": "52.5100,6.1000"}).status_code == 302
    initiative = Initiative.objects.get(name="Buurtzorg Zwolle")
    assert not initiative.location_outside_place
    assert initiative.place_distance_km < 1


def test_a_spot_over_the_municipal_border_is_flagged(zwolle, client):
    # Hattem, Gelderland: 6 km from Zwolle's centre, but not in Zwolle.
    response = client.post(URL, {**zwolle, "point": "52.4750,6.0630"})
    assert response.status_code == 400
    assert "confirm_location" in response.context["form"].errors


def test_the_tolerance_has_one_home():
    assert InitiativeForm.tolerance_km == geography.PLACE_TOLERANCE_KM


def test_an_edit_keeps_the_frisian_kampen(db, client):
    initiative = make_initiative(name="Doarpshûs", lon=5.452, lat=53.104)
    data = {k: v for k, v in InitiativeForm.initial_for(initiative).items() if v != ""}
    data["contact_consent"] = ""
    response = client.post(update_url(initiative), data)
    assert response.status_code == 302, response.context["form"].errors


def test_the_admin_shows_the_flag(zwolle, client, admin_client):
    data = {**zwolle, "point": AMERSFOORT, "confirm_location": "on"}
    client.post(URL, data)
    initiative = Initiative.objects.get(name="Buurtzorg Zwolle")
    changelist = reverse("admin:initiatives_initiative_changelist")
    listed = admin_client.get(
        "/en" + changelist, {"location_outside_place__exact": "1"}
    )
    assert "Buurtzorg Zwolle" in listed.text
    assert "58.0 km from Zwolle, outside it" in listed.text
    change = reverse("admin:initiatives_initiative_change", args=[initiative.pk])
    assert "location-flag" in admin_client.get(change).text
    moderate = admin_client.get(change.replace("/change/", "/moderate/"))
    assert "location-flag" in moderate.text
