"""Rendered maps, a bounded few kept in the cache until their data changes."""

from django.conf import settings
from django.db.models import Count, Max
from django.templatetags.static import static
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from initiatives.caching import remembered


def data_version(initiatives) -> tuple[int, str]:
    """The number of initiatives and their latest change: a new, changed or
    removed initiative changes it (admin and services save on every edit)."""
    found = initiatives.order_by().aggregate(
        count=Count("pk", distinct=True), updated=Max("updated_at")
    )
    updated = found["updated"].isoformat() if found["updated"] else ""
    return found["count"], updated


def cached_map(*, name, depends_on, build) -> dict:
    """The rendered parts of a map, cached under `name` (a region or the
    country) until `depends_on` changes. `build()` makes the folium.Map.

    The initiatives are not in it (maps.js loads them by viewport), so a
    few names cover every filter.
    """
    # The asset URL changes with every deploy that changes maps.js (hashed
    # names in production): an old render never points at old assets.
    version = (depends_on, static("maps/maps.js"))
    key = f"maps:rendered:{get_language()}:{name}"
    timeout = settings.MAP_CACHE_SECONDS
    parts = remembered(key, version, lambda: render_parts(build()), timeout=timeout)
    return {part: mark_safe(html) for part, html in parts.items()}  # noqa: S308


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
