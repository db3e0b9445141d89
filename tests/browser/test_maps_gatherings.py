"""The gatherings' layer on the map of the north, in a real Chromium.

The clock runs from 1 May 2026 with the real fixture gatherings
(`first_of_may_ticking`), so the kennismakingsmiddag of 22 May is still to
come.
"""

from django.urls import reverse
from selenium.webdriver.common.by import By

from tests.browser.conftest import (
    foreign_hosts,
    screenshot,
    severe_console_errors,
    wait_for,
)
from tests.browser.test_maps import open_map, popup_name

GATHERING = ".leaflet-marker-icon.omzien-gathering"
SWITCH = ".omzien-gathering-switch input"


def test_the_north_shows_its_kennismakingsmiddag_and_can_hide_it(
    browser, live_server, gatherings, first_of_may_ticking
):
    open_map(browser, live_server.url + reverse("maps:region", args=["noorden"]))
    browser.execute_script("document.querySelector('.map-frame').scrollIntoView()")
    (marker,) = browser.find_elements(By.CSS_SELECTOR, GATHERING)
    # Its place is not known yet: the icon marks the region, dashed.
    assert "omzien-gathering-approximate" in marker.get_attribute("class")
    assert marker.get_attribute("title").startswith("Kennismakingsmiddag")
    marker.click()
    popup = wait_for(
        browser, lambda d: d.find_element(By.CSS_SELECTOR, ".omzien-gathering-popup")
    )
    wait_for(
        browser,
        lambda d: (
            d.find_element(By.CSS_SELECTOR, ".leaflet-popup").value_of_css_property(
                "opacity"
            )
            == "1"
        ),
    )
    assert popup.find_element(By.CSS_SELECTOR, ".omzien-popup-name").text == (
        "Kennismakingsmiddag: struinen in het Land van Omzien (noorden)"
    )
    assert "vrijdag 22 mei 2026" in popup.text
    assert "plaats volgt" in popup.text
    link = popup.find_element(By.TAG_NAME, "a").get_attribute("href")
    assert link.endswith("/bijeenkomsten/kennismakingsmiddag-noorden-2026-05-22/")
    screenshot(browser, "map-noorden-gatherings")

    switch = browser.find_element(By.CSS_SELECTOR, SWITCH)
    assert "1" in switch.find_element(By.XPATH, "..").text
    switch.click()
    wait_for(browser, lambda d: not d.find_elements(By.CSS_SELECTOR, GATHERING))
    # Its open popup goes with it (after fading out).
    wait_for(browser, lambda d: not d.find_elements(By.CSS_SELECTOR, ".leaflet-popup"))
    screenshot(browser, "map-noorden-gatherings-hidden")
    switch.click()
    (marker,) = wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, GATHERING))
    assert popup_name(browser, marker).startswith("Kennismakingsmiddag")

    listed = browser.find_element(By.CSS_SELECTOR, ".map-gatherings").text
    assert "Kennismakingsmiddag: struinen in het Land van Omzien (noorden)" in listed
    assert "(midden)" not in listed
    assert foreign_hosts(browser, live_server) == set()
    assert severe_console_errors(browser) == []
