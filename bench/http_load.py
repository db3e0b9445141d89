"""Bounded HTTP measurements against servers on this machine (loopback only).

Latency: one keep-alive connection, requests in sequence. Throughput: a few
threads, each with its own connection, for a fixed number of seconds.
"""

import http.client
import statistics
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass
class Figures:
    p50_ms: float
    p95_ms: float
    rps: float
    errors: int
    bytes: int


class Client:
    """A keep-alive HTTP/1.1 client for one loopback host."""

    def __init__(self, base_url: str):
        parts = urlsplit(base_url)
        if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError("Benchmarks send traffic to loopback addresses only.")
        self.host, self.port = parts.hostname, parts.port
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)

    def get(self, path: str, headers=None) -> tuple[int, bytes]:
        try:
            self.connection.request("GET", path, headers=headers or {})
            response = self.connection.getresponse()
            return response.status, response.read()
        except (http.client.HTTPException, OSError):
            self.connection.close()
            self.connection = http.client.HTTPConnection(
                self.host, self.port, timeout=30
            )
            return 0, b""

    def close(self):
        self.connection.close()


def latency(base_url, path, *, requests=100, seconds=10.0, headers=None):
    """Sequential requests: a list of (status, ms), bounded in count and time."""
    client = Client(base_url)
    client.get(path, headers)  # warm up: connection, caches, code paths
    samples, deadline = [], time.monotonic() + seconds
    size = 0
    while len(samples) < requests and time.monotonic() < deadline:
        start = time.perf_counter()
        status, body = client.get(path, headers)
        samples.append((status, (time.perf_counter() - start) * 1000))
        size = len(body)
    client.close()
    return samples, size


def throughput(base_url, path, *, threads=4, seconds=5.0, headers=None):
    """Requests per second with `threads` concurrent clients; also errors."""
    counts, errors = [0] * threads, [0] * threads
    deadline = time.monotonic() + seconds

    def work(slot):
        client = Client(base_url)
        while time.monotonic() < deadline:
            status, _ = client.get(path, headers)
            if status == 200:
                counts[slot] += 1
            else:
                errors[slot] += 1
        client.close()

    workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    started = time.monotonic()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(counts) / (time.monotonic() - started), sum(errors)


def measure(base_url, path, *, requests=100, seconds=10.0, threads=4, headers=None):
    samples, size = latency(
        base_url, path, requests=requests, seconds=seconds, headers=headers
    )
    rps, errors = throughput(
        base_url, path, threads=threads, seconds=seconds / 2, headers=headers
    )
    times = sorted(ms for _, ms in samples)
    errors += sum(1 for status, _ in samples if status != 200)
    return Figures(
        p50_ms=statistics.median(times),
        p95_ms=times[min(len(times) - 1, int(len(times) * 0.95))],
        rps=rps,
        errors=errors,
        bytes=size,
    )


def timed(function, *, repeat=50, seconds=10.0) -> float:
    """Median milliseconds of calling function(), bounded in count and time."""
    function()
    times, deadline = [], time.monotonic() + seconds
    while len(times) < repeat and time.monotonic() < deadline:
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)
