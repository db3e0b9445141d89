"""A database built and filled by the code before the restructure (issue 12)
upgrades in place to today's layout: the same tables and rows, the content
types' ids and the groups' permissions kept, the API's answers unchanged.

The old code runs from a git worktree of BASE_COMMIT, in subprocesses with
this virtualenv, on a database of its own (a SpatiaLite file, or a PostGIS
database beside the test database)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.upgrade.test_migrations import BASE_COMMIT, MOVED

pytestmark = pytest.mark.upgrade

ROOT = Path(settings.BASE_DIR)
HERE = Path(__file__).parent
# The pages whose answer changed on purpose since the base commit, and their
# status now (each was a 200 before).
EXPECTED_CHANGES = {
    # S11: the radius_km help text names the shared default and maximum.
    "/api/v1/openapi.json": 200,
    # Issue 14: the OGC landing page is /ogc (QGIS follows no redirect); the
    # collections carry extents from the data, CRSs and more links.
    "/ogc/": 302,
    "/ogc/collections": 200,
    "/ogc/collections/initiatives/items": 200,
    "/ogc/collections/gatherings/items": 200,
    # Issue 16: initiatives carry their public contact, address, times and
    # image (empty in an upgraded database, but present as properties).
    "/api/v1/initiatives": 200,
    "/api/v1/initiatives?format=json": 200,
    "/api/v1/initiatives?format=csv": 200,
    "/api/v1/initiatives?updated_since=2000-01-01T00:00:00Z&format=json": 200,
    # Issue 16: places carry a label that tells namesakes apart.
    "/api/v1/places?q=kamp": 200,
    # Issue 14: plain JSON carries a GeoJSON geometry, a sync's last page a
    # sync link, and region outlines are wound as RFC 7946 asks.
    "/api/v1/gatherings?format=json": 200,
    "/api/v1/regions": 200,
}
# Issue 14: the record of deleted gatherings starts empty. Issue 13: so does
# the map's pre-counted grid (the pages captured draw no map).
NEW_TABLES = {"gatherings_tombstone", "api_grid", "api_cell"}
NEW_MODELS = {"gatherings.tombstone", "api.grid", "api.cell"}


def git(*args, check=True):
    return subprocess.run(  # noqa: S603 (fixed commands on our own repository)
        ["git", *args],  # noqa: S607
        cwd=ROOT,
        check=check,
        capture_output=True,
        text=True,
    )


@pytest.fixture
def base(tmp_path):
    """A checkout of the base commit, with its translations compiled."""
    if git("cat-file", "-e", f"{BASE_COMMIT}^{{commit}}", check=False).returncode:
        pytest.fail(f"The base commit {BASE_COMMIT} is missing: fetch the history.")
    checkout = tmp_path / "base"
    git("worktree", "add", "--detach", str(checkout), BASE_COMMIT)
    (checkout / "data").mkdir()
    yield checkout
    git("worktree", "remove", "--force", str(checkout))


@pytest.fixture
def database_url(tmp_path):
    """An empty database of the kind the tests run on."""
    if connection.vendor != "postgresql":
        yield f"spatialite:///{tmp_path / 'upgrade.sqlite3'}"
        return
    import psycopg

    params = connection.get_connection_params()
    name = f"{params['dbname']}_upgrade"
    admin = {
        k: v for k, v in params.items() if k in ("host", "port", "user", "password")
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}"')
        server.execute(f'CREATE DATABASE "{name}"')
    with psycopg.connect(dbname=name, autocommit=True, **admin) as database:
        database.execute("CREATE EXTENSION postgis")
    user, host = admin.get("user", "postgres"), admin.get("host", "127.0.0.1")
    yield f"postgis://{user}@{host}:{admin.get('port', 5432)}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(code: Path, database_url, *args, out=None):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "PYTHONPATH": str(code),
        "UPGRADE_OUT": str(out or ""),
    }
    result = subprocess.run(  # noqa: S603 (our own code)
        [sys.executable, "manage.py", *args],
        cwd=code,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def capture(code, database_url, out: Path) -> dict:
    manage(
        code, database_url, "shell", "-c", (HERE / "capture.py").read_text(), out=out
    )
    return json.loads(out.read_text())


def test_a_database_of_the_base_commit_upgrades_in_place(base, database_url, tmp_path):
    manage(base, database_url, "compilemessages", "--ignore=.venv")
    for command in ("migrate", "load_geography", "load_initiatives", "load_gatherings"):
        manage(base, database_url, command, "--verbosity=0")
    manage(base, database_url, "shell", "-c", (HERE / "seed.py").read_text())
    before = capture(base, database_url, tmp_path / "before.json")

    manage(ROOT, database_url, "migrate", "--verbosity=0")
    manage(ROOT, database_url, "makemigrations", "--check", "--dry-run")
    after = capture(ROOT, database_url, tmp_path / "after.json")

    assert all(after["tables"].pop(table)[0] == 0 for table in NEW_TABLES)
    # Django's four permissions (add, change, delete, view) per new model.
    added = after["tables"].pop("auth_permission")[0]
    assert added == before["tables"].pop("auth_permission")[0] + 4 * len(NEW_MODELS)
    assert after["tables"] == before["tables"]
    unchanged = dict(before["pages"])
    for url, status in EXPECTED_CHANGES.items():
        assert unchanged.pop(url)[0] == 200
        assert after["pages"][url][0] == status
    assert {url: after["pages"][url] for url in unchanged} == unchanged
    moved = {f"{old}.{model}": f"{new}.{model}" for (old, model), new in MOVED.items()}
    for model in NEW_MODELS:
        after["content_types"].pop(model)
    assert after["content_types"] == {
        moved.get(label, label): pk for label, pk in before["content_types"].items()
    }
    assert after["permissions"] == sorted(
        [group, MOVED.get((app, codename.split("_", 1)[1]), app), codename]
        for group, app, codename in before["permissions"]
    )
    assert ["moderators", "areas", "change_region"] in after["permissions"]
