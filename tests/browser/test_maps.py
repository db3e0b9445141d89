"""The maps in a real headless Chromium: initiatives by viewport from the
API, clusters that zoom in, markers that open by keyboard, the list that
follows the map."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from api import viewport
from tests.browser.axe import grave_violations
from tests.browser.conftest import (
    foreign_hosts,
    screenshot,
    severe_console_errors,
    wait_for,
)
from tests.factories import make_initiative

MARKERS = ".omzien-marker"
CLUSTERS = ".omzien-cluster"


def open_map(browser, url):
    browser.get(url)
    wait_for(browser, lambda d: d.execute_script("return !!window.L"))
    wait_for(
        browser,
        lambda d: d.find_elements(By.CSS_SELECTOR, ".folium-map[data-markers-ready]"),
    )


def zoom_level(browser) -> int:
    return int(
        browser.find_element(By.CSS_SELECTOR, ".folium-map").get_attribute("data-zoom")
    )


def expand_clusters(browser, rounds=25):
    """Click clusters (each click zooms in and loads the viewport again)
    until only markers are left."""
    for _ in range(rounds):
        clusters = browser.find_elements(By.CSS_SELECTOR, CLUSTERS)
        if not clusters:
            return
        before = zoom_level(browser)
        clusters[0].click()
        wait_for(browser, lambda d, before=before: zoom_level(d) > before)
    raise AssertionError("The clusters did not open.")


def popup_name(browser, marker) -> str:
    marker.click()
    text = wait_for(
        browser,
        lambda d: "".join(
            e.text for e in d.find_elements(By.CSS_SELECTOR, ".omzien-popup-name")
        ),
    )
    browser.execute_script(
        "document.querySelector('.leaflet-popup-close-button').click()"
    )
    wait_for(browser, lambda d: not d.find_elements(By.CSS_SELECTOR, ".leaflet-popup"))
    return text


def names_on_map(browser) -> list[str]:
    expand_clusters(browser)
    markers = browser.find_elements(By.CSS_SELECTOR, MARKERS)
    return sorted(popup_name(browser, marker) for marker in markers)


def test_region_map_shows_the_initiatives_of_the_north(browser, live_server, seeded):
    """De Holm and Het 8ste Werk are on the map of the north, with popups; the
    page loads nothing from any host but ours."""
    open_map(browser, live_server.url + reverse("maps:region", args=["noorden"]))
    assert names_on_map(browser) == ["De Holm", "Het 8ste Werk"]
    screenshot(browser, "map-noorden")
    assert foreign_hosts(browser, live_server) == set()
    assert severe_console_errors(browser) == []


def test_country_map_shows_every_region(browser, live_server, seeded):
    open_map(browser, live_server.url + reverse("maps:country"))
    assert names_on_map(browser) == [
        "De Holm",
        "Het 8ste Werk",
        "Zorgcoöperatie Austerlitz",
    ]
    assert browser.find_element(By.CSS_SELECTOR, ".omzien-count").text.startswith("3 ")
    assert foreign_hosts(browser, live_server) == set()
    assert severe_console_errors(browser) == []


def test_an_empty_region_invites_a_submission(browser, live_server, geography):
    make_initiative(name="Alleen In Kampen")  # in the north; the south is empty
    open_map(browser, live_server.url + reverse("maps:region", args=["zuiden"]))
    invite = wait_for(
        browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".map-list-note a")
    )[0]
    assert invite.text == "Meld het aan"
    assert invite.get_attribute("href").endswith(reverse("initiatives:submit"))
    title = browser.find_element(By.ID, "map-list-title").text
    assert title.startswith("0 ")


def test_initiatives_at_one_address_stay_clickable(browser, live_server, geography):
    """A community house with four initiatives shows four markers in a ring."""
    names = [f"Huis {letter}" for letter in "ABCD"]
    for name in names:
        make_initiative(name=name, lon=5.9, lat=52.55)
    open_map(browser, live_server.url + reverse("maps:region", args=["noorden"]))
    assert names_on_map(browser) == names


def test_names_with_markup_show_as_text(browser, live_server, geography):
    """An initiative named like a script shows its name and runs nothing."""
    names = ["<img src=x onerror=alert(1)>", "<script>alert(1)</script>"]
    for name in names:
        make_initiative(name=name, lon=5.9, lat=52.55)
    open_map(browser, live_server.url + reverse("maps:region", args=["noorden"]))
    assert names_on_map(browser) == sorted(names)
    list_text = browser.find_element(By.CSS_SELECTOR, ".map-list").text
    assert all(name in list_text for name in names)
    assert browser.find_elements(By.CSS_SELECTOR, "img[src=x]") == []
    try:
        alert = browser.switch_to.alert.text
    except NoAlertPresentException:
        alert = None
    assert alert is None
    assert severe_console_errors(browser) == []


def test_one_theme_filter_on_the_map_counts_lists_and_keeps_the_url(
    browser, live_server, geography
):
    """Ticking a theme filters the markers, the count and the list alike, and
    the address keeps it; a marker shows each of its themes."""
    make_initiative(name="Wonen", lon=5.9, lat=52.55, tags=["wonen"])
    make_initiative(name="Zorg en wonen", lon=6.5, lat=53.2, tags=["zorg", "wonen"])
    open_map(browser, live_server.url + reverse("maps:region", args=["noorden"]))
    counter = browser.find_element(By.CSS_SELECTOR, ".omzien-count")
    assert counter.text.startswith("2 ")
    browser.find_element(By.CSS_SELECTOR, ".omzien-legend summary").click()
    browser.find_element(By.CSS_SELECTOR, ".omzien-legend input[value=zorg]").click()
    wait_for(browser, lambda d: counter.text.startswith("1 "))
    assert "tag=zorg" in browser.current_url
    title = browser.find_element(By.ID, "map-list-title").text
    assert title.startswith("1 ")
    items = browser.find_elements(By.CSS_SELECTOR, ".map-list-items li a")
    assert [item.text for item in items] == ["Zorg en wonen"]
    dot = browser.find_element(By.CSS_SELECTOR, ".omzien-dot")
    assert dot.value_of_css_property("background-image").count("rgb(") >= 4
    browser.refresh()  # the address keeps the filter
    open_map(browser, browser.current_url)
    counter = browser.find_element(By.CSS_SELECTOR, ".omzien-count")
    assert counter.text.startswith("1 ")


def test_phone_journey_search_zoom_list_keyboard_download(
    browser, live_server, geography, monkeypatch
):
    """On a phone: the map fills the screen, a place search zooms to the
    place, the list follows (nearest first), a marker opens by keyboard and
    the download carries the same search."""
    monkeypatch.setattr(viewport, "POINTS_AT_MOST", 8)  # 9 in all: clusters
    for number in range(8):
        make_initiative(name=f"Kampen {number}", lon=5.911 + number / 500, lat=52.555)
    make_initiative(name="Groningen", lon=6.567, lat=53.219)
    browser.set_window_size(390, 844)
    phone = {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", phone)
    try:
        open_map(browser, live_server.url + reverse("maps:country"))
        assert browser.find_elements(By.CSS_SELECTOR, CLUSTERS)
        frame = browser.execute_script(
            "var b = document.querySelector('.folium-map').getBoundingClientRect();"
            "return [b.top, b.bottom, innerHeight];"
        )
        top, bottom, height = frame
        assert (min(bottom, height) - top) / height >= 0.6
        zoom = browser.find_element(By.CSS_SELECTOR, ".leaflet-control-zoom-in")
        assert zoom.size["width"] >= 44 and zoom.size["height"] >= 44
        assert not browser.find_element(
            By.CSS_SELECTOR, ".omzien-legend"
        ).get_attribute("open")
        screenshot(browser, "map-phone")
        cluster = browser.find_element(By.CSS_SELECTOR, CLUSTERS)
        assert cluster.get_attribute("aria-label").endswith(", zoom in")
        browser.execute_script("arguments[0].focus()", cluster)
        cluster.send_keys(Keys.ENTER)  # a cluster zooms in by keyboard
        wait_for(browser, lambda d: zoom_level(d) > 7)

        browser.find_element(By.CSS_SELECTOR, ".map-panel summary").click()
        field = browser.find_element(By.ID, "id_place")
        field.send_keys("Kampen")
        browser.find_element(By.ID, "id_radius_km").clear()
        browser.find_element(By.ID, "id_radius_km").send_keys("10")
        field.send_keys(Keys.ENTER)
        wait_for(browser, lambda d: "place=Kampen" in d.current_url)
        open_map(browser, browser.current_url)
        assert zoom_level(browser) >= 10  # fitted to the 10 km around Kampen
        title = browser.find_element(By.ID, "map-list-title")
        wait_for(browser, lambda d: title.text.startswith("8 "))
        first = browser.find_elements(By.CSS_SELECTOR, ".map-list-items li")[0]
        assert first.text.startswith("Kampen 0") and "km" in first.text

        wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, MARKERS))
        marker = browser.find_elements(By.CSS_SELECTOR, MARKERS)[0]
        assert marker.get_attribute("aria-label").endswith(" in Kampen")
        browser.execute_script("arguments[0].focus()", marker)
        marker.send_keys(Keys.SPACE)
        link = wait_for(
            browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".omzien-popup a")
        )[0]
        assert browser.switch_to.active_element == link
        screenshot(browser, "map-phone-kampen")

        download = browser.find_element(
            By.CSS_SELECTOR, ".map-download a[data-format=csv]"
        )
        query = parse_qs(urlsplit(download.get_attribute("href")).query)
        assert query["place"] == ["Kampen"] and query["radius_km"] == ["10"]
        assert "bbox" in query and query["format"] == ["csv"]
        csv = browser.execute_async_script(
            "var done = arguments[arguments.length - 1];"
            "fetch(arguments[0]).then(r => r.text()).then(done);",
            download.get_attribute("href"),
        )
        assert "Kampen 0" in csv and "Groningen" not in csv
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert foreign_hosts(browser, live_server) == set()
    assert severe_console_errors(browser) == []


def test_desktop_shows_map_and_list_side_by_side(browser, live_server, seeded):
    browser.set_window_size(1366, 900)
    open_map(browser, live_server.url + reverse("maps:country"))
    frame = browser.find_element(By.CSS_SELECTOR, ".map-frame").rect
    listing = browser.find_element(By.CSS_SELECTOR, ".map-list").rect
    assert listing["x"] >= frame["x"] + frame["width"]
    assert abs(listing["y"] - frame["y"]) < 5
    screenshot(browser, "map-desktop")


@pytest.mark.parametrize(
    "path",
    ["/kaart/", "/kaart/noorden/", "/kaart/embed/", "/kaart/zuiden/embed/"],
)
def test_axe_finds_nothing_serious_on_map_pages(browser, live_server, seeded, path):
    """axe-core: no serious or critical issue, as loaded and zoomed in."""
    open_map(browser, live_server.url + path + "?place=Kampn")
    assert grave_violations(browser) == []
    expand_clusters(browser)
    browser.find_element(By.CSS_SELECTOR, ".leaflet-control-zoom-in").click()
    wait_for(browser, lambda d: zoom_level(d) > 7)
    assert grave_violations(browser) == []


@pytest.mark.slow
def test_axe_finds_nothing_serious_at_ten_thousand_initiatives(
    browser, live_server, geography
):
    call_command("demo_data", count=10_000, seed=3, verbosity=0)
    open_map(browser, live_server.url + reverse("maps:country"))
    assert grave_violations(browser) == []
    clusters = browser.find_elements(By.CSS_SELECTOR, CLUSTERS)
    clusters[len(clusters) // 2].click()
    wait_for(browser, lambda d: zoom_level(d) > 7)
    assert grave_violations(browser) == []


def test_only_the_embedded_map_can_be_framed(browser, live_server, seeded):
    """The page's iframe code shows the map on another page; the map page
    itself refuses to be framed."""
    page = live_server.url + reverse("maps:region", args=["noorden"])
    open_map(browser, page + "?tag=wonen")
    code = browser.find_element(By.ID, "embed-code").get_attribute("value")
    assert "/kaart/noorden/embed/?tag=wonen" in code
    browser.get(live_server.url + "/static/maps/maps.css")  # any page of ours
    browser.execute_script(
        "document.body.innerHTML = arguments[0] + arguments[1];",
        code.replace("?tag=wonen", ""),
        f'<iframe id="page" src="{page}"></iframe>',
    )
    browser.switch_to.frame(browser.find_element(By.CSS_SELECTOR, "iframe[src*=embed]"))
    wait_for(
        browser,
        lambda d: d.find_elements(By.CSS_SELECTOR, ".folium-map[data-markers-ready]"),
    )
    assert names_on_map(browser) == ["De Holm", "Het 8ste Werk"]
    assert browser.find_elements(By.CSS_SELECTOR, "main h1")
    browser.switch_to.default_content()
    screenshot(browser, "map-embedded")
    browser.switch_to.frame(browser.find_element(By.ID, "page"))
    assert browser.find_elements(By.CSS_SELECTOR, ".folium-map") == []
    browser.switch_to.default_content()
    assert foreign_hosts(browser, live_server) == set()


def test_embed_builder_previews_and_codes_the_choices(browser, live_server, seeded):
    open_map(browser, live_server.url + reverse("maps:country"))
    browser.find_element(By.CSS_SELECTOR, ".embed-builder summary").click()
    browser.find_element(By.CSS_SELECTOR, "#embed-region option[value=zuiden]").click()
    browser.find_element(By.CSS_SELECTOR, "[name=embed-theme][value=zorg]").click()
    Select(browser.find_element(By.ID, "embed-height")).select_by_visible_text("300")
    code = browser.find_element(By.ID, "embed-code").get_attribute("value")
    assert "/kaart/zuiden/embed/?tag=zorg" in code and 'height="300"' in code
    preview = browser.find_element(By.CSS_SELECTOR, ".embed-preview")
    assert preview.get_attribute("src").endswith("/kaart/zuiden/embed/?tag=zorg")
