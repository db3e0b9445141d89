"""Template helpers of the public site."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

# As django.utils.html.json_script: a name holding "</script>" or "<!--"
# cannot end the script element early.
SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def script_json(data) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
        SCRIPT_ESCAPES
    )


@register.simple_tag(takes_context=True)
def initiative_jsonld(context, initiative):
    """schema.org JSON-LD: an Organization located at a Place."""
    request = context["request"]
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": initiative.name,
        "description": initiative.summary,
        "url": request.build_absolute_uri(initiative.get_absolute_url()),
        "keywords": ", ".join(tag.name for tag in initiative.tags.all()),
        "location": {
            "@type": "Place",
            "name": initiative.place_name,
            "address": {
                "@type": "PostalAddress",
                "addressLocality": initiative.place_name,
                "addressRegion": initiative.province.name,
                "addressCountry": "NL",
            },
            "geo": {
                "@type": "GeoCoordinates",
                "latitude": round(initiative.location.y, 6),
                "longitude": round(initiative.location.x, 6),
            },
        },
    }
    if initiative.website:
        data["sameAs"] = initiative.website
    if initiative.contact_consent and initiative.contact_email:
        data["email"] = initiative.contact_email
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(script_json(data)),  # noqa: S308 (escaped above)
    )


@register.simple_tag
def map_tiles():
    """The tile layer for our Leaflet maps, as a JSON script element."""
    tiles = settings.MAP_TILES
    data = {
        "url": tiles["url"],
        "attribution": tiles["attribution"],
        "maxZoom": tiles.get("max_zoom", 19),
    }
    return format_html(
        '<script id="map-tiles" type="application/json">{}</script>',
        mark_safe(script_json(data)),  # noqa: S308 (escaped above)
    )


@register.simple_tag
def localized(path: str) -> str:
    """A site path in the current language, for pages of other apps that
    are linked by path (the maps): /kaart/ or /en/kaart/."""
    language = get_language()
    if language and language != settings.LANGUAGE_CODE:
        return f"/{language}{path}"
    return path


@register.simple_tag
def admin_points(initiatives):
    """The admin list's initiatives as JSON points for its overview map."""
    data = [
        {
            "name": initiative.name,
            "url": reverse("admin:initiatives_initiative_change", args=[initiative.pk]),
            "lat": initiative.location.y,
            "lon": initiative.location.x,
        }
        for initiative in initiatives
    ]
    return format_html(
        '<script id="admin-points" type="application/json">{}</script>',
        mark_safe(script_json(data)),  # noqa: S308 (escaped above)
    )
