"""Slow clients (slowloris) against the production setup, nginx in front of
gunicorn, and for contrast against bare gunicorn.

    make slow-clients                 # 200 slow connections for 60 s, each setup
    .venv/bin/python -m bench.slow_clients --slow 40 --seconds 10 --output ""

Half the slow connections trickle their request headers one byte a second,
half send whole headers of a submission and then trickle its body; a
connection the server closes is opened again, so the count stays the same
all along. Meanwhile a few clients send normal requests and count how many
are answered (200) within one second. Loopback only; bounded in count and
time. Exits non-zero when nginx + gunicorn answers fewer than 99%.

PostGIS: DATABASE_URL when it names one, else the shared 1k bench database.
"""

import argparse
import contextlib
import http.client
import os
import selectors
import socket
import statistics
import sys
import threading
import time
from collections import Counter

import psycopg

from bench import datasets, servers
from bench.results import machine, write_section

NORMAL = [
    "/",
    "/initiatieven/",
    "/api/v1/initiatives?format=json&region=noorden",
    "/api/v1/places?q=kamp",
]
BODY_LENGTH = 50_000  # a submission-sized body, under the 1 MiB limit
TARGET = 0.99
ANSWER_WITHIN = 1.0


class SlowHerd:
    """`count` connections that each send one byte a second, never finishing
    their request; reopened when the server closes them."""

    def __init__(self, port: int, count: int):
        self.port, self.count = port, count
        self.selector = selectors.DefaultSelector()
        self.pending = {}  # socket -> bytes still to trickle
        self.opened = self.closed_by_server = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def request(self, n: int) -> bytes:
        if n % 2:  # slow headers: the request line, then a header a byte at a time
            return (
                b"GET /initiatieven/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + b"X-Slow: "
                + b"a" * 10_000
            )
        head = (
            "POST /api/v1/submissions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Content-Type: application/json\r\n"
            f"Content-Length: {BODY_LENGTH}\r\n\r\n"
        )
        return head.encode() + b'{"name": "' + b"a" * BODY_LENGTH

    def open(self):
        sock = socket.socket()
        sock.setblocking(False)
        with contextlib.suppress(BlockingIOError):
            sock.connect(("127.0.0.1", self.port))
        request = self.request(self.opened)
        self.opened += 1
        # Slow bodies send their headers at once, slow headers their first line.
        first = request.index(b"\r\n\r\n") + 4 if request.startswith(b"POST") else 40
        self.pending[sock] = (request, first)  # (still to send, bytes next tick)
        self.selector.register(sock, selectors.EVENT_READ)

    def drop(self, sock, by_server: bool):
        self.selector.unregister(sock)
        sock.close()
        del self.pending[sock]
        self.closed_by_server += by_server

    def tick(self):
        """Send each connection its opening part once, then one byte a tick."""
        for sock, (rest, size) in list(self.pending.items()):
            try:
                sent = sock.send(rest[:size])
            except BlockingIOError:
                continue  # not connected yet, or the server reads nothing
            except OSError:
                self.drop(sock, by_server=True)
                continue
            self.pending[sock] = (rest[sent:], 1)

    def run(self):
        last_tick = 0.0
        while not self.stop.is_set():
            while len(self.pending) < self.count:
                self.open()
            for key, _ in self.selector.select(timeout=0.1):
                # Any answer (a 408, a 400) or a close ends this connection.
                with contextlib.suppress(OSError):
                    key.fileobj.recv(65536)
                self.drop(key.fileobj, by_server=True)
            if time.monotonic() - last_tick >= 1.0:
                last_tick = time.monotonic()
                self.tick()
        for sock in list(self.pending):
            self.drop(sock, by_server=False)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(timeout=10)


def normal_requests(base: str, seconds: float, clients: int = 4, paths=NORMAL):
    """Requests by `clients` threads, each a new connection, one every 0.2 s
    per thread: [(seconds taken, status)], status 0 for no answer within
    ANSWER_WITHIN seconds."""
    port = int(base.rsplit(":", 1)[1])
    deadline = time.monotonic() + seconds
    outcomes, lock = [], threading.Lock()

    def client(slot):
        n = slot
        while time.monotonic() < deadline:
            n += 1
            connection = http.client.HTTPConnection(
                "127.0.0.1", port, timeout=ANSWER_WITHIN
            )
            started = time.monotonic()
            try:
                connection.request("GET", paths[n % len(paths)])
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                status = 0
            finally:
                connection.close()
            taken = time.monotonic() - started
            with lock:
                outcomes.append((taken, status))
            time.sleep(max(0.0, 0.2 - taken))

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 30)
    return outcomes


