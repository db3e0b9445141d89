"""Benchmark of the map pages and their viewport data, old beside new.

For the database of DATABASE_URL (seeded first with `counts` demo
initiatives, or as it is with --existing), it measures `/kaart/` and one
region page, served by this code and, with --old DIR, by the code in DIR (a
git worktree of the commit before the viewport API, which bakes every marker
into the page), in the same run:

- server time over HTTP, cold (cache emptied) and warm, median of several;
- in headless Chromium: what the first load transfers from our server
  (tiles excluded; runserver sends it uncompressed) and the time from
  navigation start until the markers or clusters are on the map (the
  `omzien-markers` performance mark both versions set);
- for this code, the viewport data of random pans and zooms over the
  Netherlands (/api/v1/map/initiatives), in-process: p50/p95 cold (each
  viewport new) and cached (each again).

Run with `make bench-maps` (BENCH_COUNTS, BENCH_ARGS); the figures replace
the "Maps (<database>, <label>)" section of bench/RESULTS.md. The servers
and this process share the cache of BENCH_CACHE_URL (a Redis database), so
that "cold" can empty it.
"""

import argparse
import os
import random
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
REGION = "noorden"
COLD_RUNS, WARM_RUNS, BROWSER_RUNS, VIEWPORTS = 3, 7, 3, 60
BROWSER_TIMEOUT = 90  # seconds; the old pages take minutes at a million
PORTS = {"new": int(os.environ.get("BENCH_PORT", "8112"))}
PORTS["old"] = PORTS["new"] + 1
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/11")
SERVER_ENV = {
    "DEBUG": "false",
    "CACHE_URL": CACHE_URL,
    "API_ANON_RATE": "1000000/minute",  # one client asks many times here
}

sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "omzien.settings")
os.environ.update(SERVER_ENV)  # no query log: time the code as in production

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import TimeoutException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from api.models import Grid  # noqa: E402
from areas.models import Region  # noqa: E402
from bench.results import machine, write_section  # noqa: E402
from initiatives.models import Initiative  # noqa: E402

PAGES = {"/kaart/": None, f"/kaart/{REGION}/": REGION}  # path: region
VIEWPORT_URL = "/api/v1/map/initiatives"
COUNTRY_URL = f"{VIEWPORT_URL}?zoom=7&bbox=3.2,50.7,7.3,53.6"
SCREEN = (1280, 900)  # pixels of the map a viewport covers


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("counts", nargs="*", type=int, default=[])
    parser.add_argument("--seed", type=int, default=9001)
    parser.add_argument("--existing", action="store_true", help="do not seed")
    parser.add_argument("--label", default="", help="a name for the section")
    parser.add_argument("--old", type=Path, help="a worktree of the old code")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    rows, viewports = [], []
    for count in [None] if args.existing else args.counts:
        if count is not None:
            seed(count, args.seed)
        rows += measure_pages(args.old)
        viewports.append(measure_viewports())
        print(format_viewports(viewports[-1]), flush=True)  # noqa: T201
    if not args.existing:
        call_command("demo_data", remove=True, verbosity=0)
    write_results(rows, viewports, args.label)


def seed(count, seed_value):
    call_command("demo_data", remove=True, verbosity=0)
    call_command("demo_data", count=count, seed=seed_value, verbosity=0)


def measure_pages(old_root) -> list[dict]:
    rows = []
    versions = {"new": ROOT, **({"old": old_root} if old_root else {})}
    for version, root in versions.items():
        server = start_server(root, PORTS[version])
        driver = chromium()
        try:
            for path, region in PAGES.items():
                rows.append(measure(driver, version, path, region))
                print(format_row(rows[-1]), flush=True)  # noqa: T201
        finally:
            driver.quit()
            server.terminate()
            server.wait()
    return rows


def measure(driver, version, path, region) -> dict:
    url = f"http://127.0.0.1:{PORTS[version]}{path}"
    cold = []
    for _ in range(COLD_RUNS):
        cache.clear()
        cold.append(timed_get(url)[0])
    warm, bodies = zip(*(timed_get(url) for _ in range(WARM_RUNS)), strict=True)
    shown = Initiative.objects.published()
    if region:
        shown = shown.in_region(Region.objects.get(slug=region))
    browser = [load_in_browser(driver, url) for _ in range(BROWSER_RUNS)]
    loaded = [b for b in browser if b is not None]
    return {
        "version": version,
        "count": shown.count(),
        "page": path,
        "cold_ms": statistics.median(cold),
        "warm_ms": statistics.median(warm),
        "html_kb": len(bodies[-1]) / 1000,
        "total_kb": _median(b["total_bytes"] / 1000 for b in loaded),
        "markers_ms": _median(b["markers_ms"] for b in loaded),
    }


def _median(values):
    values = list(values)
    return statistics.median(values) if values else None


def timed_get(url):
    start = time.perf_counter()
    with urlopen(url, timeout=600) as response:  # noqa: S310 (our own server)
        body = response.read()
    return (time.perf_counter() - start) * 1000, body


def load_in_browser(driver, url) -> dict | None:
    """The first load's figures, or None when the markers took longer than
    BROWSER_TIMEOUT."""
    driver.get("about:blank")
    driver.execute_script("window.performance.clearResourceTimings()")
    try:
        driver.get(url)
        WebDriverWait(driver, BROWSER_TIMEOUT).until(
            lambda d: d.execute_script(
                "return performance.getEntriesByName('omzien-markers').length"
            )
        )
    except TimeoutException:
        return None
    result = driver.execute_script(
        """
        const own = (e) => e.name.startsWith(location.origin);
        const entries = [performance.getEntriesByType('navigation')[0],
            ...performance.getEntriesByType('resource').filter(own)];
        const icons = '.leaflet-marker-pane .leaflet-marker-icon';
        return {
            markers_ms: performance.getEntriesByName('omzien-markers')[0].startTime,
            icons: document.querySelectorAll(icons).length,
            total_bytes: entries.reduce((sum, e) => sum + e.decodedBodySize, 0),
        };
        """
    )
    assert result["icons"] > 0, "no marker or cluster on screen"  # noqa: S101
    return result


