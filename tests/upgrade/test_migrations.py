"""Moving models between apps keeps every table, row, id and permission.

The fast, in-suite half of the upgrade check: the test database is migrated
back to the layout the restructure (issue 12) started from, filled there
through the old models, then migrated forward again.
"""

import hashlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.upgrade

# The commit the restructure starts from, and each app's last migration there.
BASE_COMMIT = "c7bf632"
BEFORE = {
    "initiatives": "0006_first_published_and_link_version",
    "gatherings": "0001_initial",
    "outbox": "0002_queue_tables",
    "idempotency": "0001_initial",
    "areas": None,  # issue 12, S3
    "api": None,  # issue 12, S4
}
# Models that moved to another app since: (old app, model) -> new app.
MOVED = {
    ("initiatives", model): "areas"
    for model in ("region", "province", "municipality", "place", "postcode")
} | {("initiatives", model): "api" for model in ("apitoken", "apiusage")}
# Tables whose rows a move may change: the content types' app labels.
RELABELLED = {"django_content_type", "django_migrations"}


def migrate(nodes=None):
    """Migrate to each app's last migration, or to the named ones (None: an
    app that did not exist yet); return the models as they were then."""
    executor = MigrationExecutor(connection)
    targets = {**dict(executor.loader.graph.leaf_nodes()), **(nodes or {})}
    executor.migrate(list(targets.items()))
    executor.loader.build_graph()
    state = [(app, name) for app, name in targets.items() if name is not None]
    return executor.loader.project_state(state).apps


def label(app, model):
    return (MOVED.get((app, model.lower()), app), model)


def table_digests():
    """Per table of the project's models: the number of rows and a digest
    of all of them (the database's own metadata tables left aside)."""
    digests = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.django_table_names(only_existing=True):
            if table in RELABELLED:
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows = sorted(repr(row) for row in cursor.fetchall())
            digests[table] = (
                len(rows),
                hashlib.sha256(repr(rows).encode()).hexdigest(),
            )
    return digests


def seed(apps):
    """What an existing database holds: a partner with usage, moderators
    with permissions on the moved models, an admin log entry on a region."""
    User = apps.get_model("auth", "User")
    partner = User.objects.create(username="gemeente-kampen")
    apps.get_model("initiatives", "ApiUsage").objects.create(
        user=partner, day="2026-05-01", requests=12
    )
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    moved = [("initiatives", m) for m in ("region", "province", "apiusage", "apitoken")]
    group = apps.get_model("auth", "Group").objects.create(name="moderators")
    for app, model in moved:
        content_type, _ = ContentType.objects.get_or_create(app_label=app, model=model)
        for action in ("change", "view"):
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"},
            )
            group.permissions.add(permission)
    region = apps.get_model("initiatives", "Region").objects.get(slug="noorden")
    apps.get_model("admin", "LogEntry").objects.create(
        user=partner,
        content_type=ContentType.objects.get(app_label="initiatives", model="region"),
        object_id=str(region.pk),
        object_repr=region.name,
        action_flag=2,
        action_time="2026-05-01T12:00:00Z",
    )


def content_types(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return {(c.app_label, c.model): c.pk for c in ContentType.objects.all()}


def group_permissions(apps):
    group = apps.get_model("auth", "Group").objects.get(name="moderators")
    return {
        (p.content_type.app_label, p.codename, p.pk) for p in group.permissions.all()
    }


@pytest.mark.django_db(transaction=True)  # schema changes on SQLite need it
def test_moving_models_keeps_tables_rows_ids_and_permissions(geography):
    old = migrate(BEFORE)
    try:
        seed(old)
        types_before = content_types(old)
        permissions_before = group_permissions(old)
        tables_before = table_digests()
        log_type_before = (
            old.get_model("admin", "LogEntry").objects.get().content_type_id
        )

        new = migrate()
        tables_after = table_digests()
        added = set(tables_after) - set(tables_before)  # e.g. gatherings_tombstone
        assert all(tables_after.pop(table)[0] == 0 for table in added)
        assert tables_after == tables_before
        types_after = content_types(new)
        for (app, model), pk in types_before.items():
            assert types_after[label(app, model)] == pk, (app, model)
        assert group_permissions(new) == {
            (MOVED.get((app, codename.split("_", 1)[1]), app), codename, pk)
            for app, codename, pk in permissions_before
        }
        entry = new.get_model("admin", "LogEntry").objects.get()
        assert entry.content_type_id == log_type_before
        assert entry.content_type.app_label == label("initiatives", "region")[0]
        Region = new.get_model(*label("initiatives", "Region"))
        assert Region.objects.get(pk=entry.object_id).slug == "noorden"
        Usage = new.get_model(*label("initiatives", "ApiUsage"))
        assert Usage.objects.get(user__username="gemeente-kampen").requests == 12
    finally:
        migrate()
