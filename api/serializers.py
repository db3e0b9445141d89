"""Shapes of the API: the input of submissions, and problems. The
collections' output is declared in collections.py."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from initiatives.models import Tag
from initiatives.validators import SOCIAL_LINKS_MAX, validate_phone


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
    public_email = serializers.EmailField(
        required=False, allow_blank=True, help_text=_("Shown to everyone.")
    )
    public_phone = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        validators=[validate_phone],
        help_text=_("Shown to everyone."),
    )
    social_links = serializers.ListField(
        child=serializers.URLField(),
        max_length=SOCIAL_LINKS_MAX,
        required=False,
        help_text=_("Shown to everyone."),
    )
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    show_address = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("Show the address; otherwise only the place."),
    )
    opening_hours = serializers.CharField(
        max_length=500, required=False, allow_blank=True
    )
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
