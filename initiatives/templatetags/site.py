"""Template helpers of the public site."""

from urllib.parse import quote, urlsplit

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import json_script
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .. import images

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
    if initiative.public_address:
        data["location"]["address"]["streetAddress"] = initiative.public_address
    same_as = [link for link in (initiative.website, *initiative.social_links) if link]
    if same_as:
        data["sameAs"] = same_as
    email = initiative.public_email or (
        initiative.contact_email if initiative.contact_consent else ""
    )
    if email:
        data["email"] = email
    if initiative.public_phone:
        data["telephone"] = initiative.public_phone
    if initiative.image:
        data["image"] = request.build_absolute_uri(images.large_url(initiative.image))
    return data


@register.filter
def image_sizes(initiative) -> dict:
    """The image's URLs for an <img>: src, srcset."""
    urls = images.urls(initiative.image)
    return {
        "src": urls[600],
        "srcset": ", ".join(f"{url} {width}w" for width, url in urls.items()),
    }


@register.filter
def link_label(url: str) -> str:
    """A web address as people read it: facebook.com/buurthuis."""
    parts = urlsplit(url)
    return (parts.netloc.removeprefix("www.") + parts.path).rstrip("/") or url


@register.filter
def directions_url(point) -> str:
    """OpenStreetMap's route planner with the point as the destination (the
    visitor fills in where they start)."""
    return (
        "https://www.openstreetmap.org/directions?route="
        + quote(f";{point.y:.5f},{point.x:.5f}")
        + f"#map=16/{point.y:.5f}/{point.x:.5f}"
    )


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
