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


LON_RANGE, LAT_RANGE = (3, 7.5), (50.5, 54)  # around the Netherlands


class PointInput(serializers.Serializer):
    """A GeoJSON Point (RFC 7946): [lon, lat] in WGS 84."""

    type = serializers.ChoiceField(choices=["Point"])
    coordinates = serializers.ListField(
        child=serializers.FloatField(
            min_value=min(LON_RANGE[0], LAT_RANGE[0]),
            max_value=max(LON_RANGE[1], LAT_RANGE[1]),
        ),
        min_length=2,
        max_length=2,
        help_text=_("[lon, lat]: longitude 3 to 7.5, latitude 50.5 to 54"),
    )

    def validate_coordinates(self, value):
        lon, lat = value
        errors = []
        if not LON_RANGE[0] <= lon <= LON_RANGE[1]:
            errors.append(_("The longitude lies outside 3 to 7.5."))
        if not LAT_RANGE[0] <= lat <= LAT_RANGE[1]:
            errors.append(_("The latitude lies outside 50.5 to 54."))
        if errors:
            raise serializers.ValidationError(errors)
        return value


class SubmissionInput(serializers.Serializer):
    """A new initiative; its location as lon and lat, or as a GeoJSON
    geometry (a Point)."""

    name = serializers.CharField(max_length=120)
    summary = serializers.CharField(max_length=300)
    description = serializers.CharField(
        max_length=5000, required=False, allow_blank=True
    )
    lat = serializers.FloatField(
        min_value=LAT_RANGE[0], max_value=LAT_RANGE[1], required=False
    )
    lon = serializers.FloatField(
        min_value=LON_RANGE[0], max_value=LON_RANGE[1], required=False
    )
    geometry = PointInput(
        required=False, help_text=_("The location as a GeoJSON Point, or lon and lat")
    )
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

    def to_internal_value(self, data):
        """Every error at once: the fields', and a missing location."""
        errors, value = {}, None
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as error:
            errors = dict(error.detail)
        if isinstance(data, dict):
            errors.update(_location_errors(data, self.fields, errors))
        if errors:
            raise serializers.ValidationError(errors)
        geometry = value.pop("geometry", None)
        if geometry is not None:
            value["lon"], value["lat"] = geometry["coordinates"]
        return value


def _location_errors(data, fields, found):
    if "geometry" in data:
        if "lon" in data or "lat" in data:
            return {"geometry": [_("Give geometry or lon and lat, not both.")]}
        return {}
    return {
        name: [fields[name].error_messages["required"]]
        for name in ("lat", "lon")
        if name not in data and name not in found
    }


class SubmissionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()
    status = serializers.CharField()


class RejectInput(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)
