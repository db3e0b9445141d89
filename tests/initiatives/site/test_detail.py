import json
import re

import pytest
from django.urls import reverse

from initiatives.models import Initiative
from tests.factories import make_initiative
from tests.html import foreign_assets


def jsonld(response):
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S
    )
    return json.loads(match.group(1))


def test_initiative_page_shows_everything_public(seeded, client):
    werk = Initiative.objects.get(slug="het-8ste-werk")
    response = client.get(werk.get_absolute_url())
    assert response.status_code == 200
    html = response.text
    assert '<h1 id="initiative-title">Het 8ste Werk</h1>' in html
    assert werk.summary in html
    assert 'href="/initiatieven/?theme=eenzaamheid"' in html  # themes as links
    assert "data-point-map" in html and 'data-lat="52.555000"' in html
    assert "/static/leaflet/leaflet.js" in html
    assert foreign_assets(html) == []


def test_map_tiles_come_from_the_settings(seeded, client, settings):
    response = client.get(reverse("initiatives:detail", args=["de-holm"]))
    tiles = re.search(r'<script id="map-tiles"[^>]*>(.*?)</script>', response.text)
    assert json.loads(tiles.group(1))["url"] == settings.MAP_TILES["url"]


def test_five_nearest_other_initiatives_nearest_first(db, client):
    here = make_initiative(name="Hier")
    for n in range(1, 8):  # 0.01 degrees apart, about 1.1 km each
        make_initiative(name=f"Op {n}", lat=52.555 + n * 0.01)
    make_initiative(name="Verborgen", lat=52.556, status="pending")
    response = client.get(here.get_absolute_url())
    nearby = [i.name for i in response.context["nearby"]]
    assert nearby == ["Op 1", "Op 2", "Op 3", "Op 4", "Op 5"]


@pytest.mark.parametrize("status", ["pending", "rejected", "archived"])
def test_unpublished_initiatives_have_no_page(db, client, status):
    initiative = make_initiative(status=status)
    assert client.get(initiative.get_absolute_url()).status_code == 404


def test_contact_details_only_with_consent(db, client):
    hidden = make_initiative(contact_email="stil@example.org", contact_consent=False)
    shown = make_initiative(contact_email="open@example.org", contact_consent=True)
    hidden_page = client.get(hidden.get_absolute_url())
    assert "stil@example.org" not in hidden_page.text
    assert "Jet de Vries" not in hidden_page.text
    assert "email" not in jsonld(hidden_page)
    shown_page = client.get(shown.get_absolute_url())
    assert 'href="mailto:open@example.org"' in shown_page.text
    assert jsonld(shown_page)["email"] == "open@example.org"


def test_jsonld_describes_an_organization_at_a_place(seeded, client):
    response = client.get(reverse("initiatives:detail", args=["de-holm"]))
    data = jsonld(response)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Organization"
    assert data["name"] == "De Holm"
    assert data["url"] == "http://testserver/initiatieven/de-holm/"
    place = data["location"]
    assert place["@type"] == "Place"
    assert place["address"]["addressLocality"] == "Den Andel"
    assert place["address"]["addressRegion"] == "Groningen"
    assert (place["geo"]["latitude"], place["geo"]["longitude"]) == (53.3925, 6.50833)


def test_a_name_cannot_break_out_of_the_jsonld_script(db, client):
    evil = "</script><script>alert(1)</script><!--"
    initiative = make_initiative(name=evil)
    response = client.get(initiative.get_absolute_url())
    assert "<script>alert(1)" not in response.text
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in response.text  # the h1
    assert jsonld(response)["name"] == evil  # still the exact name for robots


def test_detail_query_count_is_bounded(seeded, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get(reverse("initiatives:detail", args=["het-8ste-werk"]))
    assert response.status_code == 200
    assert "Het 8ste Werk" in response.text


def test_place_autocomplete_returns_matching_places(db, client):
    response = client.get(reverse("initiatives:places"), {"q": "kampe"})
    assert response.status_code == 200
    places = response.json()["places"]
    assert places[0]["name"] == "Kampen"
    assert places[0]["province"] == "Overijssel"
    assert 0 < len(places) <= 8


def test_place_autocomplete_handles_empty_and_long_input(db, client):
    url = reverse("initiatives:places")
    assert client.get(url).json() == {"places": []}
    assert client.get(url, {"q": "k" * 101}).status_code == 400
