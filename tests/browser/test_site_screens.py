"""Screenshots of the public pages on a phone and on a desktop, saved in
artifacts/screenshots/ for people to look at; the test checks that nothing
sticks out sideways and that the main parts are there."""

import base64

import pytest
from selenium.webdriver.common.by import By

from tests.browser.conftest import SCREENSHOTS, foreign_hosts, screenshot, wait_for

SIZES = {"phone": (390, 844), "desktop": (1280, 900)}
PAGES = {
    "home": ("/", "#id_search_place"),
    "directory": ("/initiatieven/?place=Kampen&radius=100", ".initiative-item"),
    "initiative": ("/initiatieven/het-8ste-werk/", ".point-map.leaflet-container"),
    "form": ("/meld-aan/", ".picker-map.leaflet-container"),
}


def full_page(driver, name):
    """The whole page, beyond the window, through Chromium's DevTools."""
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot", {"captureBeyondViewport": True, "format": "png"}
    )
    (SCREENSHOTS / f"{name}-full.png").write_bytes(base64.b64decode(shot["data"]))


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("page", PAGES)
def test_screenshot(browser, live_server, seeded, page, size):
    path, landmark = PAGES[page]
    browser.set_window_size(*SIZES[size])
    browser.get(live_server.url + path)
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, landmark))
    overflow = browser.execute_script(
        "return document.documentElement.scrollWidth - window.innerWidth"
    )
    assert overflow <= 0, f"{page} is {overflow}px too wide on a {size}"
    assert screenshot(browser, f"site-{page}-{size}").stat().st_size > 5000
    full_page(browser, f"site-{page}-{size}")
    assert foreign_hosts(browser, live_server) == set()  # no CDN, no fonts


def test_screenshot_of_form_errors(browser, live_server, seeded):
    browser.set_window_size(*SIZES["phone"])
    browser.get(live_server.url + "/meld-aan/")
    browser.find_element(By.ID, "id_place").send_keys("Kampn")
    browser.find_element(By.CSS_SELECTOR, ".initiative-form button").click()
    summary = wait_for(browser, lambda d: d.find_element(By.ID, "form-errors"))
    assert "Kampen" in summary.text  # the suggestion for the unknown place
    assert browser.find_element(By.ID, "id_place").get_attribute("value") == "Kampn"
    full_page(browser, "site-form-errors-phone")
