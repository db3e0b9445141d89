"""Submissions while the mail server accepts connections and never answers.

    make dead-mail                       # SpatiaLite (a copy of data/omzien.sqlite3)
    DATABASE_URL=postgis://... make dead-mail                     # PostGIS
    .venv/bin/python -m bench.dead_mail --api 10 --form 5 --output ""  # short

Starts a stand-in SMTP server on loopback that accepts and never answers,
gunicorn (production mode on PostGIS) with the queue's worker (`run_huey`) beside it,
then posts submissions through the API (each sent twice with the same
Idempotency-Key, as a client that retries) and the site form, while other
threads read. Checks, and exits non-zero when one fails: submissions answer
fast (p95 under 1 s), none is stored twice, reads keep their speed, and
every mail is tried again and then marked failed. Every loop is bounded.
"""

import argparse
import contextlib
import json
import os
import re
import secrets
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import psycopg

from bench import servers
from bench.http_load import Client
from bench.results import machine, write_section

# Loopback ports of this script (the project's range for mail work).
DEAD_SMTP_PORT, APP_PORT = 8230, 8231
READS = ["/api/v1/initiatives?format=json&limit=20", "/initiatieven/", "/"]
EMAIL_TIMEOUT, RETRY_DELAYS = 1, "2,4"  # three attempts per mail
RUN = secrets.token_hex(3)  # names, keys and addresses of this run only
VICTIM = f"slachtoffer-{RUN}@example.org"  # one address in many submissions


class DeadMailServer:
    """Accepts TCP connections on loopback and never sends a byte."""

    def __init__(self, port):
        self.listener = socket.create_server(("127.0.0.1", port))
        self.listener.settimeout(0.2)
        self.held, self.stop = [], threading.Event()
        self.thread = threading.Thread(target=self.accept, daemon=True)

    def accept(self):
        while not self.stop.is_set():
            with contextlib.suppress(TimeoutError):
                self.held.append(self.listener.accept()[0])

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(timeout=2)
        for connection in self.held:
            connection.close()
        self.listener.close()


def percentile(values, fraction):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * fraction))] if values else 0


def api_body(n, address):
    return json.dumps(
        {
            "name": f"Dode post {RUN} API {n}",
            "summary": "Een aanmelding terwijl de mailserver zwijgt.",
            "place_name": "Kampen",
            "lat": 52.5 + n / 1000,
            "lon": 5.9,
            "tags": ["wonen"],
            "contact_email": address,
        }
    )


def post_api(client, n, address):
    """The submission, then the same again as a retrying client sends it."""
    headers = {"Content-Type": "application/json", "Idempotency-Key": f"dead-{RUN}-{n}"}
    outcomes = []
    for _ in range(2):
        started = time.perf_counter()
        client.connection.request(
            "POST", "/api/v1/submissions", body=api_body(n, address), headers=headers
        )
        response = client.connection.getresponse()
        body = response.read()
        outcomes.append(
            (response.status, time.perf_counter() - started, json.loads(body).get("id"))
        )
    return outcomes


def post_form(client, n):
    started = time.perf_counter()
    client.connection.request("GET", "/meld-aan/")
    response = client.connection.getresponse()
    page = response.read().decode()
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie", ""))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    fields = {
        "csrfmiddlewaretoken": token.group(1),
        "name": f"Dode post {RUN} formulier {n}",
        "summary": "Een aanmelding via het formulier terwijl de mailserver zwijgt.",
        "place": "Kampen",
        "point": f"{52.555 + n / 1000:.4f}, 5.9110",  # in Kampen itself
        "contact_name": "Proef",
        "contact_email": f"formulier{n}-{RUN}@example.org",
        "privacy": "on",
        "not_duplicate": "on",
    }
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={cookie.group(1)}",
        "Referer": f"http://127.0.0.1:{APP_PORT}/meld-aan/",
    }
    posted = time.perf_counter()
    client.connection.request(
        "POST", "/meld-aan/", body=urllib.parse.urlencode(fields), headers=headers
    )
    response = client.connection.getresponse()
    response.read()
    return response.status, time.perf_counter() - posted, posted - started


class Readers:
    """Threads that read while the submissions run; bounded by a deadline."""

    def __init__(self, base, threads=2):
        self.base, self.samples, self.stop = base, [], threading.Event()
        self.threads = [threading.Thread(target=self.read) for _ in range(threads)]

    def read(self):
        client, n = Client(self.base), 0
        deadline = time.monotonic() + 600
        while not self.stop.is_set() and time.monotonic() < deadline:
            started = time.perf_counter()
            status, _ = client.get(READS[n % len(READS)])
            self.samples.append((status, time.perf_counter() - started))
            n += 1
        client.close()

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=60)


