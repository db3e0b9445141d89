"""API benchmark: Omzien under gunicorn on PostGIS, beside its lower bound
(the same query as raw SQL with the GeoJSON built in PostGIS) and its peers
(tipg and pygeoapi serving the same table).

    make bench-api                      # 10k, 100k, 1m; writes bench/RESULTS.md
    .venv/bin/python -m bench.api_bench --sizes 1k --quick --output /tmp/r.md

Loopback only; every loop is bounded in count and time.
"""

import argparse
import math
import os
import subprocess
import time
from dataclasses import dataclass
from urllib.parse import urlencode

import psycopg
import redis

from bench import datasets, servers
from bench.http_load import measure, timed
from bench.results import machine, write_section

REPLICA_PORT = 5433  # scripts/replica.sh
# Redis, as in production; emptied before each server starts.
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/12")
LAND_KM2 = 34_000  # land area of the Netherlands, roughly
CENTRE = (5.1214, 52.0907)  # lon, lat: Utrecht
TABLE = "initiatives_initiative"
SEA = "3.0,53.5,3.1,53.6"  # lon/lat box in the North Sea: no initiative


@dataclass
class Case:
    name: str
    omzien: str  # path on the Omzien server
    sql: str | None = None  # the lower bound
    tipg: str | None = None
    pygeoapi: str | None = None


def bbox_for(count: int, wanted: int = 200) -> tuple[float, float, float, float]:
    """A square box around Utrecht expected to hold about `wanted` points."""
    side_km = math.sqrt(wanted / (count / LAND_KM2))
    half_lat = side_km / 2 / 111.32
    half_lon = half_lat / math.cos(math.radians(CENTRE[1]))
    lon, lat = CENTRE
    return (lon - half_lon, lat - half_lat, lon + half_lon, lat + half_lat)


FEATURE_SQL = """
SELECT json_build_object('type', 'FeatureCollection', 'features',
       coalesce(json_agg(json_build_object(
         'type', 'Feature', 'id', i.id,
         'geometry', ST_AsGeoJSON(i.location, 6)::json,
         'properties', json_build_object(
           'slug', i.slug, 'name', i.name, 'summary', i.summary,
           'description', i.description, 'place', i.place_name,
           'municipality', m.name, 'province', p.name, 'region', r.slug,
           'tags', (SELECT coalesce(json_agg(t.slug ORDER BY t.slug), '[]')
                    FROM initiatives_initiative_tags it
                    JOIN initiatives_tag t ON t.id = it.tag_id
                    WHERE it.initiative_id = i.id),
           'website', i.website, 'created', i.created_at,
           'updated', i.updated_at{extra}))), '[]'))::text
FROM (SELECT * FROM initiatives_initiative i WHERE {where} ORDER BY {order} LIMIT {limit}) i
JOIN initiatives_municipality m ON m.id = i.municipality_id
JOIN initiatives_province p ON p.id = i.province_id
LEFT JOIN initiatives_region r ON r.id = i.region_id
"""


def feature_sql(where, order="i.name, i.id", limit=100, extra=""):
    return FEATURE_SQL.format(where=where, order=order, limit=limit, extra=extra)


