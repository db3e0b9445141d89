from django.apps import AppConfig


class DatabaseConfig(AppConfig):
    """The database plumbing: backend, replica routing, replica_status."""

    name = "omzien.db"
    label = "omzien_db"
