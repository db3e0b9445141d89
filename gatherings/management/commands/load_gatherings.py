"""Load the real gatherings from fixtures/gatherings.json, published.

Idempotent: a gathering is matched on its slug and brought up to date; an
unchanged one is left alone, so its calendar SEQUENCE does not move.
Run after load_initiatives: a gathering may be hosted by an initiative.
"""

import datetime
import json

from django.conf import settings
from django.contrib.gis.geos import Point
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from areas.models import Region
from gatherings.models import Gathering
from initiatives.models import Initiative


class Command(BaseCommand):
    help = "Load the real gatherings of the Land van Omzien (published)."

    @transaction.atomic
    def handle(self, *args, **options):
        path = settings.BASE_DIR / "fixtures" / "gatherings.json"
        with open(path, encoding="utf-8") as f:
            seeds = json.load(f)
        changed = sum(self.load(seed) for seed in seeds)
        self.stdout.write(
            self.style.SUCCESS(f"Loaded {len(seeds)} gatherings ({changed} changed)")
        )

    def load(self, seed) -> bool:
        """Create or update one gathering; True when it changed."""
        values = self.values(seed)
        gathering = Gathering.objects.filter(slug=seed["slug"]).first()
        if gathering is None:
            gathering = Gathering(slug=seed["slug"])
        for field, value in values.items():
            setattr(gathering, field, value)
        gathering.full_clean()
        gathering.derive()  # the location, area and end date, as save() does
        if not gathering.revised():
            return False
        gathering.save()
        return True

    def values(self, seed) -> dict:
        location = seed.get("lon") is not None
        return {
            "title": seed["title"],
            "kind": seed["kind"],
            "description": seed["description"],
            "start_date": _date(seed["start_date"]),
            "end_date": _date(seed.get("end_date") or seed["start_date"]),
            "start_time": _time(seed.get("start_time")),
            "end_time": _time(seed.get("end_time")),
            "online": seed.get("online", False),
            "host_initiative": self.related(Initiative, seed.get("host")),
            "location": Point(seed["lon"], seed["lat"], srid=4326)
            if location
            else None,
            "place_name": seed.get("place_name", ""),
            "region": self.related(Region, seed.get("region")),
            "signup_url": seed.get("signup_url", ""),
            "signup_email": seed.get("signup_email", ""),
            "status": seed.get("status", Gathering.Status.PUBLISHED),
        }

    def related(self, model, slug):
        if slug is None:
            return None
        found = model.objects.filter(slug=slug).first()
        if found is None:
            raise CommandError(
                f"{model.__name__} {slug!r} not found: run load_geography and "
                "load_initiatives first."
            )
        return found


def _date(text):
    return datetime.date.fromisoformat(text)


def _time(text):
    return datetime.time.fromisoformat(text) if text else None
