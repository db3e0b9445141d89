"""Production mode, checked in a fresh process as it would start."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "prod-Xq7v!9LmZr2#Tc8wKd4PbN6yHs3Gj5Fa1Ue0Rt@Wo-CiVlEnMx",
    "ALLOWED_HOSTS": "omzien.example.org",
    # Nothing connects to these: the checks only read the settings.
    "DATABASE_URL": "postgis://omzien@db.example.org:5432/omzien",
    "CACHE_URL": "redis://cache.example.org:6379/1",
    "SITE_URL": "https://omzien.example.org",
    "EMAIL_URL": "smtp+tls://omzien@smtp.example.org:587",
    "TRUSTED_PROXY_COUNT": "1",  # nginx in front, as README's Production says
}
# Variables of the machine that would change what the settings read.
OURS = ("SECRET_KEY", "DEBUG", "PORT", *PRODUCTION)


def manage(*args, **env):
    return python("manage.py", *args, **env)


def python(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in OURS}
    return subprocess.run(  # noqa: S603 (our own code)
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env={**environment, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_passes_check_deploy_without_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_without_the_trusted_proxy():
    env = {k: v for k, v in PRODUCTION.items() if k != "TRUSTED_PROXY_COUNT"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode != 0
    assert "omzien.W001" in result.stderr + result.stdout


def test_development_mode_fails_check_deploy():
    """The check can fail: the development defaults are not fit to deploy."""
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_a_weak_secret_key():
    result = manage("check", **{**PRODUCTION, "SECRET_KEY": "django-insecure-short"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("name", ["DATABASE_URL", "CACHE_URL", "SITE_URL", "EMAIL_URL"])
def test_production_refuses_to_start_without(name):
    env = {k: v for k, v in PRODUCTION.items() if k != name}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{name} must be set in production" in result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        # A database or cache of one process.
        ("DATABASE_URL", "spatialite:///data/omzien.sqlite3"),
        ("CACHE_URL", "locmemcache://omzien"),
        ("CACHE_URL", "dummycache://"),
        # Mails that go nowhere, links without HTTPS, pages with debug output.
        ("EMAIL_URL", "consolemail://"),
        ("EMAIL_URL", "dummymail://"),
        ("EMAIL_URL", "memorymail://"),
        ("SITE_URL", "http://omzien.example.org"),
        ("DEBUG", "true"),
    ],
)
def test_production_refuses_a_value_that_fails_silently(name, value):
    result = manage("check", **{**PRODUCTION, name: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{name} must" in result.stderr


def setting(expression: str, **env) -> str:
    """What the settings hold, loaded in a fresh process with `env`."""
    code = f"import django; django.setup(); print({expression})"
    env = {"DJANGO_SETTINGS_MODULE": "omzien.settings", **env}
    result = python("-c", f"from django.conf import settings; {code}", **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_in_development_site_url_follows_the_port():
    assert setting("settings.SITE_URL", PORT="8251") == "http://127.0.0.1:8251"
    assert setting("settings.SITE_URL") == "http://127.0.0.1:8000"


def test_make_run_tells_the_settings_its_port():
    result = subprocess.run(
        ["make", "--dry-run", "--always-make", "run", "PORT=8251"],  # noqa: S607
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    run = [line for line in result.stdout.splitlines() if "runserver" in line]
    assert run == ["PORT=8251 .venv/bin/python manage.py runserver 127.0.0.1:8251"]


@pytest.mark.slow
def test_persistent_connections_only_when_asked():
    """runserver starts a thread per connection: persistent connections there
    pile up, so the default is none; gunicorn's config asks for them."""
    postgis = {"DATABASE_URL": PRODUCTION["DATABASE_URL"]}
    databases = "settings.DATABASES['default']"
    assert setting(f"{databases}['CONN_MAX_AGE']", **postgis) == "0"
    assert setting(f"{databases}['CONN_HEALTH_CHECKS']", **postgis) == "True"
    assert setting(f"{databases}['CONN_MAX_AGE']", CONN_MAX_AGE="60") == "60"


@pytest.mark.slow
def test_database_timeouts_come_from_the_environment():
    postgis = {"DATABASE_URL": PRODUCTION["DATABASE_URL"]}
    options = "settings.DATABASES['default']['OPTIONS']"
    assert setting(f"{options}['connect_timeout']", **postgis) == "3"
    no_jit = " -c jit=off"
    assert (
        setting(f"{options}['options']", **postgis)
        == "-c statement_timeout=15000" + no_jit
    )
    custom = {**postgis, "DATABASE_CONNECT_TIMEOUT": "2"}
    custom["DATABASE_STATEMENT_TIMEOUT"] = "5"
    assert setting(f"{options}['connect_timeout']", **custom) == "2"
    assert (
        setting(f"{options}['options']", **custom)
        == "-c statement_timeout=5000" + no_jit
    )
    sqlite = setting(f"{options}['timeout']", DATABASE_BUSY_TIMEOUT="7")
    assert sqlite == "7"


@pytest.mark.slow
def test_replicas_get_the_primarys_timeouts_and_the_router():
    env = {
        **PRODUCTION,
        "DATABASE_REPLICA_URLS": "postgis://omzien@replica1.example.org/omzien,"
        "postgis://omzien@replica2.example.org/omzien",
    }
    replica = "settings.DATABASES['replica2']"
    assert setting(f"{replica}['HOST']", **env) == "replica2.example.org"
    assert setting(f"{replica}['ENGINE']", **env) == "omzien.db.postgis"
    assert setting(f"{replica}['OPTIONS']['connect_timeout']", **env) == "3"
    assert setting("settings.REPLICA_ALIASES", **env) == "['replica1', 'replica2']"
    assert setting("settings.DATABASE_ROUTERS", **env) == (
        "['omzien.db.replicas.ReplicaRouter']"
    )
    assert setting("settings.DATABASE_ROUTERS") == "[]"  # none without replicas


def test_a_replica_must_be_postgis():
    env = {**PRODUCTION, "DATABASE_REPLICA_URLS": "spatialite:///replica.sqlite3"}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "DATABASE_REPLICA_URLS must be PostGIS" in result.stderr