def cases(count: int) -> list[Case]:
    box = bbox_for(count)
    bbox = ",".join(f"{v:.5f}" for v in box)
    envelope = f"ST_MakeEnvelope({bbox}, 4326)"
    lon, lat = CENTRE
    point = f"ST_SetSRID(ST_MakePoint({lon}, {lat}), 4326)"
    spheroid = "'SPHEROID[\"WGS 84\",6378137,298.257223563]'"
    distance = f"ST_DistanceSpheroid(i.location, {point}, {spheroid})"
    published = "i.status = 'published'"
    sea = f"ST_MakeEnvelope({SEA}, 4326)"
    box = f"ST_Expand({point}, 0.15)"  # holds every point within 10 km
    return [
        Case(
            "bbox, ~200 results",
            "/api/v1/initiatives?" + urlencode({"bbox": bbox, "limit": 1000}),
            feature_sql(
                f"{published} AND i.location && {envelope} "
                f"AND ST_Within(i.location, {envelope})",
                limit=1000,
            ),
            f"/collections/public.{TABLE}/items?"
            + urlencode({"bbox": bbox, "limit": 1000}),
            "/collections/initiatives/items?"
            + urlencode({"bbox": bbox, "limit": 1000, "f": "json"}),
        ),
        Case(
            "near 10 km, first 100",
            "/api/v1/initiatives?"
            + urlencode({"near": f"{lat},{lon}", "radius_km": 10}),
            feature_sql(
                # The best index-using query: the 404 nearest on the lon/lat
                # plane by the GiST index (KNN), then the true distance.
                f"{published} AND i.id IN (SELECT id FROM initiatives_initiative i "
                f"WHERE {published} AND i.location && {box} "
                f"ORDER BY i.location <-> {point} LIMIT 404) AND {distance} <= 10000",
                order=f"{distance}, i.id",
                extra=f", 'distance_km', round(({distance} / 1000)::numeric, 3)",
            ),
        ),
        Case(
            "region noorden + tag wonen, first 100",
            "/api/v1/initiatives?" + urlencode({"region": "noorden", "tag": "wonen"}),
            feature_sql(
                f"{published} AND i.region_id = (SELECT id FROM initiatives_region "
                "WHERE slug = 'noorden') AND EXISTS (SELECT 1 FROM "
                "initiatives_initiative_tags it JOIN initiatives_tag t ON t.id = it.tag_id "
                "WHERE it.initiative_id = i.id AND t.slug = 'wonen')"
            ),
        ),
        Case(
            "page of 1,000",
            "/api/v1/initiatives?limit=1000",
            feature_sql(published, limit=1000),
            f"/collections/public.{TABLE}/items?limit=1000",
            "/collections/initiatives/items?limit=1000&f=json",
        ),
        Case(
            "OGC items, bbox, limit 100",
            "/ogc/collections/initiatives/items?"
            + urlencode({"bbox": bbox, "limit": 100}),
            feature_sql(
                f"{published} AND i.location && {envelope} "
                f"AND ST_Within(i.location, {envelope})",
                order="i.id",
            ),
            f"/collections/public.{TABLE}/items?"
            + urlencode({"bbox": bbox, "limit": 100}),
            "/collections/initiatives/items?"
            + urlencode({"bbox": bbox, "limit": 100, "f": "json"}),
        ),
        Case(
            # No rows: what an uncached request costs before its data.
            "empty answer (bbox at sea)",
            "/api/v1/initiatives?" + urlencode({"bbox": SEA}),
            feature_sql(
                f"{published} AND i.location && {sea} AND ST_Within(i.location, {sea})"
            ),
            f"/collections/public.{TABLE}/items?" + urlencode({"bbox": SEA}),
            "/collections/initiatives/items?" + urlencode({"bbox": SEA, "f": "json"}),
        ),
        Case("map page /kaart/noorden/", "/kaart/noorden/"),
    ]


def omzien(url, **env):
    """Omzien's server on an empty Redis cache: no answer, count or data
    version of another size or run."""
    redis.Redis.from_url(CACHE_URL).flushdb()
    return servers.omzien(url, CACHE_URL=CACHE_URL, **env)


def run_size(label, *, quick, peers):
    url = datasets.ensure(label)
    count = datasets.SIZES[label]
    settings = {"requests": 30 if quick else 200, "seconds": 3.0 if quick else 10.0}
    rows = []
    with psycopg.connect(url.replace("postgis://", "postgresql://")) as conn:
        sql_ms = {
            case.name: timed(lambda c=case: conn.execute(c.sql).fetchone(), seconds=5)
            for case in cases(count)
            if case.sql
        }
    with omzien(url, API_RESPONSE_CACHE="0") as base:
        ours = {
            case.name: measure(base, case.omzien, **settings) for case in cases(count)
        }
    with omzien(url) as base:  # repeated requests, data unchanged
        cached = {
            case.name: measure(base, case.omzien, **settings)
            for case in cases(count)
            if case.sql
        }
    theirs = {}
    if peers:
        for peer, start in (("tipg", servers.tipg), ("pygeoapi", servers.pygeoapi)):
            with start(url, TABLE) as base:
                for case in cases(count):
                    path = getattr(case, peer)
                    if path:
                        theirs[(peer, case.name)] = measure(base, path, **settings)
    for case in cases(count):
        rows.append(
            (
                label,
                case,
                ours[case.name],
                cached.get(case.name),
                sql_ms.get(case.name),
                theirs,
            )
        )
    return rows