def baseline_reads(base, seconds=5.0):
    client = Client(base)
    for path in READS * 5:  # warm up every worker's code paths
        client.get(path)
    client.close()
    with Readers(base) as readers:
        time.sleep(seconds)
    return readers.samples


def database():
    """A database URL for the run; on SpatiaLite a copy of the set-up one
    (or a new file), removed afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgis://"):
        return url, None
    copy = Path(tempfile.mkdtemp(prefix="dead-mail-")) / "omzien.sqlite3"
    source = servers.ROOT / "data" / "omzien.sqlite3"
    if source.exists():  # else migrate() starts a new one
        shutil.copy(source, copy)
    return f"spatialite:///{copy}", copy


def query(url, sql):
    if url.startswith("postgis://"):
        with psycopg.connect(url.replace("postgis://", "postgresql://")) as conn:
            cursor = conn.execute(sql)
            return cursor.fetchall() if cursor.description else []
    with contextlib.closing(sqlite3.connect(url.removeprefix("spatialite://"))) as conn:
        rows = conn.execute(sql).fetchall()
        conn.commit()
        return rows


def migrate(url, env):
    python = str(servers.ROOT / ".venv" / "bin" / "python")
    for command in ("migrate", "load_geography", "load_themes"):
        subprocess.run(
            [python, "manage.py", command, "-v0"], env=env, cwd=servers.ROOT, check=True
        )


def app_env(url, queue_file):
    env = {
        "EMAIL_URL": f"smtp://127.0.0.1:{DEAD_SMTP_PORT}",
        "EMAIL_TIMEOUT": str(EMAIL_TIMEOUT),
        "MAIL_RETRY_DELAYS": RETRY_DELAYS,
        "MODERATOR_EMAILS": "moderator@omzien.example",
        "SITE_URL": f"https://127.0.0.1:{APP_PORT}",
        "SUBMISSION_RATE_LIMIT": "1000000",
        "TASK_QUEUE_FILE": str(queue_file),
    }
    if url.startswith("spatialite://"):
        # Production mode requires PostGIS: the embedded default runs as a
        # small installation would, in development mode without DEBUG.
        env.update(DJANGO_ENV="development", DEBUG="false")
    return {**servers.omzien_env(url), **env}


@contextlib.contextmanager
def worker(env, log):
    python = str(servers.ROOT / ".venv" / "bin" / "python")
    process = subprocess.Popen(
        [python, "manage.py", "run_huey", "--workers", "4"],
        env=env,
        cwd=servers.ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_for_mails(url, first_id, seconds):
    """This run's mails by status once none is queued (or time is up)."""
    deadline = time.monotonic() + seconds
    sql = f"SELECT status, COUNT(*) FROM outbox_mail WHERE id >= {first_id} GROUP BY status"
    while True:
        counts = dict(query(url, sql))
        if not counts.get("queued") or time.monotonic() > deadline:
            return counts
        time.sleep(1)


