"""Query parameters of /api/v1/gatherings. Each one calls a QuerySet
method; a value that cannot be used is a 400 naming the parameter."""

import datetime as dt

import django_filters as filters
from django import forms
from django.utils.translation import gettext_lazy as _

from areas import geography
from areas.models import Region
from gatherings.models import Gathering

from .filters import LocationFilter, UtcDateTimeFilter

ISO_DATE = ["%Y-%m-%d"]  # never the active language's own date formats


class GatheringFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        start, end = data.get("from"), data.get("to")
        if start and end and end < start:
            self.add_error("to", _("The end date lies before the start date."))
        return data


class GatheringFilter(filters.FilterSet):
    region = filters.ModelChoiceFilter(
        queryset=Region.objects.all(),
        to_field_name="slug",
        method="filter_region",
        help_text=_("Region slug: noorden, midden or zuiden"),
    )
    kind = filters.ChoiceFilter(
        choices=Gathering.Kind.choices,
        method="filter_kind",
        help_text=_("Kind of gathering, e.g. kennismakingsmiddag"),
    )
    bbox = LocationFilter(
        parse=geography.parse_bbox,
        method="filter_bbox",
        help_text=_("minLon,minLat,maxLon,maxLat (WGS84); leaves out online ones"),
    )
    updated_since = UtcDateTimeFilter(
        method="filter_updated_since",
        help_text=_("ISO 8601 date-time: gatherings changed since then"),
    )

    class Meta:
        form = GatheringFilterForm
        fields = []

    def filter_region(self, queryset, name, value):
        return queryset.in_region(value)

    def filter_kind(self, queryset, name, value: str):
        return queryset.of_kind(value)

    def filter_bbox(self, queryset, name, value: str):
        # value is a polygon by now; the hint documents the query parameter.
        return queryset.in_bbox(value)

    def filter_updated_since(self, queryset, name, value: dt.datetime):
        # Oldest change first, paged by (updated_at, id): see api.pagination.
        return queryset.updated_since(value).order_by("updated_at", "id")

    def filter_from(self, queryset, name, value: dt.date):
        return queryset.between(start_date=value)

    def filter_to(self, queryset, name, value: dt.date):
        return queryset.between(end_date=value)


# "from" is a Python keyword: these two are added under their names here.
GatheringFilter.base_filters["from"] = filters.DateFilter(
    method="filter_from",
    input_formats=ISO_DATE,
    help_text=_("YYYY-MM-DD: gatherings with a day on or after this date"),
)
GatheringFilter.base_filters["to"] = filters.DateFilter(
    method="filter_to",
    input_formats=ISO_DATE,
    help_text=_("YYYY-MM-DD: gatherings with a day on or before this date"),
)
