"""The maps in a real headless Chromium."""

from django.urls import reverse
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions

from tests.browser.conftest import (
    foreign_hosts,
    screenshot,
    severe_console_errors,
    wait_for,
)
from tests.factories import make_initiative

ANIMATING = ".leaflet-zoom-anim, .leaflet-cluster-anim"


def open_map(browser, url):
    browser.get(url)
    wait_for(browser, lambda d: d.execute_script("return !!window.L"))
    wait_for(
        browser,
        lambda d: d.find_elements(By.CSS_SELECTOR, ".folium-map[data-markers-ready]"),
    )


def expand_clusters(browser, rounds=25):
    """Click clusters (a click zooms in, or spiderfies a cluster whose
    initiatives share one address) until every marker is out."""
    for _ in range(rounds):
        closed = [
            cluster
            for cluster in browser.find_elements(By.CSS_SELECTOR, ".marker-cluster")
            if cluster.value_of_css_property("opacity") != "0.3"  # spiderfied
        ]
        if not closed:
            return
        closed[0].click()
        wait_for(
            browser,
            lambda d, cluster=closed[0]: (
                expected_conditions.staleness_of(cluster)(d)
                or cluster.value_of_css_property("opacity") == "0.3"
            ),
        )
        wait_for(browser, lambda d: not d.find_elements(By.CSS_SELECTOR, ANIMATING))
    raise AssertionError("The clusters did not open.")


def popup_name(browser, marker) -> str:
    """Click the marker and read the name in its popup, once faded in."""
    marker.click()
    text = wait_for(
        browser,
        lambda d: "".join(
            e.text for e in d.find_elements(By.CSS_SELECTOR, ".omzien-popup-name")
        ),
    )
    # Escape closes it, as for a keyboard user, once the map has the focus.
    browser.execute_script("document.querySelector('.folium-map').focus()")
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    wait_for(browser, lambda d: not d.find_elements(By.CSS_SELECTOR, ".leaflet-popup"))
    return text


def names_on_map(browser) -> list[str]:
    expand_clusters(browser)
    markers = browser.find_elements(By.CSS_SELECTOR, ".omzien-marker")
    return sorted(popup_name(browser, marker) for marker in markers)


def test_region_map_shows_the_initiatives_of_the_north(browser, live_server, seeded):
    """De Holm and Het 8ste Werk are on the map of the north, with popups; the
    page loads nothing from any host but ours."""
    open_map(browser, live_server.url + reverse("maps:region", args=["noorden"]))
    assert names_on_map(browser) == ["De Holm", "Het 8ste Werk"]
    browser.find_elements(By.CSS_SELECTOR, ".omzien-marker")[0].click()
    wait_for(
        browser,
        lambda d: (
            d.find_element(By.CSS_SELECTOR, ".leaflet-popup").value_of_css_property(
                "opacity"
            )
            == "1"
        ),
    )
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
    counter = browser.find_element(By.CSS_SELECTOR, ".omzien-count")
    assert "3" in counter.text
    screenshot(browser, "map-nederland")
    assert foreign_hosts(browser, live_server) == set()
    assert severe_console_errors(browser) == []


def test_initiatives_at_one_address_stay_clickable(browser, live_server, geography):
    """A community house with four initiatives spiderfies into four markers."""
    names = [f"Huis {letter}" for letter in "ABCD"]
    for name in names:
        make_initiative(name=name, lon=5.9, lat=52.55)
    open_map(browser, live_server.url + reverse("maps:region", args=["noorden"]))
    assert names_on_map(browser) == names
    screenshot(browser, "map-spiderfied")


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


def test_theme_legend_hides_and_shows_markers(browser, live_server, geography):
    make_initiative(name="Wonen", lon=5.9, lat=52.55, tags=["wonen"])
    make_initiative(name="Zorg", lon=6.5, lat=53.2, tags=["zorg"])
    open_map(browser, live_server.url + reverse("maps:region", args=["noorden"]))
    counter = browser.find_element(By.CSS_SELECTOR, ".omzien-count")
    assert counter.text.startswith("2 ")
    browser.find_element(By.CSS_SELECTOR, ".omzien-legend input[value=zorg]").click()
    wait_for(browser, lambda d: counter.text.startswith("1 "))
    assert names_on_map(browser) == ["Wonen"]


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
        code,
        f'<iframe id="page" src="{page}"></iframe>',
    )
    browser.switch_to.frame(browser.find_element(By.CSS_SELECTOR, "iframe[src*=embed]"))
    wait_for(
        browser,
        lambda d: d.find_elements(By.CSS_SELECTOR, ".folium-map[data-markers-ready]"),
    )
    assert names_on_map(browser) == ["De Holm", "Het 8ste Werk"]
    browser.switch_to.default_content()
    screenshot(browser, "map-embedded")
    browser.switch_to.frame(browser.find_element(By.ID, "page"))
    assert browser.find_elements(By.CSS_SELECTOR, ".folium-map") == []
    browser.switch_to.default_content()
    assert foreign_hosts(browser, live_server) == set()
