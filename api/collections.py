"""One declaration per API collection: the rows, the CSV columns and the
OpenAPI schema all come from its `properties`, so they cannot drift apart.

Rows stay fast: `values()` with the geometry as GeoJSON from the database,
the few computed properties (tags, URLs, place text) from one page context,
and orjson writes the result; no model instances, no per-object serializer.
Contact details leave the database only when the initiator consented.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Expression,
    F,
    Max,
    Subquery,
    Value,
    When,
)
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from gatherings import display, schedule
from gatherings.models import Gathering
from gatherings.models import Tombstone as GatheringTombstone
from initiatives import images
from initiatives.models import Initiative, Tombstone

from . import crs, versions
from .features import TagSlugs, page_url, published_hosts
from .filters import InitiativeFilter
from .gathering_filters import GatheringFilter
from .pagination import after

# Named in settings.SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].
INITIATIVE_STATUSES = [*Initiative.Status.values, "deleted"]
GATHERING_STATUSES = [Gathering.Status.PUBLISHED, Gathering.Status.CANCELLED, "deleted"]


@dataclass(frozen=True)
class Property:
    """One public field: its output key, CSV column and schema property."""

    name: str
    field: serializers.Field  # type, allow_null, help_text: the schema
    source: Expression | str | None = None  # values() source; None: the name
    compute: Callable | None = None  # (record, context) -> value, in Python
    in_tombstone: bool = False  # initiatives' updated_since rows carry these

    def expression(self):
        if isinstance(self.source, str):
            return F(self.source)
        return self.source


@dataclass(frozen=True, eq=False)  # eq=False: hashed by identity
class Collection:
    id: str  # "initiatives"; the schema components are named after `name`
    name: str  # "Initiative": InitiativeProperties, InitiativeFeature, …
    title: str  # OGC /collections
    description: str
    queryset: Callable  # () -> the public rows in their default order
    filterset: type
    properties: tuple[Property, ...]
    # (queryset, request) -> what compute() needs for a page (tags, urls)
    page_context: Callable
    during: Callable  # OGC datetime: (queryset, start, end) -> the rows in it
    needs: tuple[str, ...] = ()  # values() only computed properties read
    data_version: Callable | None = None  # Last-Modified; None: ETag only
    doc: str = ""  # the Properties component's description
    geometry_help: str = ""
    coordinates_optional: bool = False  # the schema of lon and lat
    # (queryset, since, page, request) -> (rows, count): changes and tombstones
    sync: Callable | None = None
    extra_schema: dict = field(default_factory=dict)  # distance_km …

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.properties)

    def rows(self, queryset, request) -> list[tuple[str | None, dict]]:
        """(geometry as GeoJSON text, properties) per row, in order."""
        with_distance = "distance" in queryset.query.annotations
        plain = [p.name for p in self.properties if not p.compute and not p.source]
        named = {
            _key(p): p.expression() for p in self.properties if p.source is not None
        }
        needs = (*self.needs, *(("distance",) if with_distance else ()))
        target = crs.of(request)  # the view chose it: Accept-Crs or ?crs=
        records = queryset.values(*plain, *needs, **named, geojson=crs.geojson(target))
        context = self.page_context(queryset, request)
        readers = [(p.name, _reader(p, context)) for p in self.properties]
        rows = []
        for record in records:
            properties = {name: read(record) for name, read in readers}
            if with_distance:
                properties["distance_km"] = round(record["distance"].km, 3)
            rows.append((crs.in_axis_order(record["geojson"], target), properties))
        return rows

    def tombstone(self, record) -> tuple[None, dict]:
        """A row that only says a record left the public list, and when."""
        return None, {p.name: record[p.name] for p in self.properties if p.in_tombstone}


def _key(prop):
    return f"out_{prop.name}"


def _reader(prop, context) -> Callable[[dict], Any]:
    if prop.compute:
        return lambda record: prop.compute(record, context)
    key = prop.name if prop.source is None else _key(prop)
    return lambda record: record[key]


def _last_change(name, public, tombstones):
    """When the public rows last changed: an edit of a public row, or one
    leaving the list (a tombstone). Private rows do not count. Kept in the
    cache under `name` (api.versions)."""

    def read():
        # One query, as every public GET asks it: the latest edit with the
        # latest departure beside it, each read from the end of its index.
        left = tombstones.objects.order_by("-left_at").values("left_at")[:1]
        latest = public().order_by("-updated_at").values("updated_at")
        row = latest.values_list("updated_at", Subquery(left)).first()
        if row is None:  # no public rows
            row = (None, tombstones.objects.aggregate(at=Max("left_at"))["at"])
        return max(filter(None, row), default=None)

    return lambda: versions.remembered(name, read)


SYNC_ORDER = ("at", "id")  # changes and tombstones: oldest first


def _changes(collection_of, tombstones, id_field, state):
    """The sync of a collection: (queryset, since, page, request) -> (rows,
    count), changes and tombstones since a moment, oldest first, in one
    list, paged by (moment, id): an edit between two pages moves the row
    past the cursor, so the pass (or the next sync, from its `sync` link)
    delivers it once more, and every other row exactly once.

    Tombstones are records of rows that were public and left the list; no
    filter but `since` applies to them, and only to the moment they left:
    their current values are private.
    """

    def changes(queryset, since, page, request):
        # The same column names in each part: union() matches them by place.
        edited = queryset.order_by().values("id", state=F("status"), at=F("updated_at"))
        gone = tombstones.objects.filter(left_at__gte=since).order_by()
        gone = gone.values(id_field, state=state, at=F("left_at"))
        count = edited.union(gone, all=True).count()
        position = page.position(SYNC_ORDER)
        if position is not None:
            edited = edited.filter(after(position, ("updated_at", "id")))
            gone = gone.filter(after(position, ("left_at", id_field)))
        merged = edited.union(gone, all=True).order_by(*SYNC_ORDER)
        window = merged if position is not None else merged[page.offset :]
        records = [
            {"id": r["id"], "status": r["state"], "updated": r["at"]}
            for r in page.window(list(window[: page.limit + 1]))
        ]
        if records:
            last = records[-1]
            page.next_position = (SYNC_ORDER, (last["updated"], last["id"]))
        collection = collection_of()  # defined after this function
        ids = [r["id"] for r in records]
        rows = collection.rows(collection.queryset().filter(id__in=ids), request)
        by_id = {p["id"]: (g, p) for g, p in rows}
        return [by_id.get(r["id"]) or collection.tombstone(r) for r in records], count

    return changes


def _updated_between(queryset, start, end):
    """OGC datetime of initiatives: the last update lies within start..end."""
    if start:
        queryset = queryset.filter(updated_at__gte=start)
    if end:
        queryset = queryset.filter(updated_at__lte=end)
    return queryset


def _consented(name):
    return Case(
        When(contact_consent=True, then=F(name)),
        default=Value(""),
        output_field=CharField(),
    )


def _shown_address():
    return Case(
        When(show_address=True, then=F("address")),
        default=Value(""),
        output_field=CharField(),
    )


def _image_url(request):
    def url(name):
        return request.build_absolute_uri(images.large_url(name)) if name else None

    return url


def _initiative_context(queryset, request):
    return {
        "url": page_url(request),
        "image": _image_url(request),
    }


def _text(**kwargs):
    return serializers.CharField(required=False, **kwargs)


INITIATIVES = Collection(
    id="initiatives",
    name="Initiative",
    title=_("Initiatives"),
    description=_("Published initiatives of the Land van Omzien"),
    queryset=lambda: Initiative.objects.published(),
    filterset=InitiativeFilter,
    page_context=_initiative_context,
    data_version=_last_change("initiatives", Initiative.objects.published, Tombstone),
    sync=_changes(lambda: INITIATIVES, Tombstone, "initiative_id", F("status")),
    during=_updated_between,
    coordinates_optional=True,
    needs=("image",),
    doc="Public fields; a tombstone (see updated_since) has only id, status, updated.",
    properties=(
        Property("id", serializers.IntegerField(), in_tombstone=True),
        Property("slug", _text()),
        Property("name", _text()),
        Property("summary", _text()),
        Property("description", _text(allow_blank=True)),
        Property("place", _text(), source="place_name"),
        Property("municipality", _text(), source="municipality__name"),
        Property("municipality_code", _text(), source="municipality__code"),
        Property("province", _text(), source="province__name"),
        Property("province_code", _text(), source="province__code"),
        Property("region", _text(allow_null=True), source="region__slug"),
        Property(
            "tags",
            serializers.ListField(child=serializers.CharField(), required=False),
            source=TagSlugs(),
        ),
        Property("website", _text(allow_blank=True)),
        Property("public_email", _text(allow_blank=True)),
        Property("public_phone", _text(allow_blank=True)),
        Property(
            "social_links",
            serializers.ListField(child=serializers.URLField(), required=False),
        ),
        Property(
            "address",
            _text(allow_blank=True, help_text=_("Only when the initiator shows it.")),
            source=_shown_address(),
        ),
        Property("opening_hours", _text(allow_blank=True)),
        Property(
            "image",
            serializers.URLField(
                required=False,
                allow_null=True,
                help_text=_("1200 pixels wide at most."),
            ),
            compute=lambda record, context: context["image"](record["image"]),
        ),
        Property("image_alt", _text(allow_blank=True)),
        Property(
            "contact_name",
            _text(allow_blank=True, help_text=_("Only with consent.")),
            source=_consented("contact_name"),
        ),
        Property(
            "contact_email",
            _text(allow_blank=True, help_text=_("Only with consent.")),
            source=_consented("contact_email"),
        ),
        Property(
            "status",
            serializers.ChoiceField(
                choices=INITIATIVE_STATUSES,
                help_text=_("Anything but published only in updated_since tombstones."),
            ),
            in_tombstone=True,
        ),
        Property(
            "created", serializers.DateTimeField(required=False), source="created_at"
        ),
        Property(
            "updated",
            serializers.DateTimeField(),
            source="updated_at",
            in_tombstone=True,
        ),
        Property(
            "url",
            serializers.URLField(required=False),
            compute=lambda record, context: context["url"](record["slug"]),
        ),
    ),
    extra_schema={
        "distance_km": serializers.FloatField(
            required=False, help_text=_("Only with near or place.")
        )
    },
)


def _gathering_context(queryset, request):
    return {
        "hosts": published_hosts(queryset.values("host_initiative_id")),
        "page": page_url(request, "gatherings:detail"),
        "ics": page_url(request, "gatherings:event-calendar"),
        "host": page_url(request, "initiatives:detail"),
    }


def _all_day(record, context=None):
    return record["start_time"] is None  # as Gathering.all_day


def _end(record, context):
    """An all-day gathering ends on its last day (inclusive); a timed one
    may have no end time."""
    if _all_day(record) or record["end_time"] is not None:
        return schedule.isoformat(record["end_date"], record["end_time"])
    return None


def _place(record, context):
    return display.place_words(
        online=record["online"],
        place_name=record["place_name"],
        municipality=record["municipality__name"],
        region=record["region__name"],
    )


def _host_url(record, context):
    host = context["hosts"].get(record["host_initiative_id"])
    return context["host"](host) if host else None


GATHERINGS = Collection(
    id="gatherings",
    name="Gathering",
    title=_("Gatherings"),
    description=_(
        "Published and cancelled gatherings of the movement; online "
        "ones have no geometry"
    ),
    queryset=lambda: Gathering.objects.published().order_by("starts_at", "id"),
    filterset=GatheringFilter,
    page_context=_gathering_context,
    needs=(
        "start_date",
        "start_time",
        "end_date",
        "end_time",
        "place_name",
        "municipality__name",
        "region__name",
        "host_initiative_id",
    ),
    during=lambda queryset, start, end: queryset.during(start, end),
    data_version=_last_change(
        "gatherings", Gathering.objects.published, GatheringTombstone
    ),
    sync=_changes(
        lambda: GATHERINGS,
        GatheringTombstone,
        "gathering_id",
        Value("deleted", output_field=CharField()),
    ),
    doc="Public fields; a tombstone (see updated_since) has only id, status, updated.",
    geometry_help=_("Null when online or the place is not known."),
    properties=(
        Property("id", serializers.IntegerField(), in_tombstone=True),
        Property("slug", serializers.CharField()),
        Property("title", serializers.CharField()),
        Property("description", serializers.CharField(allow_blank=True)),
        Property("kind", serializers.ChoiceField(choices=Gathering.Kind.values)),
        Property(
            "all_day",
            serializers.BooleanField(
                help_text=_("True: start and end are dates (end is the last day).")
            ),
            compute=_all_day,
        ),
        Property(
            "start",
            serializers.CharField(
                help_text=_(
                    "ISO 8601: a date if all_day, else a date-time with offset."
                )
            ),
            compute=lambda record, context: schedule.isoformat(
                record["start_date"], record["start_time"]
            ),
        ),
        Property(
            "end",
            serializers.CharField(
                allow_null=True,
                help_text=_("As start; null when no end time is known."),
            ),
            compute=_end,
        ),
        Property("online", serializers.BooleanField()),
        Property(
            "place",
            serializers.CharField(help_text=_("The place as the site shows it.")),
            compute=_place,
        ),
        Property(
            "municipality",
            serializers.CharField(allow_null=True),
            source="municipality__name",
        ),
        Property(
            "municipality_code",
            serializers.CharField(allow_null=True),
            source="municipality__code",
        ),
        Property(
            "province", serializers.CharField(allow_null=True), source="province__name"
        ),
        Property(
            "province_code",
            serializers.CharField(allow_null=True),
            source="province__code",
        ),
        Property(
            "region",
            serializers.CharField(
                allow_null=True,
                help_text=_("Region slug; null for a national gathering."),
            ),
            source="region__slug",
        ),
        Property(
            "host_initiative",
            serializers.CharField(
                allow_null=True, help_text=_("Slug of the host, if it is published.")
            ),
            compute=lambda record, context: context["hosts"].get(
                record["host_initiative_id"]
            ),
        ),
        Property(
            "host_initiative_url",
            serializers.URLField(allow_null=True),
            compute=_host_url,
        ),
        Property("signup_url", serializers.CharField(allow_blank=True)),
        Property("signup_email", serializers.CharField(allow_blank=True)),
        Property(
            "status",
            serializers.ChoiceField(
                choices=GATHERING_STATUSES,
                help_text=_("deleted only in updated_since tombstones."),
            ),
            in_tombstone=True,
        ),
        Property(
            "url",
            serializers.URLField(),
            compute=lambda record, context: context["page"](record["slug"]),
        ),
        Property(
            "ics_url",
            serializers.URLField(help_text=_("The gathering as iCalendar.")),
            compute=lambda record, context: context["ics"](record["slug"]),
        ),
        Property("created", serializers.DateTimeField(), source="created_at"),
        Property(
            "updated",
            serializers.DateTimeField(),
            source="updated_at",
            in_tombstone=True,
        ),
    ),
)
