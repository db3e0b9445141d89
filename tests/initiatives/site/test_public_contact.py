"""Entries people can act on: public contact, address, times and an image,
kept apart from the initiator's private contact."""

import json
import re
from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from initiatives import images, services
from initiatives.models import Initiative
from tests.factories import make_initiative
from tests.initiatives.site.test_update_links import update_url

URL = reverse("initiatives:submit")
PUBLIC = {
    "public_email": "info@dorpskamer.example.nl",
    "public_phone": "0595 123456",
    "social_links": "https://www.facebook.com/dorpskamer\nhttps://instagram.com/dk",
    "opening_hours": "Elke dinsdag van 10.00 tot 12.00 uur.",
    "address": "Hoofdstraat 1, 9988 AA",
    "show_address": "on",
}


def photo(*, size=(3000, 2000), fmt="JPEG", gps=True, name="foto.jpg"):
    """A photo as a phone sends it: large, with camera and GPS metadata."""
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "Telefoonmerk"  # Make
    exif[0x0131] = "Geheime Software"  # Software
    if gps:
        exif[0x8825] = {1: "N", 2: (53.0, 23.0, 33.0), 3: "E", 4: (6.0, 30.0, 0.0)}
    buffer = BytesIO()
    image.save(buffer, fmt, exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_a_submission_with_public_contact_and_an_image(form_data, client):
    response = client.post(
        URL, {**form_data, **PUBLIC, "image": photo(), "image_alt": "De dorpskamer"}
    )
    assert response.status_code == 302, response.context["form"].errors
    initiative = Initiative.objects.get(name="Dorpskamer Den Andel")
    assert initiative.public_email == PUBLIC["public_email"]
    assert initiative.public_phone == "0595 123456"
    assert initiative.social_links == [
        "https://www.facebook.com/dorpskamer",
        "https://instagram.com/dk",
    ]
    assert initiative.show_address and initiative.address == "Hoofdstraat 1, 9988 AA"
    assert initiative.opening_hours.startswith("Elke dinsdag")
    assert initiative.image_alt == "De dorpskamer"
    for width, url in images.urls(initiative.image).items():
        name = url.removeprefix("/media/")
        with default_storage.open(name) as stored, Image.open(stored) as image:
            assert image.width == width  # resized, never enlarged
            assert not image.getexif()  # no camera, software or GPS data
            assert b"Geheime Software" not in stored.read()


def test_exif_orientation_is_applied_before_the_metadata_goes(db):
    buffer = BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees to show it upright
    Image.new("RGB", (800, 400)).save(buffer, "JPEG", exif=exif)
    name = images.store(SimpleUploadedFile("a.jpg", buffer.getvalue()))
    with default_storage.open(name.replace(".jpg", "-600.jpg")) as stored:
        assert Image.open(stored).size == (400, 800)  # upright now


def test_a_logo_keeps_its_transparency(db):
    buffer = BytesIO()
    Image.new("RGBA", (300, 100), (0, 0, 0, 0)).save(buffer, "PNG")
    name = images.store(SimpleUploadedFile("logo.png", buffer.getvalue()))
    assert name.endswith(".png")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"public_phone": "bel me"}, "public_phone", "Geef een telefoonnummer"),
        ({"social_links": "facebook"}, "social_links", "is geen webadres"),
        ({"public_email": "info@"}, "public_email", "e-mailadres"),
        ({"image": "no-image"}, "image", "geen afbeelding die we kunnen gebruiken"),
        ({"image": "photo"}, "image_alt", "Beschrijf de afbeelding"),
    ],
)
def test_bad_public_fields_get_dutch_errors(form_data, client, changes, field, message):
    if changes.get("image") == "no-image":
        changes = {"image": SimpleUploadedFile("a.jpg", b"<html>not a photo</html>")}
    elif changes.get("image") == "photo":
        changes = {"image": photo(size=(40, 30))}
    response = client.post(URL, {**form_data, **changes})
    assert response.status_code == 400
    errors = response.context["form"].errors[field]
    assert any(message.lower() in error.lower() for error in errors), errors
    assert not Initiative.objects.exists()


def test_a_too_large_image_is_refused_in_dutch(form_data, client, monkeypatch):
    monkeypatch.setattr(images, "MAX_BYTES", 1000)
    response = client.post(URL, {**form_data, "image": photo(), "image_alt": "x"})
    assert "groter dan 5 MB" in " ".join(response.context["form"].errors["image"])


