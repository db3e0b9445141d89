"""PostGIS databases with N demo initiatives, made once and reused."""

import os
import subprocess

import psycopg

from bench.servers import ROOT

ADMIN_URL = os.environ.get("BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000, "1m": 1_000_000}


def database_url(label: str) -> str:
    return ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgis://") + (
        f"/omzien_bench_{label}"
    )


def demo_count(url: str) -> int | None:
    try:
        with psycopg.connect(url.replace("postgis://", "postgresql://")) as conn:
            row = conn.execute(
                "SELECT count(*) FROM initiatives_initiative WHERE is_demo"
            ).fetchone()
            return row[0]
    except psycopg.Error:
        return None


def ensure(label: str) -> str:
    """The URL of a migrated database holding exactly SIZES[label] demo rows."""
    url = database_url(label)
    env = {**os.environ, "DATABASE_URL": url}
    python = str(ROOT / ".venv" / "bin" / "python")
    if demo_count(url) == SIZES[label]:
        subprocess.run(
            [python, "manage.py", "migrate", "-v0"], env=env, cwd=ROOT, check=True
        )
        return url
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    with psycopg.connect(
        url.replace("postgis://", "postgresql://"), autocommit=True
    ) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    for command in (
        ["migrate", "-v0"],
        ["load_geography", "-v0"],
        ["load_themes", "-v0"],
        ["load_initiatives", "-v0"],
        ["demo_data", "--count", str(SIZES[label]), "--seed", "1", "-v0"],
    ):
        subprocess.run([python, "manage.py", *command], env=env, cwd=ROOT, check=True)
    with psycopg.connect(
        url.replace("postgis://", "postgresql://"), autocommit=True
    ) as conn:
        conn.execute("VACUUM ANALYZE")
    return url
