"""Benchmark of the map pages: server time, page weight, markers on screen.

For each count it replaces the demo data (`demo_data --remove`, then
`--count N --seed S`; real initiatives stay), then measures `/kaart/` and
one region page:

- server time in-process through Django's test client, cold (cache
  cleared) and warm (rendered map cached), median of several runs;
- page weight: the HTML, and everything the browser loaded (tiles aside);
- in headless Chromium, the time from navigation start until the markers
  are on the map (the `omzien-markers` performance mark set by maps.js).

Run with `make bench-maps` (BENCH_COUNTS="1000 10000" to choose counts);
the figures replace the "Maps (<database>)" section of bench/RESULTS.md. It uses the
database of DATABASE_URL and removes the demo data it made at the end.
"""

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
REGION = "noorden"
COLD_RUNS, WARM_RUNS, BROWSER_RUNS = 3, 7, 3

sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "omzien.settings")
os.environ["DEBUG"] = "false"  # no query log: time the code as in production

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from areas.models import Region  # noqa: E402
from bench.results import machine, write_section  # noqa: E402
from initiatives.models import Initiative  # noqa: E402

PAGES = {"/kaart/": None, f"/kaart/{REGION}/": REGION}  # path: region


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("counts", nargs="*", type=int, default=[1000, 10000, 100000])
    parser.add_argument("--seed", type=int, default=9001)
    args = parser.parse_args()
    rows = []
    # A stopped run still stops its server and removes its demo data.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    server = start_server()
    driver = None
    try:
        driver = chromium()
        for count in args.counts:
            seed(count, args.seed)
            for path, region in PAGES.items():
                rows.append(measure(driver, count, path, region))
                print(format_row(rows[-1]), flush=True)  # noqa: T201
    finally:
        if driver:
            driver.quit()
        server.terminate()
        server.wait()
        call_command("demo_data", remove=True, verbosity=0)
    write_results(rows)


def seed(count, seed_value):
    call_command("demo_data", remove=True, verbosity=0)
    call_command("demo_data", count=count, seed=seed_value, verbosity=0)


def measure(driver, count, path, region) -> dict:
    client = Client(HTTP_HOST="127.0.0.1")
    cold = []
    for _ in range(COLD_RUNS):
        cache.clear()
        cold.append(timed_get(client, path)[0])
    warm, responses = zip(
        *(timed_get(client, path) for _ in range(WARM_RUNS)), strict=True
    )
    shown = Initiative.objects.published()
    if region:
        shown = shown.in_region(Region.objects.get(slug=region))
    browser = [load_in_browser(driver, path) for _ in range(BROWSER_RUNS)]
    return {
        "count": count,
        "page": path,
        "markers": shown.count(),
        "cold_ms": statistics.median(cold),
        "warm_ms": statistics.median(warm),
        "html_kb": len(responses[-1].content) / 1000,
        "total_kb": statistics.median(b["total_bytes"] for b in browser) / 1000,
        "markers_ms": statistics.median(b["markers_ms"] for b in browser),
    }


def timed_get(client, path):
    start = time.perf_counter()
    response = client.get(path)
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, response.status_code  # noqa: S101
    return elapsed, response


def load_in_browser(driver, path) -> dict:
    driver.get("about:blank")
    driver.execute_script("window.performance.clearResourceTimings()")
    driver.get(f"http://127.0.0.1:{PORT}{path}")
    result = _wait_for_markers(driver)
    assert result["icons"] > 0, "no marker or cluster on screen"  # noqa: S101
    return result


def _wait_for_markers(driver) -> dict:
    WebDriverWait(driver, 120).until(
        lambda d: d.execute_script(
            "return performance.getEntriesByName('omzien-markers').length"
        )
    )
    return driver.execute_script(
        """
        const own = (e) => e.name.startsWith(location.origin);
        const entries = [performance.getEntriesByType('navigation')[0],
            ...performance.getEntriesByType('resource').filter(own)];
        const icons = '.leaflet-marker-pane .marker-cluster, .omzien-marker';
        return {
            markers_ms: performance.getEntriesByName('omzien-markers')[0].startTime,
            icons: document.querySelectorAll(icons).length,
            total_bytes: entries.reduce((sum, e) => sum + e.decodedBodySize, 0),
        };
        """
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PORT = free_port()  # other servers may run on this machine


def start_server():
    """runserver without DEBUG, serving the static files like whitenoise would."""
    env = {**os.environ, "DEBUG": "false"}
    command = [sys.executable, "manage.py", "runserver", f"127.0.0.1:{PORT}"]
    server = subprocess.Popen(  # noqa: S603 (fixed arguments)
        [*command, "--noreload", "--insecure"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(60):
        if server.poll() is not None:
            break
        try:
            urlopen(f"http://127.0.0.1:{PORT}/kaart/", timeout=60)  # noqa: S310
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError("runserver did not start")


def chromium():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--window-size=1280,900",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
    driver.set_page_load_timeout(120)
    return driver


HEADER = (
    "| initiatives | page | markers on it | server cold (ms) | server warm (ms) "
    "| HTML (kB) | page total (kB) | markers on screen (ms) |\n"
    "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
)


def format_row(row) -> str:
    return (
        f"| {row['count']:,} | `{row['page']}` | {row['markers']:,} "
        f"| {row['cold_ms']:.0f} | {row['warm_ms']:.0f} | {row['html_kb']:.0f} "
        f"| {row['total_kb']:.0f} | {row['markers_ms']:.0f} |"
    )


def write_results(rows):
    engine = settings.DATABASES["default"]["ENGINE"]
    backend = "PostGIS" if "postgis" in engine else "SpatiaLite"
    body = "\n".join(
        [
            f"`make bench-maps`, {backend}, headless Chromium. Server times are "
            f"medians of {COLD_RUNS} cold (cache cleared) and {WARM_RUNS} warm "
            "requests through Django's test client with DEBUG off; the browser "
            f"figures are medians of {BROWSER_RUNS} loads from `runserver` (no "
            "gzip, so sizes are uncompressed; tiles excluded, they cannot load "
            "here).",
            "",
            HEADER,
            *(format_row(row) for row in rows),
        ]
    )
    database_url = os.environ.get("DATABASE_URL", "")
    write_section(RESULTS, f"Maps ({backend})", body, machine=machine(database_url))


if __name__ == "__main__":
    main()
