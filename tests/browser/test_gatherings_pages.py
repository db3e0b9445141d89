from django.urls import reverse
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.browser.conftest import (
    foreign_hosts,
    screenshot,
    severe_console_errors,
    wait_for,
)


def test_a_citizen_filters_on_region_and_opens_a_gathering(
    browser, live_server, gatherings, first_of_may_ticking
):
    browser.get(live_server.url + reverse("gatherings:list"))
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".gathering"))
    browser.set_window_size(1280, 2000)  # the whole page, archive included
    screenshot(browser, "gatherings-list")
    browser.set_window_size(1280, 900)
    upcoming = browser.find_element(
        By.CSS_SELECTOR, "[aria-labelledby=upcoming-heading]"
    )
    assert "donderdag 21 mei 2026" in upcoming.text
    Select(browser.find_element(By.NAME, "regio")).select_by_value("noorden")
    browser.find_element(By.CSS_SELECTOR, ".gathering-filters button").click()
    wait_for(browser, lambda d: "regio=noorden" in d.current_url)
    upcoming = browser.find_element(
        By.CSS_SELECTOR, "[aria-labelledby=upcoming-heading]"
    )
    assert "vrijdag 22 mei 2026" in upcoming.text
    assert "(midden)" not in upcoming.text
    feed = browser.find_element(By.CSS_SELECTOR, ".gathering-subscribe a")
    assert feed.get_attribute("href").endswith("/bijeenkomsten/noorden/agenda.ics")
    screenshot(browser, "gatherings-list-noorden")
    browser.find_element(By.PARTIAL_LINK_TEXT, "(noorden)").click()
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".gathering-page"))
    assert "vrijdag 22 mei 2026" in browser.find_element(By.TAG_NAME, "dd").text
    link = browser.find_element(By.CSS_SELECTOR, "a.button[download]")
    assert link.get_attribute("href").endswith(
        "/bijeenkomsten/kennismakingsmiddag-noorden-2026-05-22.ics"
    )
    screenshot(browser, "gathering-detail")
    errors = severe_console_errors(browser)
    assert errors == []
    assert foreign_hosts(browser, live_server) == set()
