"""Plain-text tokens from rest_framework.authtoken become digests."""

import datetime
import io

from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from api.models import ApiToken

HASHING = ("initiatives", "0005_api_token_hashed")
KEY = "0123456789abcdef0123456789abcdef01234567"  # as DRF made them


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor


def create_legacy_token(user):
    created = (
        "timestamp with time zone" if connection.vendor == "postgresql" else "datetime"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            'CREATE TABLE "authtoken_token" ("key" varchar(40) NOT NULL PRIMARY KEY, '
            f'"created" {created} NOT NULL, "user_id" integer NOT NULL)'
        )
        cursor.execute(
            "INSERT INTO authtoken_token VALUES (%s, %s, %s)",
            [KEY, "2025-06-01 12:00:00", user.pk],
        )
        cursor.execute(
            "INSERT INTO django_migrations (app, name, applied) VALUES (%s, %s, %s)",
            ["authtoken", "0001_initial", "2025-06-01 12:00:00"],
        )
    token_type = ContentType.objects.create(app_label="authtoken", model="token")
    LogEntry.objects.create(
        user=user,
        content_type=token_type,
        object_id=KEY,
        object_repr=KEY,
        action_flag=ADDITION,
    )


def test_plaintext_tokens_keep_working_as_digests(
    transactional_db, client, django_user_model
):
    partner = django_user_model.objects.create_user("gemeente-kampen")
    executor = MigrationExecutor(connection)
    parents = executor.loader.graph.node_map[HASHING].parents
    [before] = [node.key for node in parents if node.key[0] == HASHING[0]]
    try:
        migrate([before])
        create_legacy_token(partner)
        migrate([HASHING])
    finally:
        executor = migrate(executor.loader.graph.leaf_nodes())
    assert "authtoken_token" not in connection.introspection.table_names()
    token = ApiToken.objects.get(user=partner)
    assert token.created_at == datetime.datetime(2025, 6, 1, 12, tzinfo=datetime.UTC)
    response = client.get("/api/v1/tags", HTTP_AUTHORIZATION=f"Token {KEY}")
    assert response.status_code == 200
    everything = io.StringIO()
    call_command("dumpdata", stdout=everything)
    assert KEY not in everything.getvalue()
    applied = executor.recorder.applied_migrations()
    assert not [name for name in applied if name[0] == "authtoken"]
