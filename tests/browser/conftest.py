"""Headless Chromium driven by Selenium: one for the whole run, and one
without JavaScript for the pages that must work without it.

Debian's chromium and chromium-driver (installed by `make test`); never a
browser download. Screenshots go to artifacts/screenshots/.

Nothing leaves the machine: the maps draw a local stand-in tile, and the
browser resolves no host but the test server's.
"""

import json
import time
from pathlib import Path
from urllib.parse import urlsplit

import leaflet
import pytest
from django.conf import settings
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

SETTLE_SECONDS = 0.5  # for a request the last page had under way (see browser)
SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"
# A plain 1x1 tile in the land colour, stretched by Leaflet: the stand-in
# for the tile server, served without a request.
LOCAL_TILE = (
    "data:image/png;base64,"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGN48eYJAAV4ArlTVdppAAAAAElFTkSuQmCC"
)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def make_chromium(*, javascript=True, size=(1280, 900)) -> webdriver.Chrome:
    """A headless Debian Chromium that reaches no host but the test server."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size={},{}".format(*size),
        # Any host but the test server fails to resolve: no test reaches
        # the internet, and a page that tries shows a console error.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
    ):
        options.add_argument(flag)
    options.set_capability(
        "goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"}
    )
    if not javascript:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2}
        )
    driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
    driver.set_page_load_timeout(30)
    return driver


@pytest.fixture(scope="session")
def chromium(live_server):
    # Depends on live_server so that the browser quits first: its open
    # keep-alive connections would otherwise outlive the server's shared
    # SQLite connection.
    driver = make_chromium()
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def no_js_browser(live_server):
    """A phone-sized Chromium with JavaScript switched off."""
    driver = make_chromium(javascript=False, size=(390, 844))
    yield driver
    driver.quit()


@pytest.fixture(autouse=True)
def local_tiles(settings, monkeypatch):
    """Maps, the site's and the admin's, draw the local stand-in tile."""
    settings.MAP_TILES = {**settings.MAP_TILES, "url": LOCAL_TILE}
    tiles = [
        (name, LOCAL_TILE, options)
        for name, _, options in settings.LEAFLET_CONFIG["TILES"]
    ]
    monkeypatch.setitem(leaflet.app_settings, "TILES", tiles)


@pytest.fixture
def browser(chromium, live_server, geography):
    """The shared Chromium, with the logs of earlier tests drained."""
    chromium.get_log("browser")
    chromium.get_log("performance")
    chromium.set_window_size(1280, 900)
    yield chromium
    # Leave the page before the database is emptied: a request it still
    # makes (a map fetches its data whenever it moves) runs on the live
    # server's thread, which shares SQLite's in-memory connection with the
    # next test's setup, and their savepoints would mix.
    chromium.get("about:blank")
    time.sleep(SETTLE_SECONDS)


def wait_for(driver, condition, timeout=15):
    """Wait for a condition; an element that went stale because the page
    navigated meanwhile means "not yet", not a failure."""
    wait = WebDriverWait(
        driver, timeout, ignored_exceptions=(StaleElementReferenceException,)
    )
    return wait.until(condition)


def requested_hosts(driver) -> set[str]:
    """Hosts of every request the page made since the log was last read."""
    hosts = set()
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if url.startswith("http"):
                hosts.add(urlsplit(url).hostname)
    return hosts


def foreign_hosts(driver, live_server) -> set[str]:
    """Hosts other than the test server."""
    own = urlsplit(live_server.url).hostname
    return requested_hosts(driver) - {own}


def severe_console_errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def screenshot(driver, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path