def run(args):
    url, copy = database()
    queue_file = Path(tempfile.mkdtemp(prefix="dead-mail-queue-")) / "queue.sqlite3"
    env = app_env(url, queue_file)
    migrate(url, env)
    first_id = query(url, "SELECT COALESCE(MAX(id), 0) + 1 FROM outbox_mail")[0][0]
    log = tempfile.TemporaryFile()
    figures = {}
    with (
        DeadMailServer(DEAD_SMTP_PORT) as dead,
        servers.omzien(url, port=APP_PORT, **env) as base,
        worker(env, log),
    ):
        before = baseline_reads(base)
        client = Client(base)
        post_api(client, -1, f"warm-up-{RUN}@example.org")  # not counted
        api, forms = [], []
        with Readers(base) as readers:
            started = time.monotonic()
            for n in range(args.api):
                address = VICTIM if n % 2 else f"initiatiefnemer{n}-{RUN}@example.org"
                api.append(post_api(client, n, address))
            for n in range(args.form):
                forms.append(post_form(client, n))
            submitting = time.monotonic() - started
        client.close()
        counts = wait_for_mails(url, first_id, args.wait)
        figures["connections"] = len(dead.held)
    stored = query(
        url,
        f"SELECT name FROM initiatives_initiative WHERE name LIKE 'Dode post {RUN} %'",
    )
    attempts = query(
        url,
        f"SELECT MIN(attempts), MAX(attempts) FROM outbox_mail WHERE status = 'failed' AND id >= {first_id}",
    )[0]
    if copy:
        shutil.rmtree(copy.parent, ignore_errors=True)
    shutil.rmtree(queue_file.parent, ignore_errors=True)
    return (
        before,
        readers.samples,
        api,
        forms,
        submitting,
        counts,
        stored,
        attempts,
        figures,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--api", type=int, default=30)
    parser.add_argument("--form", type=int, default=15)
    parser.add_argument("--wait", type=float, default=180)
    parser.add_argument("--output", default="bench/RESULTS.md")
    args = parser.parse_args()
    before, during, api, forms, submitting, counts, stored, attempts, figures = run(
        args
    )
    first = [outcomes[0] for outcomes in api]
    retried = [outcomes[1] for outcomes in api]
    api_times = [t for outcomes in api for _, t, _ in outcomes]
    form_times = [t for _, t, _ in forms]
    submit_times = api_times + form_times
    same_answer = all(
        a[2] == b[2] and b[0] == 201 for a, b in zip(first, retried, strict=True)
    )
    names = [row[0] for row in stored]
    expected = len(api) + len(forms) + 1  # and the warm-up
    duplicates = len(names) - len(set(names))
    read_before = [t for _, t in before]
    read_during = [t for _, t in during]
    read_errors = sum(1 for status, _ in during if status != 200)
    ms = lambda seconds: f"{seconds * 1000:.0f} ms"  # noqa: E731
    on_postgis = os.environ.get("DATABASE_URL", "").startswith("postgis")
    setup = (
        "in production mode on PostGIS"
        if on_postgis
        else "in development mode without DEBUG on SpatiaLite"
    )
    report = (
        f"gunicorn ({servers.WORKERS} workers) {setup}, the "
        f"queue's worker (`run_huey`, 4 processes) beside it, and a mail server on "
        f"loopback that accepts every connection and never answers "
        f"(`EMAIL_TIMEOUT={EMAIL_TIMEOUT}`, retries after {RETRY_DELAYS} s). "
        f"{len(api)} API submissions, each sent twice with the same `Idempotency-Key` "
        f"(half of them naming one address), and {len(forms)} through the site's form, "
        f"one after another (after one warm-up submission) while 2 threads read `{'`, `'.join(READS)}`.\n\n"
        f"- submissions: {len(submit_times)} requests in {submitting:.1f} s; API p50 "
        f"{ms(statistics.median(api_times))}, p95 {ms(percentile(api_times, 0.95))}; "
        f"form p50 {ms(statistics.median(form_times))}, p95 "
        f"{ms(percentile(form_times, 0.95))}; slowest {ms(max(submit_times))}; "
        f"statuses API {sorted({s for o in api for s, _, _ in o})}, form "
        f"{sorted({s for s, _, _ in forms})}\n"
        f"- stored: {len(names)} initiatives for {expected} submissions; stored twice: "
        f"{duplicates}; retries answered with the first id: {same_answer}\n"
        f"- reads: p50 {ms(statistics.median(read_before))} / p95 "
        f"{ms(percentile(read_before, 0.95))} alone, p50 "
        f"{ms(statistics.median(read_during))} / p95 {ms(percentile(read_during, 0.95))} "
        f"during the submissions ({len(read_during)} reads, {read_errors} errors)\n"
        f"- mails: {dict(sorted(counts.items()))} (dropped: over the daily limit of the "
        f"one address; held: notices for the moderators' next digest); failed ones after {attempts[0]}–{attempts[1]} "
        f"attempts; {figures['connections']} connections reached the dead server\n"
    )
    print(report)  # noqa: T201
    if args.output:
        write_section(
            args.output,
            f"Dead mail server ({'PostGIS' if on_postgis else 'SpatiaLite'})",
            report,
            machine=machine(os.environ.get("DATABASE_URL", "")),
        )
    ok = (
        percentile(submit_times, 0.95) < 1.0
        and duplicates == 0
        and len(names) == expected
        and same_answer
        and read_errors == 0
        and not counts.get("queued")
        and counts.get("failed", 0) > 0
        and counts.get("sent", 0) == 0
        and attempts[0] == len(RETRY_DELAYS.split(",")) + 1
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        main()
