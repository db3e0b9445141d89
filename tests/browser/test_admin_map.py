from django.urls import reverse
from selenium.webdriver.common.by import By

from initiatives.models import Initiative
from tests.browser.conftest import (
    foreign_hosts,
    screenshot,
    severe_console_errors,
    wait_for,
)


def test_moderator_sees_an_initiative_on_the_admin_map(
    browser, live_server, seeded, django_user_model
):
    django_user_model.objects.create_superuser(
        "moderator", "m@example.org", "geheim-wachtwoord"
    )
    browser.get(live_server.url + reverse("admin:login"))
    browser.find_element(By.NAME, "username").send_keys("moderator")
    browser.find_element(By.NAME, "password").send_keys("geheim-wachtwoord")
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    wait_for(browser, lambda d: "/login/" not in d.current_url)  # logged in
    holm = Initiative.objects.get(slug="de-holm")
    browser.get(
        live_server.url + reverse("admin:initiatives_initiative_change", args=[holm.pk])
    )
    wait_for(
        browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".leaflet-marker-icon")
    )
    assert browser.find_element(By.CSS_SELECTOR, ".leaflet-container").is_displayed()
    screenshot(browser, "admin-initiative-map")
    assert foreign_hosts(browser, live_server) == set()
    assert severe_console_errors(browser) == []
