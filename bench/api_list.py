"""Time per feature of the API's initiatives list against raw SQL and drf-gis.

Run against a database with demo data:
    .venv/bin/python manage.py demo_data --count 10000 --seed 1
    .venv/bin/python bench/api_list.py
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "omzien.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from rest_framework import serializers  # noqa: E402
from rest_framework_gis.serializers import GeoFeatureModelSerializer  # noqa: E402

from initiatives.models import Initiative  # noqa: E402

PAGE = 1000
ROUNDS = 5


class DrfGisFeature(GeoFeatureModelSerializer):
    tags = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")

    class Meta:
        model = Initiative
        geo_field = "location"
        fields = ("id", "slug", "name", "summary", "description", "place_name", "tags")


def best(function):
    timings = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        function()
        timings.append(time.perf_counter() - start)
    return min(timings) / PAGE * 1e6  # µs per feature


def raw_sql():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.id, i.slug, i.name, i.summary, i.description, i.place_name, "
            "AsGeoJSON(i.location) FROM initiatives_initiative i "
            "WHERE i.status = 'published' ORDER BY i.name, i.id LIMIT %s",
            [PAGE],
        )
        cursor.fetchall()


def api(client, format):
    def call():
        response = client.get(f"/api/v1/initiatives?limit={PAGE}&format={format}")
        if response.status_code != 200:
            raise RuntimeError(response.content[:200])

    return call


def drf_gis():
    queryset = Initiative.objects.published().for_list()[:PAGE]
    return DrfGisFeature(queryset, many=True).data


def say(line):
    sys.stdout.write(line + "\n")


def main():
    if connection.vendor != "sqlite":
        sys.exit("This script's raw SQL is written for SpatiaLite.")
    count = Initiative.objects.published().count()
    say(f"{count} published initiatives, pages of {PAGE}, best of {ROUNDS}")
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        client = Client()
        rates = {
            "raw SQL (fetch only)": raw_sql,
            "API GeoJSON": api(client, "geojson"),
            "API JSON": api(client, "json"),
            "API CSV": api(client, "csv"),
            "drf-gis serializer (no HTTP)": drf_gis,
        }
        for name, function in rates.items():
            say(f"{name:32} {best(function):7.1f} µs per feature")


if __name__ == "__main__":
    main()
