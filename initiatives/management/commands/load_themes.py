"""Load the themes (tags) from fixtures/tags.json.

Idempotent: themes are matched on their slug and updated.
"""

import json

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from initiatives.models import Tag


class Command(BaseCommand):
    help = "Load the themes initiatives are tagged with."

    @transaction.atomic
    def handle(self, *args, **options):
        with open(settings.BASE_DIR / "fixtures" / "tags.json", encoding="utf-8") as f:
            for data in json.load(f):
                Tag.objects.update_or_create(slug=data["slug"], defaults=data)
        if options["verbosity"]:
            count = Tag.objects.count()
            self.stdout.write(self.style.SUCCESS(f"Loaded {count} themes"))
