"""Load regions, provinces, municipalities and the gazetteer.

Idempotent: rows are matched on their code (or gazetteer id) and updated in
bulk, so running it again changes nothing. A province's region is set from
the fixture only when the province is new, so a grouping edited in the admin
stays as it is.
"""

import csv
import json

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Point
from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from areas import geography, services
from areas.models import Municipality, Place, Postcode, Province, Region

PLACE_KINDS = {label.name.lower(): label.value for label in Place.Kind}
BATCH = 2000


def fixture(name):
    return settings.BASE_DIR / "fixtures" / name


def read_features(name):
    with open(fixture(name), encoding="utf-8") as f:
        return json.load(f)["features"]


def read_rows(name):
    with open(fixture(name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def multipolygon(geometry: dict) -> MultiPolygon:
    geom = GEOSGeometry(json.dumps(geometry), srid=4326)
    return geom if isinstance(geom, MultiPolygon) else MultiPolygon(geom, srid=4326)


def point(row) -> Point:
    return Point(float(row["lon"]), float(row["lat"]), srid=4326)


class Command(BaseCommand):
    help = "Load the Dutch regions, provinces, municipalities and places."

    @transaction.atomic
    def handle(self, *args, **options):
        self.quiet = options["verbosity"] == 0
        self.load_regions_and_provinces()
        municipality_ids = self.load_municipalities()
        self.load_places(municipality_ids)
        self.load_postcodes(municipality_ids)
        if not self.quiet:
            self.stdout.write(self.style.SUCCESS(self.summary()))

    def progress(self, rows, label):
        return tqdm(rows, desc=label, disable=self.quiet)

    def load_regions_and_provinces(self):
        with open(fixture("regions.json"), encoding="utf-8") as f:
            regions = json.load(f)
        region_of = {}
        for data in regions:
            region, _ = Region.objects.update_or_create(
                slug=data["slug"],
                defaults={"name": data["name"], "order": data["order"]},
            )
            region_of.update(dict.fromkeys(data["provinces"], region))
        outlines = {
            f["properties"]["code"]: multipolygon(f["geometry"])
            for f in read_features("provincies_licht.geojson")
        }
        for feature in self.progress(read_features("provincies.geojson"), "provinces"):
            code = feature["properties"]["code"]
            shapes = {
                "name": feature["properties"]["naam"],
                "boundary": multipolygon(feature["geometry"]),
                "outline": outlines.get(code),
            }
            Province.objects.update_or_create(
                code=code,
                defaults=shapes,
                create_defaults={**shapes, "region": region_of.get(code)},
            )
        for region in Region.objects.all():
            services.refresh_region(region=region)

    def load_municipalities(self) -> dict[str, int]:
        province_ids = dict(Province.objects.values_list("code", "id"))
        municipalities = [
            Municipality(
                code=f["properties"]["code"],
                name=f["properties"]["naam"],
                province_id=province_ids[f["properties"]["provincie_code"]],
                boundary=multipolygon(f["geometry"]),
            )
            for f in self.progress(read_features("gemeenten.geojson"), "municipalities")
        ]
        Municipality.objects.bulk_create(
            municipalities,
            batch_size=100,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["name", "province", "boundary"],
        )
        return dict(Municipality.objects.values_list("code", "id"))

    def load_places(self, municipality_ids):
        province_ids = dict(Province.objects.values_list("code", "id"))
        places = [
            Place(
                id=int(row["id"]),
                name=row["naam"],
                kind=PLACE_KINDS[row["soort"]],
                alt_names=row["alt_namen"],
                search_names=geography.search_names(row["naam"], row["alt_namen"]),
                municipality_id=municipality_ids[row["gemeente_code"]],
                province_id=province_ids[row["provincie_code"]],
                location=point(row),
                postcodes=row["postcodes"],
                population=int(row["inwoners"]) if row["inwoners"] else None,
            )
            for row in self.progress(read_rows("plaatsen.csv"), "places")
        ]
        Place.objects.bulk_create(
            places,
            batch_size=BATCH,
            update_conflicts=True,
            unique_fields=["id"],
            update_fields=[
                "name",
                "kind",
                "alt_names",
                "search_names",
                "municipality",
                "province",
                "location",
                "postcodes",
                "population",
            ],
        )

    def load_postcodes(self, municipality_ids):
        postcodes = [
            Postcode(
                code=row["pc4"],
                place_names=row["plaatsen"].replace("|", ", "),
                municipality_id=municipality_ids[row["gemeente_code"]],
                location=point(row),
            )
            for row in self.progress(read_rows("postcodes_pc4.csv"), "postcodes")
        ]
        Postcode.objects.bulk_create(
            postcodes,
            batch_size=BATCH,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["place_names", "municipality", "location"],
        )

    def summary(self):
        counts = {
            model._meta.verbose_name_plural: model.objects.count()
            for model in (Region, Province, Municipality, Place, Postcode)
        }
        return "Loaded " + ", ".join(f"{n} {name}" for name, n in counts.items())
