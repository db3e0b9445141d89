"""/api/v1/gatherings: the movement's public gatherings, read only.

Built on the initiatives' machinery: the same renderers (GeoJSON, JSON,
CSV), pages, problem responses and ETags. Gatherings have no record of
deletions, so they carry an ETag but no Last-Modified: a maximum of
updated_at would answer 304 after a gathering was deleted.
"""

import datetime as dt

import django_filters as filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, generics
from rest_framework.response import Response
from rest_framework.views import APIView

from areas import geography
from areas.models import Region
from gatherings.models import Gathering

from . import gathering_serializers as shapes
from .base import problems
from .filters import LocationFilter, UtcDateTimeFilter
from .gathering_features import PROPERTIES, gathering_rows
from .pagination import Page, link_header
from .renderers import FeatureData
from .views import PAGE_PARAMETERS, FeatureViewMixin

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
        return queryset.updated_since(value)

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


class GatheringViewMixin(FeatureViewMixin):
    def data_version(self):
        return None  # no Last-Modified: see the module docstring


class GatheringList(GatheringViewMixin, generics.ListAPIView):
    """Published and cancelled gatherings, soonest first; GeoJSON, JSON
    (?format=json) or CSV. Online gatherings have no geometry."""

    filter_backends = [DjangoFilterBackend]  # for the schema; see get()
    filterset_class = GatheringFilter
    queryset = Gathering.objects.published().for_list().order_by("starts_at", "id")
    params = {"limit", "offset"}

    @extend_schema(
        responses={
            (200, "application/geo+json"): shapes.GatheringFeatureCollection,
            (200, "application/json"): shapes.GatheringObjectPage,
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR),
            **problems(400, 429),
        },
        parameters=PAGE_PARAMETERS,
    )
    def get(self, request, *args, **kwargs):
        filterset = GatheringFilter(
            request.query_params, queryset=self.get_queryset(), request=request
        )
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        queryset = filterset.qs
        page = Page(request)
        count = queryset.count()
        rows = gathering_rows(page.slice(queryset), request)
        links = page.links(count)
        data = FeatureData(rows, count=count, links=links, columns=PROPERTIES)
        headers = {"Link": link_header(links)} if any(links.values()) else {}
        return Response(data, headers=headers)


class GatheringDetail(GatheringViewMixin, APIView):
    """One published (or cancelled) gathering by its slug."""

    @extend_schema(
        responses={
            (200, "application/geo+json"): shapes.GatheringFeature,
            (200, "application/json"): shapes.GatheringObject,
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR),
            **problems(400, 404, 429),
        }
    )
    def get(self, request, slug):
        queryset = Gathering.objects.published().for_list().filter(slug=slug)
        rows = gathering_rows(queryset, request)
        if not rows:
            raise exceptions.NotFound()
        return Response(FeatureData(rows, single=True, columns=PROPERTIES))
