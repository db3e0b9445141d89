"""Restore a file written by `backup` into an empty, migrated database."""

import gzip
import json
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from areas.models import Province
from initiatives.models import Initiative

# Models that moved to another app since a backup may have been written:
# the label in an older backup -> the label now.
LEGACY_LABELS = {
    f"initiatives.{model}": f"areas.{model}"
    for model in ("region", "province", "municipality", "place", "postcode")
} | {f"initiatives.{model}": f"api.{model}" for model in ("apitoken", "apiusage")}


class Command(BaseCommand):
    help = "Load a backup into an empty database: restore data/backup.json.gz"

    def add_arguments(self, parser):
        parser.add_argument("path", help="A file written by the backup command.")

    def handle(self, *args, path, **options):
        call_command("migrate", verbosity=0)
        if Province.objects.exists() or Initiative.objects.exists():
            raise CommandError(
                "The database is not empty: restore only into a fresh database."
            )
        with tempfile.TemporaryDirectory() as directory:
            current = Path(directory) / "backup.json"
            current.write_text(json.dumps(relabelled(path)), encoding="utf-8")
            call_command("loaddata", str(current), verbosity=0)
        self.stdout.write(f"Restored {path}")


def relabelled(path) -> list[dict]:
    """The backup's objects, with the labels of models that moved since."""
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        objects = json.load(f)
    for obj in objects:
        obj["model"] = LEGACY_LABELS.get(obj["model"], obj["model"])
    return objects
