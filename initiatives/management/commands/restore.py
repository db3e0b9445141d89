"""Restore a file written by `backup` into an empty, migrated database."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from initiatives.models import Initiative, Province


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
        call_command("loaddata", path, verbosity=0)
        self.stdout.write(f"Restored {path}")
