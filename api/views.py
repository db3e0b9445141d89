"""Initiatives and submissions. Thin: QuerySets read, services write."""

from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, Max
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from idempotency import services as idempotency
from initiatives import ratelimit, services
from initiatives.models import Initiative, Tombstone
from initiatives.permissions import can_moderate

from . import features, serializers
from .base import ApiViewMixin, problems
from .filters import InitiativeFilter
from .pagination import MAX_LIMIT, Page, cached_count, link_header
from .renderers import CSVRenderer, FeatureData, GeoJSONRenderer, JSONRenderer
from .throttles import AnonSubmitThrottle, PartnerSubmitThrottle

FEATURE_RESPONSES = {
    (200, "application/geo+json"): serializers.InitiativeFeatureCollection,
    (200, "application/json"): serializers.InitiativeObjectPage,
    (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR),
    **problems(400, 429),
}


PAGE_PARAMETERS = [
    OpenApiParameter(
        "limit", int, description=f"Page size, at most {MAX_LIMIT} (default 100)"
    ),
    OpenApiParameter("offset", int, description="Rows to skip (default 0)"),
]


def last_change():
    """When the public data last changed: an edit of a published initiative,
    or one leaving the list (a tombstone). Private rows do not count."""
    published = Initiative.objects.published().aggregate(at=Max("updated_at"))
    left = Tombstone.objects.aggregate(at=Max("left_at"))
    return max(filter(None, (published["at"], left["at"])), default=None)


class FeatureViewMixin(ApiViewMixin):
    renderer_classes = [GeoJSONRenderer, JSONRenderer, CSVRenderer]

    def data_version(self):
        """When the public data last changed; asked once per request."""
        if not hasattr(self, "_data_version"):
            self._data_version = last_change()
        return self._data_version

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        moment = self.data_version() if response.status_code == 200 else None
        if moment is not None:
            response["Last-Modified"] = http_date(moment.timestamp())
        patch_vary_headers(response, ["Accept"])
        return response


class InitiativeList(FeatureViewMixin, generics.ListAPIView):
    """Published initiatives, filtered; GeoJSON, JSON (?format=json) or CSV."""

    filter_backends = [DjangoFilterBackend]  # for the schema; see filtered()
    filterset_class = InitiativeFilter
    queryset = Initiative.objects.published()
    params = {"limit", "offset"}

    @extend_schema(responses=FEATURE_RESPONSES, parameters=PAGE_PARAMETERS)
    def get(self, request, *args, **kwargs):
        queryset, since = self.filtered()
        page = Page(request)
        if since:
            rows, count = sync_rows(queryset, since, page, request)
        else:
            name = self.filterset.count_name()  # None: not among the cached
            count = cached_count(queryset, name=name, version=self.data_version())
            rows = features.initiative_rows(page.slice(queryset), request)
        links = page.links(count)
        extra = ("distance_km",) if "distance" in queryset.query.annotations else ()
        data = FeatureData(rows, count=count, links=links, extra=extra)
        headers = {"Link": link_header(links)} if any(links.values()) else {}
        return Response(data, headers=headers)

    def filtered(self):
        """The filtered initiatives, and the moment of updated_since if given."""
        filterset = InitiativeFilter(
            self.request.query_params, queryset=self.queryset, request=self.request
        )
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        self.filterset = filterset
        since = filterset.form.cleaned_data.get("updated_since")
        # Filters only ever see published rows; see sync_rows for the rest.
        return filterset.filter_queryset(self.get_queryset()), since


def sync_rows(queryset, since, page, request):
    """Changes and tombstones since a moment, oldest first, in one list.

    Tombstones are records of initiatives that were public and left the
    list; no filter but `since` applies to them, and only to the moment they
    left: their current values are private.
    """
    # The same column names in each part: union() matches them by place.
    changes = queryset.order_by().values("id", state=F("status"), at=F("updated_at"))
    gone = Tombstone.objects.filter(left_at__gte=since).order_by()
    gone = gone.values("initiative_id", state=F("status"), at=F("left_at"))
    merged = changes.union(gone, all=True).order_by("at", "id")
    records = [
        {"id": r["id"], "status": r["state"], "updated_at": r["at"]}
        for r in page.slice(merged)
    ]
    published = [r["id"] for r in records if r["status"] == "published"]
    full = Initiative.objects.published().filter(id__in=published)
    rows = {p["id"]: (g, p) for g, p in features.initiative_rows(full, request)}
    tombstone = features.tombstone_row
    return [rows.get(r["id"]) or tombstone(r) for r in records], merged.count()


