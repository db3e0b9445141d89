"""The documented shape of /api/v1/gatherings (written by
gathering_features.py and renderers.py; these only describe it)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from gatherings.models import Gathering

from .schema import POINT as PointGeometry
from .schema import PageFields as _Page

# Named in settings.SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].
GATHERING_STATUSES = [Gathering.Status.PUBLISHED, Gathering.Status.CANCELLED]


class GatheringProperties(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    kind = serializers.ChoiceField(choices=Gathering.Kind.values)
    all_day = serializers.BooleanField(
        help_text=_("True: start and end are dates (end is the last day).")
    )
    start = serializers.CharField(
        help_text=_("ISO 8601: a date if all_day, else a date-time with offset.")
    )
    end = serializers.CharField(
        allow_null=True, help_text=_("As start; null when no end time is known.")
    )
    online = serializers.BooleanField()
    place = serializers.CharField(help_text=_("The place as the site shows it."))
    municipality = serializers.CharField(allow_null=True)
    municipality_code = serializers.CharField(allow_null=True)
    province = serializers.CharField(allow_null=True)
    province_code = serializers.CharField(allow_null=True)
    region = serializers.CharField(
        allow_null=True, help_text=_("Region slug; null for a national gathering.")
    )
    host_initiative = serializers.CharField(
        allow_null=True, help_text=_("Slug of the host, if it is published.")
    )
    host_initiative_url = serializers.URLField(allow_null=True)
    signup_url = serializers.CharField(allow_blank=True)
    signup_email = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(choices=GATHERING_STATUSES)
    url = serializers.URLField()
    ics_url = serializers.URLField(help_text=_("The gathering as iCalendar."))
    created = serializers.DateTimeField()
    updated = serializers.DateTimeField()


class GatheringFeature(serializers.Serializer):
    type = serializers.ChoiceField(choices=["Feature"])
    id = serializers.IntegerField()
    geometry = PointGeometry(
        allow_null=True, help_text=_("Null when online or the place is not known.")
    )
    properties = GatheringProperties()


@extend_schema_serializer(many=False)
class GatheringFeatureCollection(_Page):
    type = serializers.ChoiceField(choices=["FeatureCollection"])
    features = GatheringFeature(many=True)


class GatheringObject(GatheringProperties):
    lon = serializers.FloatField(allow_null=True)
    lat = serializers.FloatField(allow_null=True)


@extend_schema_serializer(many=False)
class GatheringObjectPage(_Page):
    results = GatheringObject(many=True)
