"""Gatherings as (geometry, properties) rows for the API's renderers.

Gatherings are few (dozens a year), so the rows come from model instances
and reuse the site's own wording of the place (gatherings.display). A page
costs two queries: the gatherings with their areas, and which of their
host initiatives are published (only those are named and linked).
"""

import orjson

from gatherings import display, schedule
from initiatives.models import Initiative

from .collections import COORDINATE_PRECISION
from .features import page_url

# The public fields, in the order every format shows them.
PROPERTIES = (
    "id",
    "slug",
    "title",
    "description",
    "kind",
    "all_day",
    "start",
    "end",
    "online",
    "place",
    "municipality",
    "municipality_code",
    "province",
    "province_code",
    "region",
    "host_initiative",
    "host_initiative_url",
    "signup_url",
    "signup_email",
    "status",
    "url",
    "ics_url",
    "created",
    "updated",
)


def gathering_rows(queryset, request) -> list[tuple[bytes | None, dict]]:
    """(geometry as GeoJSON, properties) per gathering; give for_list()."""
    gatherings = list(queryset)
    hosts = published_hosts({g.host_initiative_id for g in gatherings})
    urls = {
        "page": page_url(request, "gatherings:detail"),
        "ics": page_url(request, "gatherings:event-calendar"),
        "host": page_url(request, "initiatives:detail"),
    }
    return [(geometry(g), _properties(g, hosts, urls)) for g in gatherings]


def published_hosts(ids) -> dict[int, str]:
    """id -> slug of those initiatives that are published, in one query."""
    ids = ids - {None}
    if not ids:
        return {}
    published = Initiative.objects.published().filter(pk__in=ids)
    return dict(published.values_list("pk", "slug"))


def geometry(gathering) -> bytes | None:
    """A GeoJSON Point; None for an online gathering or one without an
    address yet."""
    if gathering.location is None:
        return None
    point = gathering.location  # GEOS: x is longitude, y is latitude
    coordinates = [
        round(point.x, COORDINATE_PRECISION),
        round(point.y, COORDINATE_PRECISION),
    ]
    return orjson.dumps({"type": "Point", "coordinates": coordinates})


def _properties(gathering, hosts, urls) -> dict:
    host = hosts.get(gathering.host_initiative_id)
    municipality, province = gathering.municipality, gathering.province
    return {
        "id": gathering.id,
        "slug": gathering.slug,
        "title": gathering.title,
        "description": gathering.description,
        "kind": gathering.kind,
        "all_day": gathering.all_day,
        **_times(gathering),
        "online": gathering.online,
        "place": display.place_text(gathering),
        "municipality": municipality.name if municipality else None,
        "municipality_code": municipality.code if municipality else None,
        "province": province.name if province else None,
        "province_code": province.code if province else None,
        "region": gathering.region.slug if gathering.region_id else None,
        "host_initiative": host,
        "host_initiative_url": urls["host"](host) if host else None,
        "signup_url": gathering.signup_url,
        "signup_email": gathering.signup_email,
        "status": gathering.status,
        "url": urls["page"](gathering.slug),
        "ics_url": urls["ics"](gathering.slug),
        "created": gathering.created_at,
        "updated": gathering.updated_at,
    }


def _times(gathering) -> dict:
    """Dates for an all-day gathering (end: its last day, inclusive), else
    local times with their offset; a timed gathering may have no end."""
    end = None
    if gathering.all_day or gathering.end_time is not None:
        end = schedule.isoformat(gathering.end_date, gathering.end_time)
    return {
        "start": schedule.isoformat(gathering.start_date, gathering.start_time),
        "end": end,
    }