def replica_rows(label, ours, *, quick):
    """Throughput with DATABASE_REPLICA_URLS set, beside the primary alone
    (`ours`), both without the response cache (every request reads the
    database), and the share of the database transactions the replica ran."""
    subprocess.run([servers.ROOT / "scripts" / "replica.sh", "start"], check=True)
    url = datasets.database_url(label)
    replica = url.replace(":5432/", f":{REPLICA_PORT}/")
    dsns = [u.replace("postgis://", "postgresql://") for u in (url, replica)]
    wait_until_replayed(*dsns)
    settings = {"requests": 30 if quick else 200, "seconds": 3.0 if quick else 10.0}
    api_cases = [case for case in cases(datasets.SIZES[label]) if case.sql]
    rows = []
    with omzien(url, API_RESPONSE_CACHE="0", DATABASE_REPLICA_URLS=replica) as base:
        for case in api_cases:
            before = [transactions(dsn) for dsn in dsns]
            spread = measure(base, case.omzien, **settings)
            time.sleep(1)  # statistics reach pg_stat_database within a second
            primary, on_replica = (
                transactions(d) - b for d, b in zip(dsns, before, strict=True)
            )
            share = on_replica / max(primary + on_replica, 1)
            rows.append((label, case.name, ours[case.name], spread, share))
    return rows


def transactions(dsn) -> int:
    name = dsn.rsplit("/", 1)[1]
    with psycopg.connect(dsn) as conn:
        sql = "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = %s"
        return conn.execute(sql, (name,)).fetchone()[0]


def wait_until_replayed(primary, replica, timeout=600):
    with psycopg.connect(primary) as conn:
        target = conn.execute("SELECT pg_current_wal_lsn()::text").fetchone()[0]
    deadline = time.monotonic() + timeout
    with psycopg.connect(replica) as conn:
        sql = "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn"
        while not conn.execute(sql, (target,)).fetchone()[0]:
            if time.monotonic() > deadline:
                raise TimeoutError("the replica did not catch up")
            time.sleep(0.2)


