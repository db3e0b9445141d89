"""Shapes of the API: the input of submissions, and the documented output.

The initiative lists are written by features.py and renderers.py for
speed; the serializers here describe that output in the OpenAPI schema.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from initiatives.models import Initiative, Tag

# Named in settings.SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].
INITIATIVE_STATUSES = [*Initiative.Status.values, "deleted"]


class InitiativeProperties(serializers.Serializer):
    """Public fields; a tombstone (see updated_since) has only id, status, updated."""

    id = serializers.IntegerField()
    slug = serializers.CharField(required=False)
    name = serializers.CharField(required=False)
    summary = serializers.CharField(required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    place = serializers.CharField(required=False)
    municipality = serializers.CharField(required=False)
    municipality_code = serializers.CharField(required=False)
    province = serializers.CharField(required=False)
    province_code = serializers.CharField(required=False)
    region = serializers.CharField(required=False, allow_null=True)
    tags = serializers.ListField(child=serializers.CharField(), required=False)
    website = serializers.CharField(required=False, allow_blank=True)
    contact_name = serializers.CharField(
        required=False, allow_blank=True, help_text=_("Only with consent.")
    )
    contact_email = serializers.CharField(
        required=False, allow_blank=True, help_text=_("Only with consent.")
    )
    status = serializers.ChoiceField(
        choices=INITIATIVE_STATUSES,
        help_text=_("Anything but published only in updated_since tombstones."),
    )
    created = serializers.DateTimeField(required=False)
    updated = serializers.DateTimeField()
    url = serializers.URLField(required=False)
    distance_km = serializers.FloatField(
        required=False, help_text=_("Only with near or place.")
    )


class PointGeometry(serializers.Serializer):
    type = serializers.ChoiceField(choices=["Point"])
    coordinates = serializers.ListField(
        child=serializers.FloatField(), min_length=2, max_length=2
    )


class InitiativeFeature(serializers.Serializer):
    type = serializers.ChoiceField(choices=["Feature"])
    id = serializers.IntegerField()
    geometry = PointGeometry(allow_null=True)
    properties = InitiativeProperties()


class _Page(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)


# Paged by the view itself: the response is this object, not a list of them.
@extend_schema_serializer(many=False)
class InitiativeFeatureCollection(_Page):
    type = serializers.ChoiceField(choices=["FeatureCollection"])
    features = InitiativeFeature(many=True)


class InitiativeObject(InitiativeProperties):
    lon = serializers.FloatField(allow_null=True, required=False)
    lat = serializers.FloatField(allow_null=True, required=False)


@extend_schema_serializer(many=False)
class InitiativeObjectPage(_Page):
    results = InitiativeObject(many=True)


class InvalidParam(serializers.Serializer):
    name = serializers.CharField()
    code = serializers.CharField()
    reason = serializers.CharField()


class Problem(serializers.Serializer):
    """An error, as RFC 9457 problem details."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    instance = serializers.CharField(required=False)
    invalidParams = InvalidParam(many=True, required=False)  # noqa: N815


class TagSlugField(serializers.SlugRelatedField):
    """A theme by its slug. A NUL character is refused before the look-up:
    PostgreSQL cannot hold it even in a query (a 500 otherwise)."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("invalid")
        return super().to_internal_value(data)


class SubmissionInput(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    summary = serializers.CharField(max_length=300)
    description = serializers.CharField(
        max_length=5000, required=False, allow_blank=True
    )
    lat = serializers.FloatField(min_value=50.5, max_value=54)
    lon = serializers.FloatField(min_value=3, max_value=7.5)
    place_name = serializers.CharField(max_length=100)
    website = serializers.URLField(required=False, allow_blank=True)
    contact_name = serializers.CharField(
        max_length=100, required=False, allow_blank=True
    )
    contact_email = serializers.EmailField(required=False, allow_blank=True)
    contact_consent = serializers.BooleanField(required=False, default=False)
    tags = TagSlugField(
        many=True,
        slug_field="slug",
        queryset=Tag.objects.all(),
        required=False,
        help_text=_("Theme slugs"),
    )


class SubmissionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()
    status = serializers.CharField()


class RejectInput(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)
