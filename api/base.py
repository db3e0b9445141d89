"""What every API view shares: strict parameters, problem errors, ETags."""

from django.http import HttpResponse
from django.middleware.http import ConditionalGetMiddleware
from django.utils import translation
from django.utils.decorators import decorator_from_middleware
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions

from . import params
from .parsers import JSONParser
from .renderers import StrictContentNegotiation
from .serializers import Problem

# ETag from the body, and 304 on If-None-Match / If-Modified-Since.
conditional_get = decorator_from_middleware(ConditionalGetMiddleware)


def problems(*statuses):
    """Schema entries for error responses in application/problem+json; any
    request may meet a wrong token (401) or a rate limit (429)."""
    return {
        (status, "application/problem+json"): OpenApiResponse(Problem)
        for status in sorted({*statuses, 401, 429})
    }


class ApiViewMixin:
    content_negotiation_class = StrictContentNegotiation
    parser_classes = [JSONParser]  # anything else is a 415
    metadata_class = None  # OPTIONS answers CORS preflights only

    @classmethod
    def as_view(cls, **initkwargs):
        return conditional_get(super().as_view(**initkwargs))

    def initial(self, request, *args, **kwargs):
        # The site's URLs choose Dutch when unprefixed; the API follows the
        # client's Accept-Language instead (Dutch or English).
        translation.activate(translation.get_language_from_request(request))
        request.LANGUAGE_CODE = translation.get_language()
        params.use_filter_names(request)
        super().initial(request, *args, **kwargs)
        self.refuse_unknown_params(request)

    def options(self, request, *args, **kwargs):
        """A plain OPTIONS: the methods in the Allow header, no body. (A
        CORS preflight is answered by corsheaders, see api/cors.py.)"""
        return HttpResponse(status=204)

    def known_params(self) -> set[str]:
        """The query parameters this view reads: `format`, the FilterSet's
        filters and the fields of its query_serializer."""
        known = {"format"}
        filterset = getattr(self, "filterset_class", None)
        if filterset is not None:
            known |= set(filterset.base_filters)
        query = getattr(self, "query_serializer", None)
        if query is not None:
            known |= set(query().fields)
        return known

    def refuse_unknown_params(self, request):
        """A misspelt filter is an error, never silently ignored; so is an
        empty value (the OpenAPI document asks for one character at least)."""
        query = request.query_params
        errors = {name: _("Unknown parameter.") for name in query}
        for name in self.known_params() & set(query):
            del errors[name]
            if "" in query.getlist(name):
                errors[name] = _("Give a value, or leave the parameter out.")
        if errors:
            raise exceptions.ValidationError(dict(sorted(errors.items())))

    def validated_query(self, serializer_class):
        # A plain dict: DRF reads an empty value in a QueryDict as no value
        # at all, where the schema (minLength, enum) refuses it.
        return _validated(serializer_class, self.request.query_params.dict())

    def validated_body(self, serializer_class):
        """As the query parameters: a misspelt field is an error."""
        data = self.request.data
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(serializer_class().fields))
            if unknown:
                raise exceptions.ValidationError(
                    {name: _("Unknown field.") for name in unknown}
                )
        return _validated(serializer_class, data)


def _validated(serializer_class, data):
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