class InitiativeDetail(FeatureViewMixin, APIView):
    """One published initiative by its slug."""

    @extend_schema(
        responses={
            (200, "application/geo+json"): serializers.InitiativeFeature,
            (200, "application/json"): serializers.InitiativeObject,
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR),
            **problems(400, 404, 429),
        }
    )
    def get(self, request, slug):
        queryset = Initiative.objects.published().filter(slug=slug)
        rows = features.initiative_rows(queryset, request)
        if not rows:
            raise exceptions.NotFound()
        return Response(FeatureData(rows, single=True))


IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    description=(
        "Any unique string of up to 255 characters. A repeat with the same key "
        "and body within 24 hours (per token, or per address without one) "
        "creates nothing and gets the first answer again, with the header "
        "`Idempotent-Replayed: true`; the same key with another body is a 422."
    ),
)


class KeyReused(exceptions.APIException):
    status_code = 422
    default_detail = gettext_lazy(
        "This Idempotency-Key was used before with a different request body."
    )
    default_code = "idempotency_key_reused"


class SubmissionCreate(ApiViewMixin, APIView):
    """Submit an initiative: it waits as pending until a moderator publishes it."""

    throttle_classes = [AnonSubmitThrottle, PartnerSubmitThrottle]

    @extend_schema(
        request=serializers.SubmissionInput,
        parameters=[IDEMPOTENCY_KEY],
        responses={201: serializers.SubmissionOutput, **problems(400, 422, 429)},
    )
    def post(self, request):
        key = idempotency_key(request)
        if key is None:
            return Response(self.create(), status=status.HTTP_201_CREATED)
        try:
            code, body, replayed = idempotency.once(
                scope=client_scope(request),
                key=key,
                fingerprint=idempotency.fingerprint(request.data),
                run=lambda: (status.HTTP_201_CREATED, self.create()),
            )
        except idempotency.KeyReused:
            raise KeyReused() from None
        headers = {"Idempotent-Replayed": "true"} if replayed else {}
        return Response(body, status=code, headers=headers)

    def create(self) -> dict:
        data = self.validated_body(serializers.SubmissionInput)
        lon, lat = data.pop("lon"), data.pop("lat")
        user = self.request.user if self.request.user.is_authenticated else None
        try:
            initiative = services.submit(
                location=Point(lon, lat, srid=4326), submitted_by=user, **data
            )
        except DjangoValidationError as error:
            raise exceptions.ValidationError(_field_errors(error)) from None
        return dict(serializers.SubmissionOutput(initiative).data)


def idempotency_key(request) -> str | None:
    """The Idempotency-Key header: 1 to 255 visible ASCII characters."""
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    if not 0 < len(key) <= 255 or not all(" " < c <= "~" for c in key):
        raise exceptions.ValidationError(
            {"Idempotency-Key": _("Use 1 to 255 visible ASCII characters.")}
        )
    return key


def client_scope(request) -> str:
    """Whose keys these are: the token's user, or the client's address."""
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"address:{ratelimit.client_address(request)}"


class CanModerate(permissions.BasePermission):
    """The admin's rule: staff with the permission to change initiatives."""

    def has_permission(self, request, view):
        return can_moderate(request.user)


class Moderate(ApiViewMixin, APIView):
    """Moderators only: publish or reject a submission (through the services)."""

    permission_classes = [CanModerate]
    decision = None  # "publish" or "reject", set in urls.py

    @extend_schema(
        request=serializers.RejectInput,
        responses={200: serializers.SubmissionOutput, **problems(400, 401, 403, 404)},
    )
    def post(self, request, pk):
        initiative = get_object_or_404(Initiative, pk=pk)
        try:
            if self.decision == "publish":
                services.publish(initiative=initiative)
            else:
                reason = self.validated_body(serializers.RejectInput).get("reason")
                services.reject(initiative=initiative, reason=reason or "")
        except DjangoValidationError as error:
            raise exceptions.ValidationError(_field_errors(error)) from None
        return Response(serializers.SubmissionOutput(initiative).data)


def _field_errors(error):
    """A Django ValidationError as DRF's {field: [messages]}."""
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {"non_field_errors": error.messages}
