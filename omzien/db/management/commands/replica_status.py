"""How far each replica in DATABASE_REPLICA_URLS is behind the primary.

Exits with 1 when a replica is down or lagging more than
REPLICA_MAX_LAG_SECONDS, so that monitoring can call it as it is."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from omzien.db.replicas import replica_lag


class Command(BaseCommand):
    help = "Report the lag of each read replica (DATABASE_REPLICA_URLS)."

    def handle(self, *args, **options):
        if not settings.REPLICA_ALIASES:
            self.stdout.write("No replicas configured (DATABASE_REPLICA_URLS).")
            return
        skipped = []
        for alias in settings.REPLICA_ALIASES:
            db = settings.DATABASES[alias]
            where = f"{alias} ({db['HOST']}:{db['PORT']}/{db['NAME']})"
            lag = replica_lag(alias)
            if lag is None:
                self.stdout.write(f"{where}: unreachable or not streaming")
                skipped.append(alias)
            else:
                late = lag > settings.REPLICA_MAX_LAG_SECONDS
                verdict = "skipped" if late else "in use"
                self.stdout.write(f"{where}: lag {lag:.3f} s, {verdict}")
                if late:
                    skipped.append(alias)
        if skipped:
            raise CommandError(f"Reads skip {', '.join(skipped)}.")
