"""Production mode, checked in a fresh process as it would start."""

import os
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "prod-Xq7v!9LmZr2#Tc8wKd4PbN6yHs3Gj5Fa1Ue0Rt@Wo-CiVlEnMx",
    "ALLOWED_HOSTS": "omzien.example.org",
}


def manage(*args, **env):
    environment = {
        k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")
    }
    return subprocess.run(  # noqa: S603 (our own manage.py)
        [sys.executable, "manage.py", *args],
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
