"""The clustered initiative layer: compact marker data and its folium element.

A marker is `[lat, lon, id, theme, theme, ...]` (about 30 bytes), where a
theme is an index into the legend's list. Names and places are not in the
data: a popup loads its text from the server (views.popup), escaped by
builders.popup_html, when it opens. That keeps 10,000 markers near 300 kB.
"""

from collections import defaultdict

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import FloatField, Func
from django.templatetags.static import static
from django.utils.html import json_script
from folium.elements import JSCSSMixin
from folium.template import Template

from initiatives.models import Initiative

# About one metre: enough to tell two buildings apart.
COORDINATE_DECIMALS = 5


class CompactEncoder(DjangoJSONEncoder):
    """No spaces after separators: 10,000 markers stay near 300 kB."""

    item_separator = ","
    key_separator = ":"


class ConfigScript:
    """A layer's config in a JSON script element of the page, which the
    layer's script reads with omzienConfig(id)."""

    def config_element(self) -> str:
        return json_script(self.config, self.config_id, encoder=CompactEncoder)


class InitiativeLayer(ConfigScript, JSCSSMixin):
    """Markers clustered by Leaflet.markercluster, with a legend by theme."""

    _template = Template(
        """
        {% macro html(this, kwargs) %}{{ this.config_element() }}{% endmacro %}
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = omzienInitiatives(
                {{ this._parent.get_name() }}, omzienConfig("{{ this.config_id }}"));
        {% endmacro %}
        """
    )

    def __init__(self, *, rows, themes, texts, popup_url):
        super().__init__()
        self._name = "InitiativeLayer"
        config = {"rows": rows, "themes": themes, "texts": texts, "popup": popup_url}
        self.config_id = f"{self.get_name()}-config"
        self.config = config
        cluster = "xstatic/leaflet-markercluster/"
        self.default_js = [
            # The -src build: the minified one names a source map that the
            # package lacks, which stops collectstatic's manifest storage.
            ("markercluster", static(cluster + "leaflet.markercluster-src.js")),
            ("omzien_maps", static("maps/maps.js")),
        ]
        self.default_css = [
            ("markercluster_css", static(cluster + "MarkerCluster.css")),
            (
                "markercluster_default_css",
                static(cluster + "MarkerCluster.Default.css"),
            ),
            ("omzien_maps_css", static("maps/maps.css")),
        ]


class GatheringLayer(ConfigScript, JSCSSMixin):
    """Upcoming gatherings: their own icon, a switch to hide them, and popups
    whose HTML was escaped by builders.gathering_popup_html."""

    _template = Template(
        """
        {% macro html(this, kwargs) %}{{ this.config_element() }}{% endmacro %}
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = omzienGatherings(
                {{ this._parent.get_name() }}, omzienConfig("{{ this.config_id }}"));
        {% endmacro %}
        """
    )

    def __init__(self, *, rows, texts):
        super().__init__()
        self._name = "GatheringLayer"
        self.config_id = f"{self.get_name()}-config"
        self.config = {"rows": rows, "texts": texts}
        self.default_js = [("omzien_maps", static("maps/maps.js"))]
        self.default_css = [("omzien_maps_css", static("maps/maps.css"))]


def marker_rows(initiatives, tags) -> list[list]:
    """The compact marker data of the initiatives, themes as indexes in tags."""
    index = {tag.pk: position for position, tag in enumerate(tags)}
    themes = _themes_by_initiative(initiatives, index)
    points = initiatives.annotate(
        lon=Func("location", function="ST_X", output_field=FloatField()),
        lat=Func("location", function="ST_Y", output_field=FloatField()),
    )
    # Plain numbers from the database: a GEOS Point per row costs twice as
    # much time as the whole rest. Leaflet wants latitude first.
    return [
        [
            round(lat, COORDINATE_DECIMALS),
            round(lon, COORDINATE_DECIMALS),
            pk,
            *themes.get(pk, ()),
        ]
        for pk, lat, lon in points.values_list("pk", "lat", "lon").order_by()
    ]


def _themes_by_initiative(initiatives, index) -> dict[int, list[int]]:
    links = Initiative.tags.through.objects.filter(
        initiative__in=initiatives.values("pk"), tag__in=list(index)
    ).values_list("initiative_id", "tag_id")
    themes = defaultdict(list)
    for initiative_id, tag_id in links.order_by():
        themes[initiative_id].append(index[tag_id])
    return {pk: sorted(indexes) for pk, indexes in themes.items()}