def test_an_image_over_the_body_limit_of_other_forms_is_accepted(
    form_data, client, settings
):
    """An image may make the body larger than the 1 MiB of other posts."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    buffer = BytesIO()
    Image.effect_noise((400, 300), 60).convert("RGB").save(buffer, "JPEG")
    upload = SimpleUploadedFile("ruis.jpg", buffer.getvalue())
    assert upload.size > 10_000
    response = client.post(URL, {**form_data, "image": upload, "image_alt": "x"})
    assert response.status_code == 302


def detail(client, initiative):
    return client.get(initiative.get_absolute_url()).text


def json_ld(text) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    return json.loads(match.group(1))


@pytest.fixture
def acting(db):
    """A published initiative with public contact, a hidden address and a
    private contact without consent."""
    upload = photo(size=(1600, 900))
    return make_initiative(
        name="Buurthuis De Brug",
        public_email="info@debrug.example.nl",
        public_phone="(050) 123 45 67",
        social_links=["https://www.facebook.com/debrug"],
        opening_hours="Maandag tot vrijdag\n9.00 tot 17.00 uur",
        address="Geheimstraat 99",
        show_address=False,
        image=images.store(upload),
        image_alt="Het buurthuis aan de gracht",
        contact_email="prive.persoon@example.org",
        contact_consent=False,
    )


def test_the_detail_page_shows_the_public_contact(acting, client):
    text = detail(client, acting)
    assert 'href="mailto:info@debrug.example.nl"' in text
    assert 'href="tel:(050)1234567"' in text
    assert 'href="https://www.facebook.com/debrug"' in text
    assert ">facebook.com/debrug</a>" in text
    assert "Maandag tot vrijdag<br>9.00 tot 17.00 uur" in text
    assert 'alt="Het buurthuis aan de gracht"' in text
    assert "1200w" in text and "240w" in text
    assert "Geheimstraat" not in text  # the address is not to be shown
    assert "prive.persoon" not in text
    assert "Plan je route (OpenStreetMap)" in text
    assert "openstreetmap.org/directions?route=%3B52.55500%2C5.91100" in text
    assert "breedtegraad" not in text  # no raw coordinates


def test_an_address_to_show_is_shown_everywhere(acting, client):
    Initiative.objects.filter(pk=acting.pk).update(show_address=True)
    text = detail(client, acting)
    assert "Geheimstraat 99" in text
    address = json_ld(text)["location"]["address"]
    assert address["streetAddress"] == "Geheimstraat 99"
    api = client.get(f"/api/v1/initiatives/{acting.slug}?format=json").json()
    assert api["address"] == "Geheimstraat 99"


def test_json_ld_and_the_api_carry_the_public_fields_only(acting, client):
    data = json_ld(detail(client, acting))
    assert data["email"] == "info@debrug.example.nl"
    assert data["telephone"] == "(050) 123 45 67"
    assert data["sameAs"] == ["https://www.facebook.com/debrug"]
    assert data["image"].startswith("http://testserver/media/initiatives/")
    assert "streetAddress" not in data["location"]["address"]
    api = client.get(f"/api/v1/initiatives/{acting.slug}?format=json").json()
    assert api["public_email"] == "info@debrug.example.nl"
    assert api["public_phone"] == "(050) 123 45 67"
    assert api["social_links"] == ["https://www.facebook.com/debrug"]
    assert api["opening_hours"].startswith("Maandag")
    assert api["image"] == data["image"]
    assert api["image_alt"] == "Het buurthuis aan de gracht"
    assert api["address"] == "" and api["contact_email"] == ""
    ogc = client.get(f"/ogc/collections/initiatives/items/{acting.pk}").json()
    assert ogc["properties"]["public_phone"] == "(050) 123 45 67"
    assert ogc["properties"]["address"] == ""


def test_an_api_submission_takes_the_public_fields(db, client, settings):
    body = {
        "name": "Eetclub Oost",
        "summary": "Samen eten.",
        "lat": 52.555,
        "lon": 5.911,
        "place_name": "Kampen",
        "public_email": "eten@example.org",
        "public_phone": "038 123 4567",
        "social_links": ["https://www.instagram.com/eetclub"],
        "address": "Oosterstraat 5",
        "show_address": True,
        "opening_hours": "Woensdag 18.00 uur",
    }
    response = client.post("/api/v1/submissions", body, content_type="application/json")
    assert response.status_code == 201, response.content
    initiative = Initiative.objects.get(name="Eetclub Oost")
    assert initiative.social_links == ["https://www.instagram.com/eetclub"]
    assert initiative.show_address and initiative.public_phone == "038 123 4567"


def test_an_api_submission_with_a_bad_phone_names_the_field(db, client):
    body = {"name": "X", "summary": "Y", "lat": 52.5, "lon": 5.9}
    body.update(place_name="Kampen", public_phone="bel maar")
    response = client.post(
        "/api/v1/submissions",
        body,
        content_type="application/json",
        headers={"accept-language": "nl"},
    )
    assert response.status_code == 400
    params = {p["name"]: p["reason"] for p in response.json()["invalidParams"]}
    assert "telefoonnummer" in params["public_phone"]


def test_a_new_image_through_the_personal_link_waits(
    acting, client, django_capture_on_commit_callbacks
):
    old = acting.image
    data = {
        "name": acting.name,
        "summary": acting.summary,
        "place": "Kampen",
        "contact_name": acting.contact_name,
        "contact_email": acting.contact_email,
        "image": photo(size=(900, 900)),
        "image_alt": "Het nieuwe logo",
    }
    response = client.post(update_url(acting), data)
    assert response.status_code == 302, response.context["form"].errors
    acting.refresh_from_db()
    assert acting.image == old  # the published image stays until approval
    waiting = acting.pending_changes["image"]
    assert waiting != old and default_storage.exists(waiting.replace(".", "-240."))
    assert waiting not in detail(client, acting)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_changes(initiative=acting)
    acting.refresh_from_db()
    assert acting.image == waiting and acting.image_alt == "Het nieuwe logo"
    assert not default_storage.exists(old.replace(".", "-240."))  # cleaned up


def test_a_rejected_new_image_is_deleted(
    acting, client, django_capture_on_commit_callbacks
):
    services.request_update(
        initiative=acting,
        name=acting.name,
        summary=acting.summary,
        image=photo(size=(300, 300)),
        image_alt="Anders",
    )
    waiting = Initiative.objects.get(pk=acting.pk).pending_changes["image"]
    acting.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_changes(initiative=acting, reason="Niet passend.")
    assert not default_storage.exists(waiting.replace(".", "-240."))
    assert default_storage.exists(acting.image.replace(".", "-240."))
