"""The task queue's tables on PostgreSQL. huey would create them itself
when it starts, but then every process, the web servers too, would open a
connection at import time; here they come with the other tables. On SQLite
the queue is a file of its own that huey sets up."""

from django.db import migrations


def create_queue_tables(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from huey.storage import PostgresStorage

    storage = PostgresStorage("omzien", create_tables=False)
    for statement in storage.ddl:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("outbox", "0001_initial")]

    operations = [migrations.RunPython(create_queue_tables, migrations.RunPython.noop)]
