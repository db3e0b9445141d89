"""The site works without JavaScript: search, read and submit."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from initiatives.models import Initiative
from tests.browser.conftest import screenshot, wait_for


def test_search_read_and_submit_without_javascript(no_js_browser, live_server, seeded):
    driver = no_js_browser
    driver.get(live_server.url + "/")
    box = driver.find_element(By.ID, "id_search_place")
    box.send_keys("8261" + Keys.ENTER)  # a Kampen postcode
    wait_for(driver, lambda d: "place=8261" in d.current_url)
    # Without JavaScript the filters stay open, and the results follow.
    assert driver.find_element(By.CSS_SELECTOR, "details.filters-box").get_attribute(
        "open"
    )
    driver.find_element(By.LINK_TEXT, "Het 8ste Werk").click()
    wait_for(driver, lambda d: "het-8ste-werk" in d.current_url)
    # Without the map, the route link still leads there.
    route = driver.find_element(By.CSS_SELECTOR, "figcaption a.route-link")
    assert "Plan je route" in route.text
    assert "%3B52.55" in route.get_attribute("href")

    driver.get(live_server.url + "/meld-aan/")
    # No map to click: the exact location is typed in as text.
    assert not driver.find_element(By.CSS_SELECTOR, ".location-picker").is_displayed()
    assert driver.find_element(By.ID, "id_point").is_displayed()
    for field, text in {
        "id_name": "Buurtkamer Usquert",
        "id_summary": "Koffie en aandacht voor elkaar.",
        "id_place": "Den Andel",
        "id_point": "53.3925,6.5083",
        "id_contact_name": "Piet",
        "id_contact_email": "piet@example.org",
    }.items():
        driver.find_element(By.ID, field).send_keys(text)
    driver.find_element(By.ID, "id_privacy").click()
    screenshot(driver, "site-form-without-js-phone")
    driver.find_element(By.CSS_SELECTOR, ".initiative-form button").click()
    wait_for(driver, lambda d: "/meld-aan/bedankt/" in d.current_url)
    initiative = Initiative.objects.get(name="Buurtkamer Usquert")
    assert initiative.location.coords == pytest.approx((6.5083, 53.3925))
