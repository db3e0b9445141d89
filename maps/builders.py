"""Folium maps of initiatives: plain functions from a QuerySet to a folium.Map.

Views, the benchmark and the tests all call these. Every script and
stylesheet comes from our own static files; the tile server is the only
other host a map contacts.
"""

import json

import folium
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from folium.template import Template

from areas import search
from areas.models import Region
from initiatives.models import Tag

from .layers import COORDINATE_DECIMALS, GatheringLayer, InitiativeLayer

OUTLINE_STYLE = {"color": "#0b6e4f", "weight": 2, "fill": False}


class OmzienMap(folium.Map):
    """A folium.Map that loads only Leaflet, from our static files, and leaves
    the page's own styles alone (folium's template restyles html and body)."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
            <style>#{{ this.get_name() }} { position: relative; width: 100%;
                height: 100%; }</style>
        {% endmacro %}
        {% macro html(this, kwargs) %}
            <div class="folium-map" id={{ this.get_name()|tojson }} role="region"
                aria-label="{{ this.label|e }}"></div>
        {% endmacro %}
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.map({{ this.get_name()|tojson }},
                {{ this.options|tojavascript }});
            L.control.scale({imperial: false}).addTo({{ this.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, *, label: str, **kwargs):
        # From zoom 6 the whole country fits; fewer zoom levels to cluster.
        super().__init__(
            tiles=None, location=(52.2, 5.3), zoom_start=7, minZoom=6, **kwargs
        )
        self.label = label  # what a screen reader announces for the map
        # Per instance: static() gives the hashed names in production.
        self.default_js = [("leaflet", static("xstatic/leaflet/leaflet.js"))]
        self.default_css = [("leaflet_css", static("xstatic/leaflet/leaflet.css"))]
        self.get_root().header._children.pop("meta_http", None)


def tile_layer() -> folium.TileLayer:
    """The configured tile layer: the one home of its URL and attribution."""
    tiles = settings.MAP_TILES
    return folium.TileLayer(
        tiles=tiles["url"],
        attr=tiles["attribution"],
        max_zoom=tiles["max_zoom"],
        subdomains=[],
    )


def gathering_popup_html(point: dict) -> str:
    """The popup of one gathering (a gatherings.layers.map_points item); the
    one place that escapes its text."""
    return format_html(
        '<div class="omzien-popup omzien-gathering-popup">'
        '<strong class="omzien-popup-name">{}</strong>'
        '<span class="omzien-popup-date">{}</span>'
        '<span class="omzien-popup-place">{}</span>'
        '<a href="{}">{}</a></div>',
        point["title"],
        point["date_text"],
        point["place"],
        point["url"],
        _("More about this gathering"),
    )


def gatherings_layer(points) -> GatheringLayer | None:
    """The gatherings' own layer, from gatherings.layers.map_points; None
    when no gathering has a place on the map. Cancelled ones are left out."""
    shown = [point for point in points if not point["cancelled"]]
    if not shown:
        return None
    rows = [
        {
            "lat": round(point["lat"], COORDINATE_DECIMALS),
            "lon": round(point["lon"], COORDINATE_DECIMALS),
            "title": point["title"],
            "approximate": point["approximate"],
            "popup": gathering_popup_html(point),
        }
        for point in shown
    ]
    label = ngettext(
        "%(count)s upcoming gathering", "%(count)s upcoming gatherings", len(rows)
    ) % {"count": len(rows)}
    return GatheringLayer(rows=rows, texts={"label": label})


def region_map(region: Region, *, tags=None, gatherings=()) -> folium.Map:
    """The region's outline, its initiatives (loaded by viewport) and the
    `gatherings` (map_points items), fitted to the region."""
    label = _("Map of the initiatives in %(region)s") % {"region": region.name}
    fmap = _initiative_map([region], tags=tags, label=label)
    return _add_gatherings(fmap, gatherings)


def country_map(*, tags=None, gatherings=()) -> folium.Map:
    """The whole country: every region's outline, the initiatives (loaded by
    viewport) and the `gatherings` (map_points items)."""
    regions = list(Region.objects.with_shapes().defer("boundary"))  # outlines
    label = _("Map of the initiatives in the Netherlands")
    fmap = _initiative_map(regions, tags=tags, label=label)
    return _add_gatherings(fmap, gatherings)


def _add_gatherings(fmap, gatherings) -> folium.Map:
    layer = gatherings_layer(gatherings)
    if layer is not None:
        layer.add_to(fmap)
    return fmap


def _initiative_map(regions, *, tags, label) -> folium.Map:
    """The legend lists `tags`, or every theme when tags is None."""
    tags = list(Tag.objects.all() if tags is None else tags)
    fmap = OmzienMap(label=label)
    tile_layer().add_to(fmap)
    outlines = [region.outline for region in regions if region.outline]
    extent = _bounds(outlines) if outlines else None
    if extent:
        fmap.fit_bounds(extent)
        _outline_layer(outlines).add_to(fmap)
    InitiativeLayer(
        api_url=reverse("api:initiative-map"),
        themes=[{"slug": tag.slug, "name": tag.name} for tag in tags],
        texts=_layer_texts(),
        extent=extent,
    ).add_to(fmap)
    return fmap


def _bounds(geometries):
    """[(south, west), (north, east)] around the geometries: latitude first."""
    extents = [geometry.extent for geometry in geometries]  # (lon, lat) pairs
    west, south = min(e[0] for e in extents), min(e[1] for e in extents)
    east, north = max(e[2] for e in extents), max(e[3] for e in extents)
    return [(south, west), (north, east)]


def _outline_layer(outlines) -> folium.GeoJson:
    features = [
        {"type": "Feature", "properties": {}, "geometry": json.loads(g.geojson)}
        for g in outlines
    ]
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        style_function=lambda feature: OUTLINE_STYLE,
        interactive=False,
        control=False,
    )


def _plural(singular: str, plural: str) -> dict:
    """Both forms of a text with `%(count)s`, for maps.js to choose from."""
    return {
        "one": ngettext(singular, plural, 1),
        "other": ngettext(singular, plural, 2),
    }


def _layer_texts() -> dict:
    """Text the map's script shows, translated here; `%(count)s` and
    `%(name)s` are filled in there."""
    return {
        "themes": search.THEMES_LABEL,
        "themes_help": _("Nothing ticked: every theme."),
        "count": _plural(
            "%(count)s initiative in this area", "%(count)s initiatives in this area"
        ),
        "cluster": _plural(
            "%(count)s initiative here, zoom in",
            "%(count)s initiatives here, zoom in",
        ),
        "marker": _("%(name)s in %(place)s"),
        "more": _("More about this initiative"),
        "matched": _("Themes (ticked ones in bold)"),
        "listed": _("The first %(count)s, nearest first"),
        "listed_by_name": _("The first %(count)s by name"),
        "km": _("%(km)s km"),
        "loading": _("Loading…"),
        "failed": _("The initiatives could not be loaded. Try again later."),
        "empty": _("No initiatives here yet. Do you know one?"),
        "submit": _("Submit it"),
        "submit_url": reverse("initiatives:submit"),
    }
