"""Time per feature of the API's initiatives list against raw SQL and drf-gis.

On the SpatiaLite database (DATABASE_URL unset) it replaces the demo data
with `demo_data --count N --seed S` (the real initiatives stay), measures,
removes the demo data again and writes the "API list" section of
bench/RESULTS.md:

    .venv/bin/python bench/api_list.py                  # 10,000 demo initiatives
    .venv/bin/python bench/api_list.py --count 1000 --output ""   # print only
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "omzien.settings")
os.environ["DEBUG"] = "false"  # no query log: time the code as in production

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from rest_framework import serializers  # noqa: E402
from rest_framework_gis.serializers import GeoFeatureModelSerializer  # noqa: E402

from bench.results import machine, write_section  # noqa: E402
from initiatives.models import Initiative  # noqa: E402

PAGE = 1000
ROUNDS = 15  # the best of them: the machine may be shared
NOTE = (
    "The API time includes everything a request does: the count (cached after "
    "the first request), the page query with the municipality/province/region "
    "joins and the consent `CASE`s, the tags of the page, `Last-Modified`, "
    "orjson, the ETag hash and the middleware. The drf-gis row is the "
    "per-object serializer the API does not use, for comparison."
)


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


def measure() -> dict[str, float]:
    """µs per feature, the best of ROUNDS, for each way to a page of PAGE."""
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        client = Client()
        paths = {
            "raw SQL, fetch only (one table, `AsGeoJSON`, no joins)": raw_sql,
            f"`GET /api/v1/initiatives?limit={PAGE}` GeoJSON (full HTTP stack)": api(
                client, "geojson"
            ),
            "same, `format=json`": api(client, "json"),
            "same, `format=csv`": api(client, "csv"),
            "drf-gis `GeoFeatureModelSerializer`, no HTTP, tags prefetched": drf_gis,
        }
        return {name: best(function) for name, function in paths.items()}


def report(timings, *, published, count, seed) -> str:
    rows = [f"| {name} | {micros:.0f} |" for name, micros in timings.items()]
    return "\n".join(
        [
            f"`bench/api_list.py --count {count} --seed {seed}`: SpatiaLite, "
            f"{published:,} published initiatives (`demo_data --count {count} "
            f"--seed {seed}` and the real ones), pages of {PAGE:,}, best of "
            f"{ROUNDS}, through Django's test client with DEBUG off.",
            "",
            "| path | µs per feature |",
            "| --- | ---: |",
            *rows,
            "",
            NOTE,
        ]
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000, help="demo initiatives")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--output", default=str(ROOT / "bench" / "RESULTS.md"))
    args = parser.parse_args()
    if connection.vendor != "sqlite":
        sys.exit("This script's raw SQL is written for SpatiaLite.")
    call_command("demo_data", remove=True, verbosity=0)
    try:
        call_command("demo_data", count=args.count, seed=args.seed, verbosity=0)
        published = Initiative.objects.published().count()
        timings = measure()
    finally:
        call_command("demo_data", remove=True, verbosity=0)
    text = report(timings, published=published, count=args.count, seed=args.seed)
    print(text)  # noqa: T201
    if args.output:
        write_section(
            args.output, "API list (`bench/api_list.py`)", text, machine=machine()
        )


if __name__ == "__main__":
    main()
