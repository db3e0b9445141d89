"""Load and fault test: a bounded mix of reads and submissions against
gunicorn on PostGIS, optionally restarting PostgreSQL half-way.

    make load                                        # 3 minutes, restart at 90 s
    .venv/bin/python -m bench.load --seconds 20 --restart-at 8 --output /tmp/r.md

Checks, and exits non-zero when one fails: no request fails outside the
restart gap, failures inside the gap are clean 503s (no hang, no 500), and
every submission answered 201 is in the database afterwards.
"""

import argparse
import contextlib
import json
import os
import random
import subprocess
import sys
import threading
import time
from collections import Counter

import psycopg

from bench import datasets, servers
from bench.http_load import Client
from bench.results import machine, write_section

READS = [
    "/api/v1/initiatives?bbox=5.0,52.0,5.3,52.2",
    "/api/v1/initiatives?near=52.555,5.911&radius_km=10",
    "/api/v1/initiatives?region=noorden&tag=wonen",
    "/api/v1/initiatives?format=csv&region=zuiden",
    "/ogc/collections/initiatives/items?limit=50",
    "/api/v1/places?q=kamp",
    "/initiatieven/",
    "/kaart/noorden/",
]


def partner_token(url: str) -> str:
    env = {**os.environ, "DATABASE_URL": url}
    result = subprocess.run(
        [
            str(servers.ROOT / ".venv/bin/python"),
            "manage.py",
            "create_partner_token",
            "load-test-partner",
            "--rotate",  # keys are stored hashed: a new one each run
        ],
        env=env,
        cwd=servers.ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip().split()[-1]


def restart_postgres() -> tuple[float, float]:
    cluster = sorted(os.listdir("/etc/postgresql"))[-1]
    start = time.monotonic()
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "restart"],
        check=True,
        capture_output=True,
    )
    return start, time.monotonic()


class Run:
    def __init__(self, base, token, seconds, threads):
        self.base, self.token = base, token
        self.deadline = time.monotonic() + seconds
        self.threads = threads
        self.lock = threading.Lock()
        self.outcomes = []  # (started, finished, kind, status)
        self.acknowledged = []  # names of submissions answered 201

    def worker(self, slot):
        rng = random.Random(slot)  # noqa: S311 (a reproducible request mix)
        client = Client(self.base)
        n = 0
        while time.monotonic() < self.deadline:
            n += 1
            started = time.monotonic()
            if rng.random() < 0.1:
                kind, status = "submit", self.submit(client, f"Loadtest {slot}-{n}")
            else:
                kind = "read"
                status, _ = client.get(rng.choice(READS))
            with self.lock:
                self.outcomes.append((started, time.monotonic(), kind, status))
        client.close()

    def submit(self, client, name):
        body = json.dumps(
            {
                "name": name,
                "summary": "Een initiatief uit de belastingtest.",
                "place_name": "Kampen",
                "lat": 52.555 + random.random() / 100,  # noqa: S311
                "lon": 5.911 + random.random() / 100,  # noqa: S311
                "tags": ["wonen"],
                "contact_name": "Test",
                "contact_email": "load@example.org",
            }
        )
        headers = {
            "Content-Type": "application/json",
            "Authorization": f"Token {self.token}",
        }
        try:
            client.connection.request(
                "POST", "/api/v1/submissions", body=body, headers=headers
            )
            response = client.connection.getresponse()
            response.read()
        except OSError:
            client.close()
            client.connection = Client(self.base).connection
            return 0
        if response.status == 201:
            with self.lock:
                self.acknowledged.append(name)
        return response.status

    def go(self, restart_at=None):
        workers = [
            threading.Thread(target=self.worker, args=(i,)) for i in range(self.threads)
        ]
        for worker in workers:
            worker.start()
        gap = None
        if restart_at is not None:
            time.sleep(restart_at)
            gap = restart_postgres()
        for worker in workers:
            worker.join(timeout=120)
        return gap


def stored(url, names) -> set[str]:
    with psycopg.connect(url.replace("postgis://", "postgresql://")) as conn:
        rows = conn.execute(
            "SELECT name FROM initiatives_initiative WHERE name = ANY(%s)", (names,)
        ).fetchall()
    return {row[0] for row in rows}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", default="10k")
    parser.add_argument("--seconds", type=float, default=180)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--restart-at", type=float, default=None)
    parser.add_argument("--output", default="bench/RESULTS.md")
    args = parser.parse_args()
    url = datasets.ensure(args.size)
    token = partner_token(url)
    with servers.omzien(url) as base:
        run = Run(base, token, args.seconds, args.threads)
        started = time.monotonic()
        gap = run.go(args.restart_at)
        elapsed = time.monotonic() - started
        # After the restart the app must serve again by itself.
        time.sleep(1)
        recovered = Client(base).get(READS[0])[0] == 200
    grace = 2.0  # requests in flight just around the restart
    in_gap = [
        o for o in run.outcomes if gap and gap[0] - grace <= o[1] <= gap[1] + grace
    ]
    outside = [o for o in run.outcomes if o not in in_gap]
    bad_outside = Counter(o[3] for o in outside if o[3] not in (200, 201))
    bad_in_gap = Counter(o[3] for o in in_gap if o[3] not in (200, 201, 503))
    slowest = max((o[1] - o[0] for o in run.outcomes), default=0)
    missing = set(run.acknowledged) - stored(url, run.acknowledged)
    counts = Counter((o[2], o[3]) for o in run.outcomes)
    report = (
        f"{args.threads} clients for {elapsed:.0f} s against gunicorn "
        f"({servers.WORKERS} workers) on PostGIS with {args.size} initiatives; 10% "
        "submissions with a partner token, 90% reads over the API, OGC, site and maps.\n\n"
        f"- requests: {len(run.outcomes)} ({len(run.outcomes) / elapsed:.0f}/s); "
        f"by kind and status: {dict(sorted(counts.items()))}\n"
        f"- PostgreSQL restart: "
        + (
            f"at {args.restart_at:.0f} s, took {gap[1] - gap[0]:.1f} s; "
            f"{len(in_gap)} requests around it, statuses "
            f"{dict(Counter(o[3] for o in in_gap))}; recovered by itself: {recovered}\n"
            if gap
            else "none\n"
        )
        + f"- errors outside the restart: {dict(bad_outside) or 0}; unclean failures in the "
        f"gap: {dict(bad_in_gap) or 0}; slowest request {slowest:.1f} s\n"
        f"- submissions acknowledged (201): {len(run.acknowledged)}; missing from the "
        f"database afterwards: {len(missing)}\n"
    )
    print(report)  # noqa: T201
    if args.output:
        write_section(args.output, "Load and faults", report, machine=machine(url))
    ok = (
        not bad_outside
        and not bad_in_gap
        and not missing
        and recovered
        and slowest < 30
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        main()
