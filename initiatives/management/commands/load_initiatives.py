"""Load the real initiatives from fixtures/initiatives.json, published.

Idempotent: an initiative is matched on its slug and brought up to date.
"""

import json

from django.conf import settings
from django.contrib.gis.geos import Point
from django.core.management.base import BaseCommand
from django.db import transaction

from initiatives.models import Initiative, Tag


class Command(BaseCommand):
    help = "Load the real initiatives of the Land van Omzien (published)."

    @transaction.atomic
    def handle(self, *args, **options):
        path = settings.BASE_DIR / "fixtures" / "initiatives.json"
        with open(path, encoding="utf-8") as f:
            seeds = json.load(f)
        for seed in seeds:
            self.load(seed)
        self.stdout.write(self.style.SUCCESS(f"Loaded {len(seeds)} initiatives"))

    def load(self, seed):
        """Create or update one initiative; leave it alone when unchanged."""
        values = {
            "name": seed["name"],
            "summary": seed["summary"],
            "description": seed["description"],
            "place_name": seed["place_name"],
            "location": Point(seed["lon"], seed["lat"], srid=4326),
            "website": seed.get("website", ""),
            "status": Initiative.Status.PUBLISHED,
        }
        initiative = Initiative.objects.filter(slug=seed["slug"]).first()
        if initiative is None:
            initiative = Initiative(slug=seed["slug"])
        elif all(getattr(initiative, k) == v for k, v in values.items()):
            return
        for field, value in values.items():
            setattr(initiative, field, value)
        initiative.full_clean()
        initiative.save()
        initiative.tags.set(Tag.objects.filter(slug__in=seed["tags"]))
