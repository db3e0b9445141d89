import re

import orjson
import pytest
from django.conf import settings

from areas.models import Region
from initiatives.models import Initiative, Tag
from maps import builders
from maps.layers import marker_rows
from tests.factories import make_initiative
from tests.maps.pages import layer_config

XSS_NAMES = ["<img src=x onerror=alert(1)>", "<script>alert(1)</script>"]
# What a map needs: Leaflet, its marker clusters and our own script and style.
MAP_ASSETS = {
    "leaflet.js",
    "leaflet.css",
    "MarkerCluster.css",
    "MarkerCluster.Default.css",
    "maps.js",
    "maps.css",
}


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
    html = render(builders.region_map(noorden, Initiative.objects.published()))
    assert marker_data(html)["rows"]  # the checks below see markers too
    return html


def test_region_map_loads_scripts_and_styles_only_from_our_static_files(north_map):
    assets = re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"]+)"', north_map)
    assert [url for url in assets if not url.startswith(settings.STATIC_URL)] == []
    names = {url.rsplit("/", 1)[1] for url in assets}
    assert MAP_ASSETS <= names
    assert any(re.fullmatch(r"leaflet\.markercluster.*\.js", name) for name in names)
    for dropped in ("jquery", "bootstrap", "font-awesome", "awesome-markers", "cdn"):
        assert dropped not in north_map


def test_the_only_outside_address_is_the_tile_server(north_map):
    hosts = set(re.findall(r"https?://([^/\"' ]+)", north_map))
    # Attribution links are links, not requests.
    assert hosts == {"tile.openstreetmap.org", "www.openstreetmap.org"}


def test_tile_layer_follows_the_setting(noorden, settings):
    settings.MAP_TILES = settings.TILE_LAYERS["pdok"]
    html = render(builders.region_map(noorden, Initiative.objects.published()))
    assert "service.pdok.nl/brt/achtergrondkaart" in html
    assert "Kadaster" in html
    assert "tile.openstreetmap.org" not in html


def test_region_map_fits_the_region_latitude_first(noorden):
    html = render(builders.region_map(noorden, Initiative.objects.published()))
    min_lon, min_lat, max_lon, max_lat = noorden.outline.extent
    assert f"fitBounds( [[{min_lat}, {min_lon}], [{max_lat}, {max_lon}]]" in html


def test_region_map_draws_the_light_outline(noorden):
    html = render(builders.region_map(noorden, Initiative.objects.published()))
    first_lon, first_lat = noorden.outline.coords[0][0][0]
    assert f"[{first_lon}, {first_lat}]" in html


def test_markers_hold_latitude_longitude_id_and_themes(noorden):
    initiative = make_initiative(lon=5.911, lat=52.555, tags=["zorg", "wonen"])
    tags = list(Tag.objects.all())
    config = marker_data(render(builders.region_map(noorden, Initiative.objects.all())))
    themes = sorted(tags.index(Tag.objects.get(slug=s)) for s in ("wonen", "zorg"))
    assert config["rows"] == [[52.555, 5.911, initiative.pk, *themes]]
    assert [theme["slug"] for theme in config["themes"]] == [t.slug for t in tags]


def test_country_map_shows_initiatives_of_every_region(db):
    north = make_initiative(lon=5.911, lat=52.555)
    south = make_initiative(lon=5.69, lat=50.85)  # Maastricht
    config = marker_data(render(builders.country_map(Initiative.objects.all())))
    assert sorted(row[2] for row in config["rows"]) == [north.pk, south.pk]


def test_legend_lists_only_the_given_themes(noorden):
    wonen = Tag.objects.get(slug="wonen")
    make_initiative(tags=["wonen", "zorg"])
    fmap = builders.region_map(noorden, Initiative.objects.all(), tags=[wonen])
    config = marker_data(render(fmap))
    assert config["themes"] == [{"slug": "wonen", "name": "wonen"}]
    assert config["rows"][0][3:] == [0]


@pytest.mark.slow
def test_marker_data_stays_under_sixty_bytes_per_initiative(db):
    for number in range(200):
        make_initiative(lon=5.8 + number / 1000, lat=52.5 + number / 1000)
    initiatives = Initiative.objects.all()
    rows = marker_rows(initiatives, list(Tag.objects.all()))
    assert len(rows) == 200
    assert len(orjson.dumps(rows)) / len(rows) < 60


@pytest.mark.parametrize("name", XSS_NAMES)
def test_popup_html_escapes_the_name(db, name):
    html = builders.popup_html(make_initiative(name=name, tags=["zorg"]))
    assert "<img src=x" not in html
    assert "<script>" not in html
    assert name.replace("<", "&lt;").replace(">", "&gt;") in html
    assert "zorg" in html


def test_popup_links_to_the_initiative_page(db):
    initiative = make_initiative(name="Het Erf")
    html = builders.popup_html(initiative)
    assert f'href="{initiative.get_absolute_url()}"' in html
    assert "Kampen" in html


@pytest.mark.parametrize("name", XSS_NAMES)
def test_map_never_carries_raw_markup_from_names(noorden, name):
    Tag.objects.filter(slug="zorg").update(name=f"zorg {name}")
    initiative = make_initiative(name=name, tags=["zorg"])
    html = render(builders.region_map(noorden, Initiative.objects.all()))
    assert [row[2] for row in marker_data(html)["rows"]] == [initiative.pk]
    assert "<img src=x" not in html
    assert "<script>alert" not in html
    assert name.replace("<", "\\u003C").replace(">", "\\u003E") in html


def test_a_rendered_map_keeps_a_script_name_inside_its_data(noorden):
    """A name cannot close the layer's data element and run as script."""
    name = "</script><script>alert(1)</script>"
    Tag.objects.filter(slug="zorg").update(name=name)
    make_initiative(tags=["zorg"])
    html = render(builders.region_map(noorden, Initiative.objects.all()))
    assert "<script>alert(1)" not in html
    assert {"slug": "zorg", "name": name} in marker_data(html)["themes"]


def test_map_is_a_labelled_region_for_screen_readers(noorden):
    html = render(builders.region_map(noorden, Initiative.objects.published()))
    assert 'role="region" aria-label="Kaart van de initiatieven in Noorden"' in html
