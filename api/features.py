"""Initiatives as plain rows for the hot list path.

The geometry is rendered as GeoJSON in the database (`AsGeoJSON`), the rest
comes from `values()`, the tags of a whole page from one query, and orjson
writes the result: no model instances, no per-object serializer. Contact
details leave the database only when the initiator consented.
"""

from django.conf import settings
from django.contrib.gis.db.models.functions import AsGeoJSON
from django.db.models import Case, CharField, F, Value, When
from django.urls import reverse
from django.utils import translation

from initiatives.models import Initiative

# The public fields, in the order every format shows them.
PROPERTIES = (
    "id",
    "slug",
    "name",
    "summary",
    "description",
    "place",
    "municipality",
    "municipality_code",
    "province",
    "province_code",
    "region",
    "tags",
    "website",
    "contact_name",
    "contact_email",
    "status",
    "created",
    "updated",
    "url",
)
TOMBSTONE_PROPERTIES = ("id", "status", "updated")
COORDINATE_PRECISION = 6  # decimal degrees: about 0.1 m


def _consented(field):
    return Case(
        When(contact_consent=True, then=F(field)),
        default=Value(""),
        output_field=CharField(),
    )


COLUMNS = {
    "place": F("place_name"),
    "municipality_name": F("municipality__name"),
    "municipality_code": F("municipality__code"),
    "province_name": F("province__name"),
    "province_code": F("province__code"),
    "region_slug": F("region__slug"),
    "public_contact_name": _consented("contact_name"),
    "public_contact_email": _consented("contact_email"),
    "geojson": AsGeoJSON("location", precision=COORDINATE_PRECISION),
}
FIELDS = ("id", "slug", "name", "summary", "description", "website", "status")


def initiative_rows(queryset, request) -> list[tuple[str, dict]]:
    """(geometry as GeoJSON text, properties) for each initiative."""
    with_distance = "distance" in queryset.query.annotations
    fields = (*FIELDS, "created_at", "updated_at")
    if with_distance:
        fields += ("distance",)
    records = list(queryset.values(*fields, **COLUMNS))
    # The page's ids as a subquery: a list of a thousand ids costs more to
    # bind and send than the database needs to find the page again.
    tags = tag_slugs(queryset.values("id"))
    url = page_url(request)
    return [
        (record["geojson"], _properties(record, tags, url, with_distance))
        for record in records
    ]


def _properties(record, tags, url, with_distance):
    properties = {
        "id": record["id"],
        "slug": record["slug"],
        "name": record["name"],
        "summary": record["summary"],
        "description": record["description"],
        "place": record["place"],
        "municipality": record["municipality_name"],
        "municipality_code": record["municipality_code"],
        "province": record["province_name"],
        "province_code": record["province_code"],
        "region": record["region_slug"],
        "tags": tags.get(record["id"], []),
        "website": record["website"],
        "contact_name": record["public_contact_name"],
        "contact_email": record["public_contact_email"],
        "status": record["status"],
        "created": record["created_at"],
        "updated": record["updated_at"],
        "url": url(record["slug"]),
    }
    if with_distance:
        properties["distance_km"] = round(record["distance"].km, 3)
    return properties


def tombstone_row(record) -> tuple[None, dict]:
    """A row that only says an initiative left the public list, and when."""
    return None, {
        "id": record["id"],
        "status": record["status"],
        "updated": record["updated_at"],
    }


def tag_slugs(ids) -> dict[int, list[str]]:
    """The tag slugs of many initiatives (ids: a list or a subquery), in one
    query."""
    links = Initiative.tags.through.objects.filter(initiative_id__in=ids)
    tags = {}
    for initiative_id, slug in links.order_by("tag__slug").values_list(
        "initiative_id", "tag__slug"
    ):
        tags.setdefault(initiative_id, []).append(slug)
    return tags


def page_url(request, name="initiatives:detail"):
    """A function slug -> absolute URL of a public page (by default the
    initiative's; `name` is any site URL that takes a slug)."""
    marker = "slug-marker"
    with translation.override(settings.LANGUAGE_CODE):  # the Dutch site URL
        path = reverse(name, kwargs={"slug": marker})
    prefix, suffix = request.build_absolute_uri(path).rsplit(marker, 1)
    return lambda slug: f"{prefix}{slug}{suffix}"