def replica_table(rows) -> str:
    lines = [
        "| size | case | req/s, primary only | req/s, primary + replica "
        "| p50 ms with replica | errors | transactions on the replica |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, name, alone, spread, share in rows:
        lines.append(
            f"| {label} | {name} | {alone.rps:.0f} | {spread.rps:.0f} "
            f"| {spread.p50_ms:.1f} | {spread.errors} | {share:.0%} |"
        )
    return "\n".join(lines)


def plans(label) -> str:
    url = datasets.database_url(label)
    count = datasets.SIZES[label]
    out = []
    with psycopg.connect(url.replace("postgis://", "postgresql://")) as conn:
        for case in cases(count)[:2]:
            explain = conn.execute(
                "EXPLAIN (ANALYZE, COSTS OFF) " + case.sql
            ).fetchall()
            out.append(
                f"{case.name} ({label}):\n\n```\n"
                + "\n".join(r[0] for r in explain)
                + "\n```\n"
            )
    return "\n".join(out)


# Omzien's own queries for the near case, explained in the database: the
# KNN candidates (as narrowed() reads them), the page within the radius they
# prove, and the count.
NEAR_PLANS = """
from django.contrib.gis.geos import Point
from django.db import connection
from initiatives.models import Initiative
from initiatives.querysets import PlaneDistance
point = Point(LON, LAT, srid=4326)
search = Initiative.objects.published().near(point, 10)
candidates = search.annotate(plane=PlaneDistance("location", point)).order_by("plane")
for title, query in (
    ("KNN candidates", candidates.values_list("plane", "distance")[:404]),
    ("page, within the proven radius", search.narrowed(101).values("id")[:101]),
    ("count, within 10 km", search.order_by().values("id")),
):
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + sql, params)
        plan = "\\n".join(row[0] for row in cursor.fetchall())
    print(f"Omzien, near, {title}:\\n\\n```\\n{plan}\\n```\\n")
"""


def near_plans(label) -> str:
    lon, lat = CENTRE
    code = NEAR_PLANS.replace("LON", str(lon)).replace("LAT", str(lat))
    result = subprocess.run(
        [servers.ROOT / ".venv" / "bin" / "python", "manage.py", "shell", "-c", code],
        env={**os.environ, "DATABASE_URL": datasets.database_url(label)},
        cwd=servers.ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def table(rows) -> str:
    lines = [
        "| size | case | p50 ms | p95 ms | req/s | errors | KB | raw SQL ms | ratio p50/SQL "
        "| tipg req/s | pygeoapi req/s | vs best peer | cached p50 ms | cached req/s "
        "| cached vs tipg |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: | ---: | ---: | ---: |",
    ]
    for label, case, ours, cached, sql_ms, theirs in rows:
        tipg = theirs.get(("tipg", case.name))
        pyg = theirs.get(("pygeoapi", case.name))
        peer_best = max((f.rps for f in (tipg, pyg) if f), default=None)
        lines.append(
            f"| {label} | {case.name} | {ours.p50_ms:.1f} | {ours.p95_ms:.1f} | {ours.rps:.0f} "
            f"| {ours.errors} | {ours.bytes / 1024:.0f} "
            f"| {f'{sql_ms:.1f}' if sql_ms else '–'} "
            f"| {f'{ours.p50_ms / sql_ms:.1f}×' if sql_ms else '–'} "
            f"| {f'{tipg.rps:.0f}' if tipg else '–'} | {f'{pyg.rps:.0f}' if pyg else '–'} "
            f"| {f'{ours.rps / peer_best:.1f}×' if peer_best else '–'} "
            f"| {f'{cached.p50_ms:.1f}' if cached else '–'} "
            f"| {f'{cached.rps:.0f}' if cached else '–'} "
            f"| {f'{cached.rps / tipg.rps:.1f}×' if cached and tipg else '–'} |"
        )
    return "\n".join(lines)


def growth(rows) -> str:
    """p50 at the largest size over p50 at the smallest, per case (cold)."""
    labels = list(dict.fromkeys(label for label, *_ in rows))
    if len(labels) < 2:
        return ""
    first, last = labels[0], labels[-1]
    p50 = {(label, case.name): ours.p50_ms for label, case, ours, *_ in rows}
    names = list(dict.fromkeys(case.name for _, case, *_ in rows))
    lines = [
        f"| case | p50 ms {first} | p50 ms {last} | growth |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name in names:
        a, b = p50[(first, name)], p50[(last, name)]
        lines.append(f"| {name} | {a:.1f} | {b:.1f} | {b / a:.2f}× |")
    return f"Growth from {first} to {last} (no response cache):\n\n" + "\n".join(lines)


def setup() -> str:
    """How the figures are taken, for the section's first paragraph."""
    return (
        f"gunicorn {servers.WORKERS} workers × 4 threads, production settings, "
        "Redis as the cache. "
        "Latency: one keep-alive client in sequence; req/s: 4 concurrent clients. "
        "Without the response cache (API_RESPONSE_CACHE=0; the count cache stays), "
        "and cached: the same request repeated while the data is unchanged. "
        "Raw SQL: the same query with the FeatureCollection built by PostGIS, timed "
        "from Python (median). Peers serve the same table with the same worker count."
    )


REPLICA_NOTE = """

With a streaming replica (`--replica`: scripts/replica.sh, a second PostgreSQL
cluster on the same 2 cores), without the response cache on both sides:
anonymous reads go to the replica, so the primary is left for writes. On one
machine the two clusters share the CPU, so the throughput shows the routing's
cost, not extra capacity.

"""


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10k,100k,1m")
    parser.add_argument("--quick", action="store_true", help="short runs (CI)")
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument(
        "--replica",
        action="store_true",
        help="also with a streaming replica (scripts/replica.sh, needs root)",
    )
    parser.add_argument("--output", default="bench/RESULTS.md")
    args = parser.parse_args()
    labels = args.sizes.split(",")
    rows, spread = [], []
    for label in labels:
        size_rows = run_size(label, quick=args.quick, peers=not args.no_peers)
        rows += size_rows
        if args.replica:
            ours = {case.name: figures for _, case, figures, *_ in size_rows}
            spread += replica_rows(label, ours, quick=args.quick)
    body = (
        setup()
        + "\n\n"
        + table(rows)
        + (REPLICA_NOTE + replica_table(spread) if spread else "")
        + "\n\n"
        + growth(rows)
        + "\n\nQuery plans at the largest size:\n\n"
        + plans(labels[-1])
        + "\n"
        + near_plans(labels[-1])
    )
    database = machine(datasets.database_url(labels[-1]))
    write_section(args.output, "API", body, machine=database)
    print(table(rows))  # noqa: T201
    if spread:
        print(replica_table(spread))  # noqa: T201


if __name__ == "__main__":
    main()
