import re

import pytest
from django.conf import settings
from django.urls import reverse

from areas.models import Region
from initiatives.models import Tag
from maps import builders
from tests.factories import make_initiative
from tests.maps.pages import layer_config

XSS_NAMES = ["<img src=x onerror=alert(1)>", "<script>alert(1)</script>"]
# What a map needs: Leaflet and our own script and style; the clusters are
# counted by the database, so no clustering library.
MAP_ASSETS = {"leaflet.js", "leaflet.css", "maps.js", "maps.css"}


def render(fmap) -> str:
    return " ".join(fmap.get_root().render().split())


def marker_data(html) -> dict:
    """The config the page gives omzienInitiatives(map, config)."""
    return layer_config(html, "initiative")


@pytest.fixture
def noorden(db):
    return Region.objects.get(slug="noorden")


@pytest.fixture
def north_map(noorden, seeded) -> str:
    """The map of the north with the real initiatives, and one with a website."""
    make_initiative(website="https://buurtkamer.example.org/")
    return render(builders.region_map(noorden))


def test_region_map_loads_scripts_and_styles_only_from_our_static_files(north_map):
    assets = re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"]+)"', north_map)
    assert [url for url in assets if not url.startswith(settings.STATIC_URL)] == []
    names = {url.rsplit("/", 1)[1] for url in assets}
    assert MAP_ASSETS <= names
    assert not any("markercluster" in name for name in names)
    for dropped in ("jquery", "bootstrap", "font-awesome", "awesome-markers", "cdn"):
        assert dropped not in north_map


def test_the_only_outside_address_is_the_tile_server(north_map):
    hosts = set(re.findall(r"https?://([^/\"' ]+)", north_map))
    # Attribution links are links, not requests.
    assert hosts == {"tile.openstreetmap.org", "www.openstreetmap.org"}


def test_tile_layer_follows_the_setting(noorden, settings):
    settings.MAP_TILES = settings.TILE_LAYERS["pdok"]
    html = render(builders.region_map(noorden))
    assert "service.pdok.nl/brt/achtergrondkaart" in html
    assert "Kadaster" in html
    assert "tile.openstreetmap.org" not in html


def test_region_map_fits_the_region_latitude_first(noorden):
    html = render(builders.region_map(noorden))
    min_lon, min_lat, max_lon, max_lat = noorden.outline.extent
    assert f"fitBounds( [[{min_lat}, {min_lon}], [{max_lat}, {max_lon}]]" in html


def test_region_map_draws_the_light_outline(noorden):
    html = render(builders.region_map(noorden))
    first_lon, first_lat = noorden.outline.coords[0][0][0]
    assert f"[{first_lon}, {first_lat}]" in html


def test_the_layer_loads_initiatives_from_the_viewport_endpoint(noorden):
    config = marker_data(render(builders.region_map(noorden)))
    assert config["api"] == reverse("api:initiative-map")
    tags = list(Tag.objects.all())
    assert [theme["slug"] for theme in config["themes"]] == [t.slug for t in tags]


@pytest.mark.parametrize("count", [1, 40])
def test_the_page_does_not_grow_with_the_initiatives(db, count):
    """The initiatives come by viewport: none of them is in the page."""
    for number in range(count):
        make_initiative(name=f"Buurthuis {number}", lon=5.8 + number / 1000)
    html = render(builders.country_map())
    assert "Buurthuis" not in html
    assert "rows" not in marker_data(html)


def test_legend_lists_only_the_given_themes(noorden):
    wonen = Tag.objects.get(slug="wonen")
    fmap = builders.region_map(noorden, tags=[wonen])
    assert marker_data(render(fmap))["themes"] == [{"slug": "wonen", "name": "wonen"}]


def test_a_rendered_map_keeps_a_script_name_inside_its_data(noorden):
    """A name cannot close the layer's data element and run as script."""
    name = "</script><script>alert(1)</script>"
    Tag.objects.filter(slug="zorg").update(name=name)
    html = render(builders.region_map(noorden))
    assert "<script>alert(1)" not in html
    assert {"slug": "zorg", "name": name} in marker_data(html)["themes"]


def test_map_is_a_labelled_region_for_screen_readers(noorden):
    html = render(builders.region_map(noorden))
    assert 'role="region" aria-label="Kaart van de initiatieven in Noorden"' in html