def viewport_urls(rng, count) -> list[str]:
    """Random screens over the Netherlands at zooms 7 to 14."""
    urls = []
    for _ in range(count):
        zoom = rng.randint(7, 14)
        width = SCREEN[0] / 256 * 360 / 2**zoom
        height = width * SCREEN[1] / SCREEN[0] * 0.62  # cos(52°)
        lon, lat = rng.uniform(4.0, 6.8), rng.uniform(51.3, 53.2)
        box = (lon - width / 2, lat - height / 2, lon + width / 2, lat + height / 2)
        bbox = ",".join(f"{n:.5f}" for n in box)
        urls.append(f"{VIEWPORT_URL}?bbox={bbox}&zoom={zoom}")
    return urls


def measure_viewports() -> dict:
    """p50 and p95 of the viewport data in-process: every URL new (cold:
    from the pre-counted cells or grouped by the database), then every URL
    again (cached); and before them the first answer after a data change,
    which counts the country's grid at every level again (recount)."""
    client = Client(HTTP_HOST="127.0.0.1")
    urls = viewport_urls(random.Random(13), VIEWPORTS)  # noqa: S311 (repeatable)
    cache.clear()
    client.get(urls[0])  # connections and imports warm, the data cold
    Grid.objects.all().delete()  # as a new data version would
    recount = _timed_client(client, COUNTRY_URL)
    cold = [_timed_client(client, url) for url in urls[1:]]
    cached = [_timed_client(client, url) for url in urls[1:]]
    return {
        "count": Initiative.objects.published().count(),
        "recount": recount,
        "cold": _percentiles(cold),
        "cached": _percentiles(cached),
    }


def _timed_client(client, url) -> float:
    start = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, response.content[:200]  # noqa: S101
    return elapsed


def _percentiles(values) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[round(0.95 * (len(ordered) - 1))]


def start_server(root: Path, port: int):
    """runserver of the code in root, without DEBUG, serving the static files
    like whitenoise would."""
    env = {**os.environ, **SERVER_ENV}
    command = [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}"]
    server = subprocess.Popen(  # noqa: S603 (fixed arguments)
        [*command, "--noreload", "--insecure"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(240):
        if server.poll() is not None:
            break
        try:
            urlopen(f"http://127.0.0.1:{port}/static/maps/maps.css", timeout=60)  # noqa: S310
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError(f"runserver in {root} did not start")


def chromium():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        f"--window-size={SCREEN[0]},{SCREEN[1]}",
        # Tiles excluded: no host but ours resolves.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
    driver.set_page_load_timeout(600)
    return driver


HEADER = (
    "| code | page | initiatives on it | server cold (ms) | server warm (ms) "
    "| HTML (kB) | first load (kB) | markers on screen (ms) |\n"
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
)


def _figure(value, unit="") -> str:
    return f"> {BROWSER_TIMEOUT} s" if value is None else f"{value:,.0f}{unit}"


def format_row(row) -> str:
    return (
        f"| {row['version']} | `{row['page']}` | {row['count']:,} "
        f"| {row['cold_ms']:,.0f} | {row['warm_ms']:,.0f} | {row['html_kb']:,.0f} "
        f"| {_figure(row['total_kb'])} | {_figure(row['markers_ms'])} |"
    )


def format_viewports(figures) -> str:
    cold, cached = figures["cold"], figures["cached"]
    return (
        f"Viewport data (`{VIEWPORT_URL}`, {VIEWPORTS - 1} random screens of "
        f"{SCREEN[0]}×{SCREEN[1]} px at zoom 7–14, {figures['count']:,} "
        f"initiatives): cold p50 {cold[0]:.1f} ms, p95 {cold[1]:.1f} ms; "
        f"cached p50 {cached[0]:.1f} ms, p95 {cached[1]:.1f} ms. The first "
        f"answer after a data change (the country's grid counted again at "
        f"every zoom, `{COUNTRY_URL}`): {figures['recount']:,.0f} ms."
    )


def write_results(rows, viewports, label):
    engine = settings.DATABASES["default"]["ENGINE"]
    backend = "PostGIS" if "postgis" in engine else "SpatiaLite"
    body = "\n".join(
        [
            f"`bench/maps_bench.py`, {backend}, headless Chromium. `new` is "
            "this code (initiatives by viewport), `old` the code of f753180 "
            "(every marker in the page) from a git worktree, in the same run. "
            f"Server times are medians of {COLD_RUNS} cold (cache emptied) and "
            f"{WARM_RUNS} warm requests over HTTP to `runserver` with DEBUG "
            f"off; the browser figures are medians of {BROWSER_RUNS} loads "
            "(sizes uncompressed: runserver does not compress; tiles excluded). "
            "Load average (1, 5, 15 min) at the end of the run: "
            + ", ".join(f"{n:.1f}" for n in os.getloadavg())
            + " (other benchmarks and test suites shared the machine).",
            "",
            HEADER,
            *(format_row(row) for row in rows),
            "",
            *(format_viewports(figures) for figures in viewports),
        ]
    )
    title = f"Maps ({backend}{', ' + label if label else ''})"
    database_url = os.environ.get("DATABASE_URL", "")
    write_section(RESULTS, title, body, machine=machine(database_url))


if __name__ == "__main__":
    main()
