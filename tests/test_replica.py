"""Reads on a real PostgreSQL streaming replica (scripts/replica.sh: a second
cluster on port 5433 cloned with pg_basebackup -R), through gunicorn in
production mode with DATABASE_REPLICA_URLS.

Pausing the replica's WAL replay makes it visibly behind, so each test can
tell which database answered: a row written on the primary is missing on a
paused replica.
"""

import contextlib
import secrets
import subprocess
import time

import psycopg
import pytest
import requests
from django.conf import settings
from django.db import connection
from django.urls import reverse

from bench import servers
from initiatives.models import Initiative
from initiatives.tokens import make_token
from omzien.db.replicas import PRIMARY_COOKIE
from tests.factories import make_initiative

REPLICA_PORT = 5433
SECRET_KEY = secrets.token_urlsafe(50)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.replica,
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgis"),
        reason="streams from the PostgreSQL primary (PostGIS only)",
    ),
]


def replica_script(action: str) -> None:
    subprocess.run(  # noqa: S603 (our own script)
        [settings.BASE_DIR / "scripts" / "replica.sh", action], check=True
    )


@pytest.fixture(scope="module")
def replica():
    """A superuser connection to the running replica."""
    replica_script("start")
    dsn = f"host=127.0.0.1 port={REPLICA_PORT} user=postgres dbname=postgres"
    with psycopg.connect(dsn, autocommit=True) as conn:
        yield conn


@contextlib.contextmanager
def paused(replica):
    """The replica receives the primary's changes but applies none."""
    replica.execute("SELECT pg_wal_replay_pause()")
    try:
        yield
    finally:
        replica.execute("SELECT pg_wal_replay_resume()")


def wait_until_replayed(replica, timeout=30):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        (target,) = cursor.fetchone()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        (done,) = replica.execute(
            "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (target,)
        ).fetchone()
        if done:
            return
        time.sleep(0.1)
    raise TimeoutError("the replica did not catch up")


def database_urls() -> tuple[str, str]:
    """The test database on the primary, and the same on the replica."""
    db = connection.settings_dict
    primary = f"postgis://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    return primary, f"postgis://{db['USER']}@127.0.0.1:{REPLICA_PORT}/{db['NAME']}"


@contextlib.contextmanager
def app(**env):
    primary, replica = database_urls()
    extra = {
        "DATABASE_REPLICA_URLS": replica,
        "SECRET_KEY": SECRET_KEY,
        "CONN_MAX_AGE": "60",
        "REPLICA_CHECK_SECONDS": "0",
        **env,
    }
    with servers.omzien(primary, servers.free_port(), **extra) as base:
        yield base


def manage(*args, **env):
    primary, replica = database_urls()
    return subprocess.run(  # noqa: S603 (our own code)
        [settings.BASE_DIR / ".venv" / "bin" / "python", "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={
            **servers.omzien_env(primary),
            "DATABASE_REPLICA_URLS": replica,
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )


def status(url, **kwargs) -> int:
    return requests.get(url, timeout=20, **kwargs).status_code


@pytest.mark.django_db(transaction=True)
def test_anonymous_reads_come_from_the_replica(replica):
    with app(REPLICA_MAX_LAG_SECONDS="3600") as base:
        with paused(replica):
            initiative = make_initiative(name="Buurtzorg")
            url = f"{base}/api/v1/initiatives/{initiative.slug}"
            assert status(url) == 404  # the paused replica does not have it yet
            assert status(url, cookies={PRIMARY_COOKIE: "1"}) == 200
            session = {settings.SESSION_COOKIE_NAME: "anything"}
            assert status(url, cookies=session) == 200  # sessions: the primary
            directory = requests.get(f"{base}/initiatieven/", timeout=20)
            assert "Buurtzorg" not in directory.text
        wait_until_replayed(replica)
        assert status(url) == 200
        assert "Buurtzorg" in requests.get(f"{base}/initiatieven/", timeout=20).text


@pytest.mark.django_db(transaction=True)
def test_a_submitter_reads_their_own_submission_at_once(replica, settings):
    settings.SECRET_KEY = SECRET_KEY  # as the server's, for the personal link
    submission = {
        "name": "Samen in Kampen",
        "summary": "Buren koken voor elkaar.",
        "lat": 52.555,
        "lon": 5.911,
        "place_name": "Kampen",
        "contact_email": "initiatiefnemer@example.org",
    }
    with app(REPLICA_MAX_LAG_SECONDS="3600") as base, paused(replica):
        submitter = requests.Session()
        created = submitter.post(f"{base}/api/v1/submissions", json=submission)
        assert created.status_code == 201, created.text
        assert PRIMARY_COOKIE in submitter.cookies
        token = make_token(Initiative.objects.get(pk=created.json()["id"]), "update")
        link = f"{base}{reverse('initiatives:update', args=[token])}"
        assert "Samen in Kampen" in submitter.get(link, timeout=20).text
        # Someone without the cookie reads the paused replica: no such entry.
        assert "Samen in Kampen" not in requests.get(link, timeout=20).text


@pytest.mark.django_db(transaction=True)
def test_a_lagging_replica_is_skipped_and_its_lag_reported(replica):
    with app(REPLICA_MAX_LAG_SECONDS="1") as base, paused(replica):
        url = f"{base}/api/v1/initiatives/{make_initiative(name='Buurtzorg').slug}"
        time.sleep(2)  # the replica holds the change unapplied: 2 s behind
        assert status(url) == 200  # read from the primary
        report = manage("replica_status", REPLICA_MAX_LAG_SECONDS="1")
        assert report.returncode == 1
        assert "skipped" in report.stdout
        lag = float(report.stdout.split("lag ")[1].split(" s")[0])
        assert lag >= 2
    wait_until_replayed(replica)
    report = manage("replica_status", REPLICA_MAX_LAG_SECONDS="1")
    assert report.returncode == 0, report.stdout + report.stderr
    assert "lag 0.000 s, in use" in report.stdout


@pytest.mark.django_db(transaction=True)
def test_stopping_the_replica_changes_nothing_for_users(replica):
    # The health check is cached for an hour: requests keep choosing the
    # replica after it stops, and are answered again from the primary.
    with app(REPLICA_CHECK_SECONDS="3600") as base:
        pages = [f"{base}/api/v1/initiatives", f"{base}/initiatieven/"]
        for _ in range(6):  # every worker has its replica connection open
            assert [status(page) for page in pages] == [200, 200]
        replica_script("stop")
        try:
            new = make_initiative(name="Na de storing")
            for _ in range(6):
                assert [status(page) for page in pages] == [200, 200]
            detail = f"{base}/api/v1/initiatives/{new.slug}"
            assert status(detail) == 200
            assert manage("replica_status").returncode == 1
        finally:
            replica_script("start")
