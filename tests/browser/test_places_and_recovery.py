"""Issue 16 in a real Chromium: a location that must match its place (the
Zwolle/Amersfoort case), recovery from an expired link, and a search
without accents."""

import re

import pytest
from django.core import mail
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from initiatives.models import Initiative
from tests.browser.conftest import screenshot, severe_console_errors, wait_for
from tests.factories import make_initiative

SUBMIT = "/meld-aan/"


def fill_in_the_rest(browser):
    for field, text in (
        ("id_name", "Buurtzorg Zwolle-Zuid"),
        ("id_summary", "Buren helpen elkaar met boodschappen en klusjes."),
        ("id_contact_name", "Anna Bakker"),
        ("id_contact_email", "anna@example.org"),
    ):
        browser.find_element(By.ID, field).send_keys(text)
    browser.find_element(By.ID, "id_privacy").click()


def open_form(browser, live_server):
    browser.get(live_server.url + SUBMIT)
    return wait_for(
        browser,
        lambda d: d.find_element(By.CSS_SELECTOR, ".picker-map.leaflet-container"),
    )


def send(browser):
    browser.find_element(
        By.CSS_SELECTOR, ".initiative-form button[type=submit]"
    ).click()


def place_ring_shown(driver):
    # The named place is a dashed ring on the picker map.
    return driver.find_elements(By.CSS_SELECTOR, ".picker-map path[stroke-dasharray]")


def test_zwolle_typed_fast_and_a_click_near_amersfoort(browser, live_server, db):
    picker = open_form(browser, live_server)
    fill_in_the_rest(browser)
    # Typed fast, then at once a click on the map, still on the country:
    # the click lands near Amersfoort (about 52.2, 5.4).
    browser.find_element(By.ID, "id_place").send_keys("Zwolle")
    picker.click()
    lat, lon = map(
        float, browser.find_element(By.ID, "id_point").get_attribute("value").split(",")
    )
    assert abs(lat - 52.2) < 0.1 and abs(lon - 5.4) < 0.1
    # The map found Zwolle after all and shows both, with a warning.
    wait_for(browser, place_ring_shown)
    warning = wait_for(
        browser,
        lambda d: (
            d.find_element(By.ID, "location-warning").is_displayed()
            and d.find_element(By.ID, "location-warning")
        ),
    )
    assert "Zwolle (Overijssel)" in warning.text
    assert browser.find_element(By.ID, "id_confirm_location").is_displayed()
    screenshot(browser, "i16-location-warning")

    # Sent without confirming: refused, the focus on the summary.
    send(browser)
    wait_for(browser, lambda d: d.find_elements(By.ID, "form-errors"))
    assert browser.switch_to.active_element.get_attribute("id") == "form-errors"
    summary = browser.find_element(By.ID, "form-errors").text
    assert "Zwolle (Overijssel)" in summary and "km" in summary
    assert not Initiative.objects.exists()
    wait_for(browser, place_ring_shown)  # both still on the map
    screenshot(browser, "i16-location-confirm")

    assert browser.find_element(By.ID, "id_privacy").is_selected()  # kept
    browser.find_element(By.ID, "id_confirm_location").click()
    send(browser)
    wait_for(browser, lambda d: "/meld-aan/bedankt/" in d.current_url)
    initiative = Initiative.objects.get()
    assert initiative.location_outside_place
    assert 50 < initiative.place_distance_km < 65
    refused = "status of 400"  # the refused submit, on purpose
    assert [e for e in severe_console_errors(browser) if refused not in e] == []


def test_zwolle_and_enter_move_the_map_there(browser, live_server, db):
    picker = open_form(browser, live_server)
    fill_in_the_rest(browser)
    # Enter in the place field finds the place; it does not send the form.
    browser.find_element(By.ID, "id_place").send_keys("Zwolle" + Keys.ENTER)
    wait_for(browser, place_ring_shown)
    assert SUBMIT in browser.current_url and not browser.find_elements(
        By.ID, "form-errors"
    )
    picker.click()  # the map now shows Zwolle
    lat, lon = map(
        float, browser.find_element(By.ID, "id_point").get_attribute("value").split(",")
    )
    assert abs(lat - 52.5125) < 0.05 and abs(lon - 6.0944) < 0.05
    assert not browser.find_element(By.ID, "location-warning").is_displayed()
    assert not browser.find_element(By.ID, "id_confirm_location").is_displayed()
    send(browser)
    wait_for(browser, lambda d: "/meld-aan/bedankt/" in d.current_url)
    initiative = Initiative.objects.get()
    assert not initiative.location_outside_place
    assert initiative.municipality.name == "Zwolle"
    assert severe_console_errors(browser) == []


def test_a_failed_submit_moves_the_focus_to_the_errors(browser, live_server, db):
    open_form(browser, live_server)
    send(browser)
    wait_for(browser, lambda d: d.find_elements(By.ID, "form-errors"))
    assert browser.switch_to.active_element.get_attribute("id") == "form-errors"
    summary = browser.find_element(By.ID, "form-errors").text
    assert "Dit veld is vereist" not in summary
    assert "Vink het vakje aan" in summary  # the privacy box says what to do


def test_an_expired_link_leads_to_a_new_one(browser, live_server, db, settings):
    initiative = make_initiative(name="Samen Eten", contact_email="jet@example.org")
    from tests.initiatives.site.test_update_links import update_url

    old = update_url(initiative)
    settings.INITIATOR_LINK_MAX_AGE = -1  # the link has expired
    browser.get(live_server.url + old)
    browser.find_element(By.CSS_SELECTOR, "a[href='/nieuwe-link/']").click()
    wait_for(browser, lambda d: "/nieuwe-link/" in d.current_url)
    browser.find_element(By.ID, "id_email").send_keys("jet@example.org" + Keys.ENTER)
    sent = wait_for(browser, lambda d: d.find_elements(By.ID, "new-link-sent"))[0]
    assert browser.switch_to.active_element == sent
    screenshot(browser, "i16-new-link-sent")
    settings.INITIATOR_LINK_MAX_AGE = 60 * 24 * 3600
    (message,) = [m for m in mail.outbox if m.to == ["jet@example.org"]]
    new = re.search(r"https?://\S+(/wijzigen/\S+/)", message.body).group(1)
    browser.get(live_server.url + new)
    field = wait_for(browser, lambda d: d.find_element(By.ID, "id_name"))
    assert field.get_attribute("value") == "Samen Eten"


@pytest.mark.parametrize("text", ["zorgcooperatie", "ZORGCOOPERATIE austerlitz"])
def test_a_search_without_accents(browser, live_server, seeded, text):
    browser.get(live_server.url + "/initiatieven/")
    search = browser.find_element(By.ID, "id_q")
    search.send_keys(text + Keys.ENTER)
    wait_for(browser, lambda d: "q=" in d.current_url)
    names = [
        e.text for e in browser.find_elements(By.CSS_SELECTOR, ".initiative-item h3")
    ]
    assert names == ["Zorgcoöperatie Austerlitz"]
