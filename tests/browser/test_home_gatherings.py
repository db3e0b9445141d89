"""A citizen finds the coming gatherings from the home page, in Chromium.

The gatherings are made relative to today, so the test does not depend on
the fixtures' dates or on a frozen clock in the server thread.
"""

import datetime as dt

from django.utils import timezone
from selenium.webdriver.common.by import By

from gatherings import display
from initiatives.models import Initiative
from tests.browser.conftest import (
    foreign_hosts,
    screenshot,
    severe_console_errors,
    wait_for,
)
from tests.gatherings.factories import make_gathering


def coming(driver):
    items = driver.find_elements(By.CSS_SELECTOR, ".home-gatherings .gathering")
    return [item.find_element(By.CLASS_NAME, "gathering-title").text for item in items]


def test_home_shows_the_next_gatherings_and_leads_to_them(browser, live_server, seeded):
    today = timezone.localdate()
    werk = Initiative.objects.get(slug="het-8ste-werk")
    in_days = [today + dt.timedelta(days=n) for n in (3, 10, 40, 60)]
    make_gathering(title="Al geweest", start_date=today - dt.timedelta(days=2))
    make_gathering(
        title="Online jamsessie",
        start_date=in_days[0],
        start_time=dt.time(14),
        end_time=dt.time(16),
        online=True,
        lon=None,
    )
    make_gathering(title="Struinen in het noorden", start_date=in_days[1], lon=None)
    make_gathering(
        title="Dialoog bij Het 8ste Werk",
        start_date=in_days[2],
        host_initiative=werk,
        lon=None,
    )
    make_gathering(title="Later dit jaar", start_date=in_days[3])

    browser.get(live_server.url + "/")
    wait_for(browser, coming)
    assert coming(browser) == [
        "Online jamsessie",
        "Struinen in het noorden",
        "Dialoog bij Het 8ste Werk",
    ]
    section = browser.find_element(By.CLASS_NAME, "home-gatherings")
    first_day = display.date_text(in_days[0])  # "dinsdag 24 november 2026"
    assert f"{first_day}, 14:00–16:00" in section.text
    assert "Online" in section.text
    section.location_once_scrolled_into_view  # noqa: B018 (scrolls for the shot)
    screenshot(browser, "home-gatherings")

    browser.find_element(By.CSS_SELECTOR, '.site-nav a[href="/bijeenkomsten/"]').click()
    wait_for(browser, lambda d: d.current_url.endswith("/bijeenkomsten/"))
    current = browser.find_element(By.CSS_SELECTOR, ".site-nav [aria-current=page]")
    assert current.get_attribute("href").endswith("/bijeenkomsten/")
    upcoming = browser.find_element(
        By.CSS_SELECTOR, "[aria-labelledby=upcoming-heading]"
    )
    assert "Later dit jaar" in upcoming.text and "Al geweest" not in upcoming.text

    browser.back()
    wait_for(browser, coming)
    browser.find_element(By.LINK_TEXT, "Dialoog bij Het 8ste Werk").click()
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".gathering-page"))
    browser.find_element(By.LINK_TEXT, "Het 8ste Werk").click()
    wait_for(browser, lambda d: d.find_elements(By.ID, "hosted-title"))
    hosted = browser.find_element(By.CLASS_NAME, "hosted-gatherings")
    assert "Dialoog bij Het 8ste Werk" in hosted.text
    screenshot(browser, "initiative-hosted-gatherings")
    assert foreign_hosts(browser, live_server) == set()
    assert severe_console_errors(browser) == []
