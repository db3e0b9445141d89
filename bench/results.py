"""bench/RESULTS.md holds one section per benchmark, each rewritten by its script."""

import datetime
import os
import platform
import re
import sqlite3
from pathlib import Path

import psycopg


def write_section(path, title: str, body: str, *, machine: str) -> None:
    """Replace (or add) the `## title` section of the results file; `machine`
    is what machine() says about the computer and database measured."""
    file = Path(path)
    text = file.read_text() if file.exists() else "# Benchmark results\n"
    stamp = datetime.date.today().isoformat()
    section = f"## {title}\n\nMeasured {stamp} on {machine}.\n\n{body.strip()}\n"
    pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.M | re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    file.write_text(text.rstrip("\n") + "\n")


def machine(database_url: str = "") -> str:
    """The processor, cores, memory, system, Python and database (with its
    version) of this run: PostGIS for a postgis:// URL, else SpatiaLite."""
    return ", ".join(
        [
            _processor(),
            f"{os.cpu_count()} cores",
            f"{_memory_gib():.0f} GiB memory",
            platform.system(),
            f"Python {platform.python_version()}",
            _database(database_url),
        ]
    )


def _processor() -> str:
    """The model name Linux reports, else what platform knows."""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return " ".join(line.split(":", 1)[1].split())
    return platform.processor() or platform.machine()


def _memory_gib() -> float:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30


def _database(url: str) -> str:
    if url.startswith(("postgis://", "postgresql://", "postgres://")):
        url = re.sub(r"^\w+://", "postgresql://", url)
        with psycopg.connect(url) as conn:
            server, postgis = conn.execute(
                "SELECT current_setting('server_version'), postgis_lib_version()"
            ).fetchone()
        return f"PostgreSQL {server.split()[0]} with PostGIS {postgis}"
    conn = sqlite3.connect(":memory:")
    try:
        conn.enable_load_extension(True)
        conn.load_extension("mod_spatialite")
        sqlite, spatialite = conn.execute(
            "SELECT sqlite_version(), spatialite_version()"
        ).fetchone()
    finally:
        conn.close()
    return f"SQLite {sqlite} with SpatiaLite {spatialite}"
