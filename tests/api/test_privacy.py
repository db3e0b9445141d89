"""An initiator's contact details appear only with consent: every endpoint,
every format."""

import pytest

from initiatives.models import Initiative
from tests.factories import make_initiative

SECRET_EMAIL = "geheim.adres@example.org"
SECRET_NAME = "Geheime Naam"

PUBLIC_URLS = [
    "/api/v1/initiatives",
    "/api/v1/initiatives?format=json",
    "/api/v1/initiatives?format=csv",
    "/api/v1/initiatives?q=Geheim&near=52.55,5.91",
    "/api/v1/initiatives?updated_since=2000-01-01",
    "/api/v1/initiatives?updated_since=2000-01-01&format=csv",
    "/api/v1/initiatives/geheim-initiatief",
    "/api/v1/initiatives/geheim-initiatief?format=json",
    "/api/v1/initiatives/geheim-initiatief?format=csv",
    "/api/v1/regions",
    "/api/v1/provinces",
    "/api/v1/municipalities",
    "/api/v1/tags",
    "/api/v1/places?q=Kampen",
    "/api/v1/stats",
    "/api/v1/openapi.json",
    "/ogc",
    "/ogc/collections",
    "/ogc/collections/initiatives",
    "/ogc/collections/initiatives/items",
    "/ogc/collections/initiatives/items?bbox=5,52,6,53",
]


@pytest.fixture
def secret(db):
    initiative = make_initiative(
        name="Geheim initiatief",
        contact_email=SECRET_EMAIL,
        contact_name=SECRET_NAME,
        contact_consent=False,
    )
    make_initiative(status="pending", contact_email="wacht." + SECRET_EMAIL)
    return initiative


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_no_contact_without_consent(secret, client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    if "/initiatives?" in url or "initiatief" in url or url.endswith("items"):
        assert b"Geheim initiatief" in response.content  # the data is there
    assert SECRET_EMAIL.encode() not in response.content
    assert SECRET_NAME.encode() not in response.content


def test_no_contact_in_the_ogc_item(secret, client):
    url = f"/ogc/collections/initiatives/items/{secret.id}"
    response = client.get(url)
    assert response.status_code == 200
    assert SECRET_EMAIL.encode() not in response.content


def test_contact_shown_with_consent(secret, client):
    Initiative.objects.filter(pk=secret.pk).update(contact_consent=True)
    for url in PUBLIC_URLS[:3] + [f"/ogc/collections/initiatives/items/{secret.id}"]:
        assert SECRET_EMAIL.encode() in client.get(url).content, url
