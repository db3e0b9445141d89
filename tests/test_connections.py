"""Database connections under the development server: runserver starts a
thread per client connection, so a connection kept for reuse would stay
open, idle, as long as its client connection does."""

import http.client
import os
import sys
import time

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from bench import servers

APPLICATION = "omzien-connection-test"
CLIENTS = 20

pytestmark = pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgis"),
    reason="counts server connections in pg_stat_activity (PostGIS only)",
)


def open_connections(dsn: str) -> int:
    with psycopg.connect(dsn) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s",
            (APPLICATION,),
        ).fetchone()
    return row[0]


@pytest.fixture
def runserver(django_db_setup, geography):
    """`manage.py runserver` as `make run` starts it, on the test database."""
    db = connection.settings_dict
    url = f"postgis://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    port = servers.free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k != "CONN_MAX_AGE"},
        "DATABASE_URL": f"{url}?application_name={APPLICATION}",
        "PORT": str(port),
    }
    command = [sys.executable, "manage.py", "runserver", "--noreload", f"{port}"]
    with servers.running(command, env, port, cwd=settings.BASE_DIR):
        yield port, url.replace("postgis://", "postgresql://")


def test_runserver_keeps_no_connection_per_client(runserver):
    port, dsn = runserver
    clients = [http.client.HTTPConnection("127.0.0.1", port) for _ in range(CLIENTS)]
    for client in clients:  # each kept alive, each served by its own thread
        client.request("GET", "/initiatieven/")
        response = client.getresponse()
        response.read()
        assert response.status == 200
    time.sleep(0.5)
    # At most the one runserver opened at start to check migrations.
    assert open_connections(dsn) <= 2
    for client in clients:
        client.close()


def test_the_server_cancels_a_long_statement(db):
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "15s"