def answered(outcomes) -> float:
    good = [o for o in outcomes if o[1] == 200 and o[0] <= ANSWER_WITHIN]
    return len(good) / len(outcomes) if outcomes else 0.0


def measure(base, port, slow, seconds, paths=NORMAL, warm_up=5.0) -> dict:
    """Normal requests while `slow` slow connections hold on to `port`."""
    normal_requests(base, warm_up, paths=paths)  # the first requests load code
    with SlowHerd(port, slow) as herd:
        time.sleep(min(5.0, seconds / 4))  # let the herd settle in first
        outcomes = normal_requests(base, seconds, paths=paths)
    times = sorted(o[0] for o in outcomes if o[1] == 200) or [0.0]
    return {
        "requests": len(outcomes),
        "answered": answered(outcomes),
        "p50_ms": statistics.median(times) * 1000,
        "max_ms": times[-1] * 1000,
        "slow_opened": herd.opened,
        "slow_cut": herd.closed_by_server,
        "statuses": dict(Counter(o[1] for o in outcomes)),
    }


def line(name: str, figures: dict) -> str:
    return (
        f"| {name} | {figures['requests']} | {figures['answered']:.1%} | "
        f"{figures['p50_ms']:.0f} | {figures['max_ms']:.0f} | "
        f"{figures['slow_opened']} | {figures['slow_cut']} | {figures['statuses']} |"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--slow", type=int, default=200, help="slow connections")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--no-bare", action="store_true", help="skip bare gunicorn")
    parser.add_argument("--output", default="bench/RESULTS.md")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgis://"):
        url = datasets.ensure("1k")
    with psycopg.connect(url.replace("postgis://", "postgresql://")) as conn:
        size = conn.execute("SELECT count(*) FROM initiatives_initiative").fetchone()[0]
    rows = []
    gunicorn_port = servers.free_port()
    with servers.omzien(url, port=gunicorn_port) as base:
        with servers.nginx(gunicorn_port) as front:
            nginx_figures = measure(
                front, int(front.rsplit(":", 1)[1]), args.slow, args.seconds
            )
            rows.append(line("nginx + gunicorn (deploy/)", nginx_figures))
            print(rows[-1], flush=True)  # noqa: T201
        if not args.no_bare:
            bare = measure(base, gunicorn_port, args.slow, args.seconds)
            rows.append(line("bare gunicorn", bare))
            print(rows[-1], flush=True)  # noqa: T201
    report = (
        f"{args.slow} slow connections for {args.seconds:.0f} s (half trickle their "
        "headers, half a submission body, one byte a second; reopened when the server "
        "closes them) while 4 clients send normal requests (site pages and API, "
        "a new connection each, one every 0.2 s per client). Answered: status 200 "
        f"within {ANSWER_WITHIN:.0f} s. gunicorn: deploy/gunicorn.conf.py "
        f"({servers.WORKERS} workers x 4 threads), production mode, PostGIS with {size:,} initiatives; nginx: "
        "deploy/nginx/omzien.conf. `make slow-clients`.\n\n"
        "| setup | normal requests | answered within 1 s | p50 ms | max ms "
        "| slow connections opened | closed by the server | statuses (0: none in 1 s) |\n"
        "| --- | --- | --- | --- | --- | --- | --- | --- |\n"
        + "\n".join(rows)
        + "\n\nReading: nginx closes a connection whose headers are not in after 10 s "
        "(`client_header_timeout`; the script opens another at once) and holds the "
        "trickling bodies itself, so gunicorn only ever sees whole requests. Bare "
        "gunicorn gives each slow request one of its 8 threads until it is complete; "
        "with all of them taken, normal requests wait unanswered.\n"
    )
    print(report)  # noqa: T201
    if args.output:
        write_section(args.output, "Slow clients", report, machine=machine(url))
    sys.exit(0 if nginx_figures["answered"] >= TARGET else 1)


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        main()
