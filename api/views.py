"""The collections' list and detail views, and submissions. Thin: QuerySets
read, services write."""

from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, generics, permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from idempotency import services as idempotency
from initiatives import ratelimit, services
from initiatives.models import Initiative
from initiatives.permissions import can_moderate

from . import crs, response_cache, schema, serializers
from .base import ApiViewMixin, problems
from .collections import GATHERINGS, INITIATIVES, Collection
from .pagination import Page, cached_count, link_header
from .params import together
from .renderers import CSVRenderer, FeatureData, GeoJSONRenderer, JSONRenderer
from .throttles import AnonSubmitThrottle, PartnerSubmitThrottle


class FeatureViewMixin(crs.ContentCrsMixin, ApiViewMixin):
    renderer_classes = [GeoJSONRenderer, JSONRenderer, CSVRenderer]
    collection: Collection = None

    def data_version(self):
        """When the public data last changed; asked once per request. None
        for a collection without a record of deletions: no Last-Modified."""
        if self.collection.data_version is None:
            return None
        if not hasattr(self, "_data_version"):
            self._data_version = self.collection.data_version()
        return self._data_version

    def get(self, request, *args, **kwargs):
        return response_cache.served(
            request, self.data_version(), lambda: self.build(request, *args, **kwargs)
        )

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        moment = self.data_version() if response.status_code == 200 else None
        if moment is not None:
            response["Last-Modified"] = http_date(moment.timestamp())
        patch_vary_headers(response, ["Accept"])
        return response


ACCEPT_CRS = OpenApiParameter(
    "Accept-Crs",
    str,
    OpenApiParameter.HEADER,
    enum=[c.code for c in crs.SUPPORTED],
    description=(
        "The CRS of the geometries (ADR geospatial module), default OGC:CRS84 "
        "(lon, lat); EPSG:4326 and EPSG:4258 are lat, lon; EPSG:28992 is RD "
        "New in metres. The Content-Crs header names the CRS of the answer; "
        "another CRS is a 406. CSV has lon and lat columns: CRS84 only."
    ),
)


class CollectionList(FeatureViewMixin, generics.ListAPIView):
    """The public rows of a collection, filtered; GeoJSON, JSON
    (?format=json) or CSV."""

    filter_backends = [DjangoFilterBackend]  # for the schema; see filtered()

    def known_params(self):
        return {*super().known_params(), *Page.PARAMS}

    def get_queryset(self):
        return self.collection.queryset()

    def build(self, request, *args, **kwargs):
        collection = self.collection
        (queryset, since), page = together(self.filtered, lambda: Page(request))
        if since and collection.sync:
            rows, count = collection.sync(queryset, since, page, request)
        else:
            count = self.count(queryset)
            rows = page.fetch(queryset, lambda part: collection.rows(part, request))
        links = page.links()
        if since and collection.sync and not links["next"]:
            links["sync"] = page.resume()
        extra = ("distance_km",) if "distance" in queryset.query.annotations else ()
        data = FeatureData(
            rows, count=count, links=links, columns=collection.columns, extra=extra
        )
        headers = {"Link": link_header(links)} if any(links.values()) else {}
        return Response(data, headers=headers)

    def count(self, queryset):
        count_name = getattr(self.filterset, "count_name", None)
        name = count_name() if count_name else None  # None: not among the cached
        return cached_count(queryset, name=name, version=self.data_version())

    def filtered(self):
        """The filtered rows, and the moment of updated_since if given."""
        filterset = self.collection.filterset(
            self.request.query_params,
            queryset=self.get_queryset(),
            request=self.request,
        )
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        self.filterset = filterset
        since = filterset.form.cleaned_data.get("updated_since")
        return filterset.qs, since


class CollectionDetail(FeatureViewMixin, APIView):
    """One public row by its slug."""

    def build(self, request, slug):
        collection = self.collection
        rows = collection.rows(collection.queryset().filter(slug=slug), request)
        if not rows:
            raise exceptions.NotFound()
        return Response(FeatureData(rows, single=True, columns=collection.columns))


def list_view(collection, doc):
    """A named list view of the collection, with its schema."""
    view = type(
        f"{collection.name}List",
        (CollectionList,),
        {
            "__doc__": doc,
            "__module__": __name__,
            "collection": collection,
            "filterset_class": collection.filterset,
        },
    )
    documented = extend_schema(
        responses=schema.list_responses(collection),
        parameters=[*Page.schema_parameters(), ACCEPT_CRS],
    )
    return extend_schema_view(get=documented)(view)


def detail_view(collection, doc):
    view = type(
        f"{collection.name}Detail",
        (CollectionDetail,),
        {"__doc__": doc, "__module__": __name__, "collection": collection},
    )
    documented = extend_schema(
        responses=schema.detail_responses(collection), parameters=[ACCEPT_CRS]
    )
    return extend_schema_view(get=documented)(view)


InitiativeList = list_view(
    INITIATIVES,
    "Published initiatives, filtered; GeoJSON, JSON (?format=json) or CSV.",
)
InitiativeDetail = detail_view(INITIATIVES, "One published initiative by its slug.")
GatheringList = list_view(
    GATHERINGS,
    "Published and cancelled gatherings, soonest first; GeoJSON, JSON\n"
    "(?format=json) or CSV. Online gatherings have no geometry.",
)
GatheringDetail = detail_view(
    GATHERINGS, "One published (or cancelled) gathering by its slug."
)


IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
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
            body = self.create()
            return Response(body, status=201, headers=self.location(body))
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
        if code == status.HTTP_201_CREATED:
            headers.update(self.location(body))
        return Response(body, status=code, headers=headers)

    def location(self, body) -> dict:
        """Where the initiative will be once a moderator publishes it."""
        path = reverse("api:initiative-detail", kwargs={"slug": body["slug"]})
        return {"Location": self.request.build_absolute_uri(path)}

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
