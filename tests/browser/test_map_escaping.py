"""A name full of markup stays text on the initiative's map, in a real
Chromium (Leaflet puts string tooltips in as HTML)."""

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from tests.browser.conftest import wait_for
from tests.factories import make_initiative

NAME = '<img id="injected" src="x"> Buurtkracht'


def test_the_point_map_tooltip_shows_the_name_as_text(browser, live_server, db):
    initiative = make_initiative(name=NAME)
    browser.get(live_server.url + initiative.get_absolute_url())
    marker = wait_for(
        browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".leaflet-interactive")
    )[0]
    ActionChains(browser).move_to_element(marker).perform()
    tooltip = wait_for(
        browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".leaflet-tooltip")
    )[0]
    assert tooltip.text == NAME
    assert browser.find_elements(By.ID, "injected") == []
