"""Rendered maps, kept in the cache until their data changes."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.templatetags.static import static
from django.utils.safestring import mark_safe
from django.utils.translation import get_language


def data_version(initiatives) -> tuple[int, str]:
    """The number of initiatives and their latest change: a new, changed or
    removed initiative changes it (admin and services save on every edit)."""
    found = initiatives.order_by().aggregate(
        count=Count("pk", distinct=True), updated=Max("updated_at")
    )
    updated = found["updated"].isoformat() if found["updated"] else ""
    return found["count"], updated


def cached_map(initiatives, *, key_parts, build) -> tuple[dict, int]:
    """The rendered parts of a map and the number of initiatives on it.

    `build()` makes the folium.Map; it runs only when the cache lacks this
    version. `key_parts` names everything else the map depends on.
    """
    count, updated = data_version(initiatives)
    key = _cache_key(key_parts, count, updated)
    parts = cache.get(key)
    if parts is None:
        parts = render_parts(build())
        cache.set(key, parts, settings.MAP_CACHE_SECONDS)
    return {name: mark_safe(html) for name, html in parts.items()}, count  # noqa: S308


def render_parts(fmap) -> dict[str, str]:
    """Folium's header (asset links, styles), map element and script, to place
    in one of our own pages."""
    figure = fmap.get_root()
    for child in figure._children.values():
        child.render()
    return {
        "header": figure.header.render(),
        "html": figure.html.render(),
        "script": figure.script.render(),
    }


def _cache_key(key_parts, count, updated) -> str:
    # The asset URL changes with every deploy that changes maps.js (hashed
    # names in production), so an old render never points at old assets.
    parts = (key_parts, count, updated, get_language(), static("maps/maps.js"))
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"maps:rendered:{digest}"
