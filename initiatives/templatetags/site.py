"""Template helpers of the public site."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import json_script
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag
def json_ld(data):
    """schema.org data in a script element, escaped by Django's json_script
    (which only writes type="application/json")."""
    element = json_script(data).replace(
        '<script type="application/json">', '<script type="application/ld+json">', 1
    )
    return mark_safe(element)  # noqa: S308 (json_script escaped it)


@register.simple_tag(takes_context=True)
def initiative_data(context, initiative):
    """schema.org data for json_ld: an Organization located at a Place."""
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
    return data


@register.simple_tag
def map_tiles():
    """The tile layer for our Leaflet maps, for json_script "map-tiles"."""
    tiles = settings.MAP_TILES
    return {
        "url": tiles["url"],
        "attribution": tiles["attribution"],
        "maxZoom": tiles.get("max_zoom", 19),
    }


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
    """The admin list's initiatives as points for its overview map."""
    return [
        {
            "name": initiative.name,
            "url": reverse("admin:initiatives_initiative_change", args=[initiative.pk]),
            "lat": initiative.location.y,
            "lon": initiative.location.x,
        }
        for initiative in initiatives
    ]
