"""Query parameters of the initiatives list. Each one calls a QuerySet
method; a value that cannot be used is a 400 naming the parameter."""

import datetime as dt
from decimal import Decimal

import django_filters as filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField
from drf_spectacular.utils import extend_schema_field

from areas import geography, search
from areas.models import Municipality, Province, Region
from initiatives.models import Tag

ORDERINGS = {
    "name": ("name",),
    "-name": ("-name",),
    "created": ("created_at",),
    "-created": ("-created_at",),
    "updated": ("updated_at",),
    "-updated": ("-updated_at",),
    "distance": ("distance",),
}
# The filters whose counts are cached: few values each (see count_name).
AREAS = ("region", "province", "municipality")
THEMES = ("tag", "tag_any")


class LocationField(forms.CharField):
    """A text field parsed by one of the geography parsers."""

    def __init__(self, *, parse, **kwargs):
        self.parse = parse
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return self.parse(value)
        except geography.LocationError as error:
            raise forms.ValidationError(str(error), code="invalid") from None


class CodeOrNameField(forms.ModelChoiceField):
    """A province or municipality by its CBS code (PV20, GM0166) or name."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        # As Django's own to_python: PostgreSQL refuses NUL in a query.
        self.validate_no_null_characters(value)
        found = self.queryset.filter(Q(code__iexact=value) | Q(name__iexact=value))
        found = found.first()
        if found is None:
            raise forms.ValidationError(
                _("Unknown %(kind)s: give a CBS code or a name.")
                % {"kind": self.queryset.model._meta.verbose_name},
                code="invalid_choice",
            )
        return found


class UtcDateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time, in UTC: databases differ in the offsets they
    accept (PostgreSQL refuses +22:49), and UTC fits them all."""

    def clean(self, value):
        moment = super().clean(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(dt.UTC)
        except OverflowError:
            raise forms.ValidationError(
                _("Give a date-time between the years 1 and 9999."), code="invalid"
            ) from None


class UtcDateTimeFilter(filters.IsoDateTimeFilter):
    field_class = UtcDateTimeField


class LocationFilter(filters.Filter):
    field_class = LocationField


class CodeOrNameFilter(filters.ModelChoiceFilter):
    field_class = CodeOrNameField


def with_schema(filter, **schema):
    """The filter with these JSON Schema keywords (bounds) documented."""
    help_text = filter.extra.get("help_text", "")
    return extend_schema_field({**schema, "description": help_text})(filter)


class InitiativeFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        self._resolve_place(data)
        point = data.get("near") or data.get("place")
        if data.get("radius_km") and not point:
            self.add_error("radius_km", _("Give near or place with radius_km."))
        if data.get("ordering") == "distance" and not point:
            self.add_error("ordering", _("Ordering by distance needs near or place."))
        if data.get("ordering") and data.get("updated_since"):
            self.add_error("ordering", _("updated_since always orders by updated."))
        return data

    def _resolve_place(self, data):
        name = data.get("place")
        if not name:
            return
        if data.get("near"):
            self.add_error("place", _("Give either near or place, not both."))
            return
        place = geography.find_place(name)
        if place is None:
            self.add_error("place", _("No place or postcode found by that name."))
        else:
            data["place"] = place.location


class InitiativeFilter(filters.FilterSet):
    bbox = LocationFilter(
        parse=geography.parse_bbox,
        method="filter_bbox",
        help_text=_("minLon,minLat,maxLon,maxLat (WGS84), e.g. 5.8,52.4,6.1,52.7"),
    )
    near = LocationFilter(
        parse=geography.parse_lat_lon,
        method="applied_later",
        help_text=_("lat,lon: nearest first, with distance_km, e.g. 52.555,5.911"),
    )
    place = filters.CharFilter(
        method="applied_later",
        max_length=100,
        help_text=_("A place name or PC4 postcode, used as near (e.g. Kampen)"),
    )
    radius_km = with_schema(
        filters.NumberFilter(
            method="applied_later_number",
            # Decimals, as the field: a float 0.001 lies just above 0.001.
            min_value=Decimal(str(search.MIN_RADIUS_KM)),
            max_value=Decimal(str(search.MAX_RADIUS_KM)),
            help_text=search.RADIUS_HELP,
        ),
        type="number",
        minimum=search.MIN_RADIUS_KM,
        maximum=search.MAX_RADIUS_KM,
    )
    region = filters.ModelChoiceFilter(
        queryset=Region.objects.all(),
        to_field_name="slug",
        method="filter_region",
        help_text=_("Region slug: noorden, midden or zuiden"),
    )
    province = with_schema(
        CodeOrNameFilter(
            queryset=Province.objects.all(),
            method="filter_province",
            help_text=_("Province CBS code or name, e.g. PV21 or Fryslân"),
        ),
        type="string",  # a CBS code or a name, not a key
    )
    municipality = with_schema(
        CodeOrNameFilter(
            queryset=Municipality.objects.all(),
            method="filter_municipality",
            help_text=_("Municipality CBS code or name, e.g. GM0166 or Kampen"),
        ),
        type="string",  # a CBS code or a name, not a key
    )
    tag = filters.ModelMultipleChoiceFilter(
        queryset=Tag.objects.all(),
        to_field_name="slug",
        method="filter_all_tags",
        help_text=search.THEMES_HELP,
    )
    tag_any = filters.ModelMultipleChoiceFilter(
        queryset=Tag.objects.all(),
        to_field_name="slug",
        method="filter_any_tags",
        help_text=_("Theme slug; repeat for initiatives with any of them"),
    )
    q = filters.CharFilter(
        method="filter_text",
        max_length=200,
        help_text=_("Words in the name, summary, description or place"),
    )
    updated_since = UtcDateTimeFilter(
        method="filter_updated_since",
        help_text=_(
            "ISO 8601 date-time. For sync: also returns initiatives that were "
            "public once and left the list since then, as tombstones with id "
            "and status (archived, unpublished, deleted), whatever the other "
            "filters; ordered by updated."
        ),
    )
    ordering = filters.ChoiceFilter(
        choices=[(key, key) for key in ORDERINGS],
        method="applied_later",
        empty_label=None,
        help_text=_("name (default), created, updated (- for descending), distance"),
    )

    class Meta:
        form = InitiativeFilterForm
        fields = []

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        point = data.get("near") or data.get("place")
        if point:
            radius = data.get("radius_km") or search.DEFAULT_RADIUS_KM
            queryset = queryset.near(point, float(radius))
        if data.get("ordering"):
            queryset = queryset.order_by(*ORDERINGS[data["ordering"]], "id")
        elif not point:
            queryset = queryset.order_by("name", "id")
        return queryset

    def count_name(self, besides=()) -> str | None:
        """The (valid) filters as a cache name when they are one area and one
        theme at most, so that names stay a few thousand; None otherwise.
        Equal filters get one name, whatever their order or spelling. The
        filters `besides` do not count."""
        data = self.form.cleaned_data
        ignored = {"ordering", *besides}
        given = {name for name, value in data.items() if name not in ignored and value}
        themes = {tag.slug for name in THEMES for tag in data.get(name) or ()}
        areas = given & set(AREAS)
        if given - {*AREAS, *THEMES} or len(areas) > 1 or len(themes) > 1:
            return None
        parts = [f"{name}={data[name].pk}" for name in areas]
        return "|".join(parts + [f"theme={slug}" for slug in themes]) or "all"

    def applied_later(self, queryset, name, value: str):
        return queryset  # see filter_queryset: these depend on each other

    def applied_later_number(self, queryset, name, value: float):
        return queryset

    def filter_bbox(self, queryset, name, value: str):
        return queryset.in_bbox(value)

    def filter_region(self, queryset, name, value):
        return queryset.in_region(value)

    def filter_province(self, queryset, name, value):
        return queryset.in_province(value)

    def filter_municipality(self, queryset, name, value):
        return queryset.in_municipality(value)

    def filter_all_tags(self, queryset, name, value: str):
        return queryset.with_all_tags(value) if value else queryset

    def filter_any_tags(self, queryset, name, value: str):
        # An empty QuerySet is no "empty value" to django-filter: check here.
        return queryset.with_any_tags(value) if value else queryset

    def filter_text(self, queryset, name, value):
        return queryset.matching(value)

    def filter_updated_since(self, queryset, name, value: dt.datetime):
        return queryset.updated_since(value)
