"""The three journeys of the public site, in a real headless Chromium."""

import re

import pytest
from django.core import mail
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from initiatives.models import Initiative
from tests.browser.conftest import (
    foreign_hosts,
    screenshot,
    severe_console_errors,
    wait_for,
)
from tests.browser.test_maps import names_on_map, open_map


def h1(driver):
    return driver.find_element(By.TAG_NAME, "h1").text


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_citizen_searches_kampen_and_reaches_het_8ste_werk(
    browser, live_server, seeded, prefix
):
    browser.get(f"{live_server.url}{prefix}/")
    box = browser.find_element(By.ID, "id_search_place")
    box.send_keys("Kampen")
    box.send_keys(Keys.ENTER)
    wait_for(browser, lambda d: "place=Kampen" in d.current_url)
    assert browser.current_url.startswith(f"{live_server.url}{prefix}/initiatieven/")
    first = browser.find_element(By.CSS_SELECTOR, ".initiative-item")
    assert "Het 8ste Werk" in first.text
    assert first.find_element(By.CSS_SELECTOR, ".distance").text  # "0.0 km"
    first.find_element(By.LINK_TEXT, "Het 8ste Werk").click()
    wait_for(browser, lambda d: h1(d) == "Het 8ste Werk")
    assert browser.current_url.endswith(f"{prefix}/initiatieven/het-8ste-werk/")
    lang = browser.find_element(By.TAG_NAME, "html").get_attribute("lang")
    assert lang == ("en" if prefix else "nl")
    wait_for(
        browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".leaflet-interactive")
    )
    assert foreign_hosts(browser, live_server) == set()
    assert severe_console_errors(browser) == []


def test_language_switch_keeps_the_page(browser, live_server, seeded):
    browser.get(live_server.url + "/initiatieven/?place=Kampen")
    browser.find_element(By.CSS_SELECTOR, ".language button").click()
    wait_for(browser, lambda d: "/en/initiatieven/" in d.current_url)
    assert "place=Kampen" in browser.current_url
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"


def test_skip_link_is_the_first_stop_and_visible(browser, live_server, seeded):
    browser.get(live_server.url + "/")
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    active = browser.switch_to.active_element
    assert active.get_attribute("class") == "skip-link"
    assert active.location["x"] >= 0 and active.is_displayed()
    active.send_keys(Keys.ENTER)
    assert browser.switch_to.active_element.get_attribute("id") == "main"


def test_clicking_the_map_fills_in_the_exact_location(browser, live_server, seeded):
    browser.get(live_server.url + "/meld-aan/")
    picker = wait_for(
        browser,
        lambda d: d.find_element(By.CSS_SELECTOR, ".picker-map.leaflet-container"),
    )
    picker.click()  # the middle of the Netherlands
    point = browser.find_element(By.ID, "id_point").get_attribute("value")
    lat, lon = (float(n) for n in point.split(","))
    assert 51.5 < lat < 53 and 4.5 < lon < 6.5
    assert severe_console_errors(browser) == []


def fill(driver, field_id, text):
    element = driver.find_element(By.ID, field_id)
    element.clear()
    element.send_keys(text)


def submit_den_andel(browser, live_server):
    browser.get(live_server.url + "/meld-aan/")
    fill(browser, "id_name", "Zorgcafé Den Andel")
    fill(browser, "id_summary", "Elke week koffie en zorg voor elkaar in het dorp.")
    fill(browser, "id_place", "Den Andel")
    fill(browser, "id_contact_name", "Anna Bakker")
    fill(browser, "id_contact_email", "anna@example.org")
    browser.find_element(By.CSS_SELECTOR, "input[value=ontmoeting]").click()
    browser.find_element(By.ID, "id_contact_consent").click()
    browser.find_element(By.ID, "id_privacy").click()
    browser.find_element(
        By.CSS_SELECTOR, ".initiative-form button[type=submit]"
    ).click()
    wait_for(browser, lambda d: "/meld-aan/bedankt/" in d.current_url)


def moderator_approves(browser, live_server, django_user_model, initiative):
    django_user_model.objects.create_superuser("moderator", "m@example.org", "pw-1")
    browser.get(live_server.url + "/admin/initiatives/initiative/?moderation=todo")
    browser.find_element(By.NAME, "username").send_keys("moderator")
    browser.find_element(By.NAME, "password").send_keys("pw-1" + Keys.ENTER)
    wait_for(browser, lambda d: d.find_elements(By.LINK_TEXT, initiative.name))
    wait_for(
        browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".leaflet-marker-icon")
    )
    screenshot(browser, "site-admin-moderation-list")
    browser.find_element(
        By.CSS_SELECTOR, f"#result_list a[href*='/{initiative.pk}/change/']"
    ).click()
    moderate = f"a[href$='/{initiative.pk}/moderate/']"
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, moderate))
    browser.find_element(By.CSS_SELECTOR, moderate).click()
    wait_for(browser, lambda d: d.find_elements(By.NAME, "publish"))
    wait_for(
        browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".leaflet-marker-icon")
    )
    screenshot(browser, "site-admin-moderate")
    browser.find_element(By.NAME, "publish").click()
    wait_for(browser, lambda d: "/moderate/" not in d.current_url)


def test_initiator_submits_moderator_approves_and_it_is_listed(
    browser, live_server, seeded, django_user_model
):
    submit_den_andel(browser, live_server)
    initiative = Initiative.objects.get(name="Zorgcafé Den Andel")
    assert initiative.status == Initiative.Status.PENDING
    assert initiative.municipality.name == "Het Hogeland"
    update_link = re.search(r"https?://\S+/wijzigen/\S+", mail.outbox[0].body).group()

    moderator_approves(browser, live_server, django_user_model, initiative)
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.PUBLISHED

    browser.get(live_server.url + "/initiatieven/?region=noorden")
    names = [
        e.text for e in browser.find_elements(By.CSS_SELECTOR, ".initiative-item h3")
    ]
    assert "Zorgcafé Den Andel" in names
    # On the map of the north: in the plain list beside it and as a marker
    # (with De Holm, also in Den Andel, in one cluster).
    open_map(browser, live_server.url + "/kaart/noorden/")
    listed = browser.find_element(By.CSS_SELECTOR, ".map-list ol").text
    assert "Zorgcafé Den Andel" in listed
    assert names_on_map(browser) == ["De Holm", "Het 8ste Werk", "Zorgcafé Den Andel"]
    screenshot(browser, "site-map-after-approval")
    browser.get(live_server.url + "/initiatieven/?place=Den+Andel&radius=5")
    browser.find_element(By.LINK_TEXT, "Zorgcafé Den Andel").click()
    wait_for(browser, lambda d: h1(d) == "Zorgcafé Den Andel")
    assert "anna@example.org" in browser.page_source  # consent was given

    # Later the initiator changes the summary; the page keeps the old one.
    path = "/wijzigen/" + update_link.split("/wijzigen/", 1)[1]
    browser.get(live_server.url + path)  # the mail names SITE_URL
    fill(browser, "id_summary", "Nu ook op zaterdag open.")
    browser.find_element(
        By.CSS_SELECTOR, ".initiative-form button[type=submit]"
    ).click()
    wait_for(browser, lambda d: "/wijzigen/klaar/" in d.current_url)
    browser.get(live_server.url + initiative.get_absolute_url())
    assert "Elke week koffie" in browser.page_source
    assert "zaterdag" not in browser.page_source
    assert severe_console_errors(browser) == []
