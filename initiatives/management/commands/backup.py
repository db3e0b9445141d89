"""Dump all of Omzien's data to one file, for `restore` on any backend.

Django's own serialisation keeps the geometries and is the same for
SpatiaLite and PostGIS, so a backup can also move data between them.
Content types and permissions are rebuilt by `migrate`, so they are left out;
so is the outbox: passing mail, whose waiting rows hold personal links.
Times keep their microseconds (see exact_json); the file is plain JSON.
"""

from django.core import serializers
from django.core.management import call_command
from django.core.management.base import BaseCommand

EXCLUDE = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "outbox"]
FORMAT = "exact-json"  # written as JSON, read back by loaddata as "json"


class Command(BaseCommand):
    help = "Write all data to a (gzipped) JSON file: backup data/backup.json.gz"

    def add_arguments(self, parser):
        parser.add_argument("path", help="Target file; .gz compresses it.")

    def handle(self, *args, path, **options):
        serializers.register_serializer(FORMAT, "initiatives.management.exact_json")
        call_command(
            "dumpdata",
            format=FORMAT,
            natural_foreign=True,
            natural_primary=True,
            exclude=EXCLUDE,
            output=path,
            verbosity=0,
        )
        self.stdout.write(f"Wrote {path}")
