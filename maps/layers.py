"""The initiative layer and the gatherings' layer: their folium elements.

The initiatives are not in the page: maps.js asks the API's viewport
endpoint (/api/v1/map/initiatives) for the clusters or points in view at
each move, so the page stays the same size whatever the number of
initiatives. Names arrive as JSON data and go into the page as text.
"""

from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils.html import json_script
from folium.elements import JSCSSMixin
from folium.template import Template

# About one metre: enough to tell two buildings apart.
COORDINATE_DECIMALS = 5


class CompactEncoder(DjangoJSONEncoder):
    """No spaces after separators."""

    item_separator = ","
    key_separator = ":"


class ConfigScript:
    """A layer's config in a JSON script element of the page, which the
    layer's script reads with omzienConfig(id)."""

    def config_element(self) -> str:
        return json_script(self.config, self.config_id, encoder=CompactEncoder)


class InitiativeLayer(ConfigScript, JSCSSMixin):
    """Clusters and markers from the viewport endpoint, with the theme
    filter on the map (a legend whose ticks are the `tag` filter)."""

    _template = Template(
        """
        {% macro html(this, kwargs) %}{{ this.config_element() }}{% endmacro %}
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = omzienInitiatives(
                {{ this._parent.get_name() }}, omzienConfig("{{ this.config_id }}"));
        {% endmacro %}
        """
    )

    def __init__(self, *, api_url, themes, texts, extent=None):
        super().__init__()
        self._name = "InitiativeLayer"
        self.config_id = f"{self.get_name()}-config"
        # extent: [(south, west), (north, east)] of the outlines on the map;
        # a view that holds it all asks without a box (the box filters
        # nothing there, and costs the database a test per row).
        self.config = {
            "api": api_url,
            "themes": themes,
            "texts": texts,
            "extent": extent,
        }
        self.default_js = [("omzien_maps", static("maps/maps.js"))]
        self.default_css = [("omzien_maps_css", static("maps/maps.css"))]


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
