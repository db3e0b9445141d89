"""Generate or remove synthetic demo initiatives, for demos and benchmarks.

Points are spread over the land in proportion to each municipality's area,
so every point lies inside a municipality and its province is known without
a spatial query. The same --seed gives the same data. Rows are written in
bulk, so a million takes minutes.
"""

import bisect
import itertools
import math
import random

from django.contrib.gis.geos import Point
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from tqdm import tqdm

from areas.models import Municipality
from initiatives.models import Initiative, Tag, search_text

CHUNK = 5000
WORDS = ("Buurt", "Dorps", "Samen", "Zorg", "Huis", "Erf", "Tafel", "Kring", "Hof")
ENDINGS = ("kamer", "coöperatie", "tuin", "netwerk", "huis", "werk", "plein")


class Command(BaseCommand):
    help = "Generate N demo initiatives (--count N --seed S) or remove them (--remove)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--remove", action="store_true", help="Remove all demo initiatives."
        )

    def handle(self, *args, count, seed, remove, **options):
        if remove:
            removed = remove_demo_data()
            self.stdout.write(f"Removed {removed} demo initiatives")
            return
        if count < 1:
            raise CommandError("--count must be at least 1.")
        if Initiative.objects.filter(slug__startswith=f"demo-s{seed}-").exists():
            raise CommandError(
                f"Demo data with seed {seed} exists: "
                "use another --seed, or --remove first."
            )
        quiet = options["verbosity"] == 0
        created = generate_demo_data(count=count, seed=seed, quiet=quiet)
        self.stdout.write(f"Created {created} demo initiatives")


def generate_demo_data(*, count: int, seed: int, quiet: bool = False) -> int:
    rng = random.Random(seed)  # noqa: S311 (demo data, reproducible on purpose)
    municipalities = list(Municipality.objects.with_shapes().with_areas("province"))
    if not municipalities:
        raise CommandError("No municipalities: run load_geography first.")
    tag_ids = list(Tag.objects.values_list("id", flat=True))
    areas = [area_weight(m.boundary) for m in municipalities]
    cumulative = list(itertools.accumulate(areas))
    samplers = {}
    created = 0
    with tqdm(total=count, desc="demo initiatives", disable=quiet) as progress:
        for start in range(0, count, CHUNK):
            size = min(CHUNK, count - start)
            batch = []
            for index in range(start, start + size):
                pick = bisect.bisect(cumulative, rng.random() * cumulative[-1])
                municipality = municipalities[min(pick, len(municipalities) - 1)]
                sampler = samplers.setdefault(
                    municipality.id, PointSampler(municipality)
                )
                batch.append(
                    demo_initiative(index, seed, municipality, sampler(rng), rng)
                )
            created += save_batch(batch, tag_ids, rng)
            progress.update(size)
    return created


def area_weight(boundary) -> float:
    """Area in square degrees scaled to true size: enough to share points out."""
    return boundary.area * math.cos(math.radians(boundary.centroid.y))


class PointSampler:
    """Uniform random points inside one municipality (rejection sampling)."""

    def __init__(self, municipality):
        self.prepared = municipality.boundary.prepared
        self.extent = municipality.boundary.extent

    def __call__(self, rng):
        min_lon, min_lat, max_lon, max_lat = self.extent
        while True:
            point = Point(
                round(rng.uniform(min_lon, max_lon), 6),
                round(rng.uniform(min_lat, max_lat), 6),
                srid=4326,
            )
            if self.prepared.contains(point):
                return point


def demo_initiative(index, seed, municipality, point, rng) -> Initiative:
    name = f"{rng.choice(WORDS)}{rng.choice(ENDINGS)} {municipality.name} {index + 1}"
    initiative = Initiative(
        name=f"Demo: {name}",
        slug=f"demo-s{seed}-{index + 1}",
        summary=f"Demo-initiatief in {municipality.name}; geen echt initiatief.",
        description="Demodata voor demonstraties en metingen.",
        location=point,
        place_name=municipality.name,
        municipality=municipality,
        province=municipality.province,
        region_id=municipality.province.region_id,
        status=Initiative.Status.PUBLISHED,
        first_published_at=timezone.now(),  # bulk_create skips save()
        is_demo=True,
    )
    initiative.search_text = search_text(initiative)  # bulk_create skips save()
    return initiative


@transaction.atomic
def save_batch(batch, tag_ids, rng) -> int:
    created = Initiative.objects.bulk_create(batch)
    through = Initiative.tags.through
    links = [
        through(initiative_id=initiative.pk, tag_id=tag_id)
        for initiative in created
        for tag_id in rng.sample(tag_ids, k=min(len(tag_ids), rng.randint(1, 3)))
    ]
    through.objects.bulk_create(links)
    return len(created)


@transaction.atomic
def remove_demo_data() -> int:
    """Delete every demo initiative and its theme links, and nothing else.

    Plain SQL: a million ORM deletes (with history signals) would take hours.
    """
    through = Initiative.tags.through._meta.db_table
    table = Initiative._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {through} WHERE initiative_id IN "  # noqa: S608 (model tables)
            f"(SELECT id FROM {table} WHERE is_demo)"
        )
        cursor.execute(f"DELETE FROM {table} WHERE is_demo")  # noqa: S608
        removed = cursor.rowcount
    Initiative.history.filter(is_demo=True).delete()
    return removed
