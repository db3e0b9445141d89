"""A moderator's day in Dutch: log in, see what waits, decide, look back."""

import re

from django.urls import reverse
from selenium.webdriver.common.by import By

from initiatives.models import Initiative
from tests.browser.conftest import (
    foreign_hosts,
    screenshot,
    severe_console_errors,
    wait_for,
)
from tests.factories import make_initiative

# English that leaked into the Dutch admin before: Django 5.2's new widget
# strings, django-simple-history's pages, raw status values, the header.
ENGLISH = re.compile(
    r"\b(Choose|Remove all|Changed by|Change reason|None|pending|published|"
    r"Django|Awaiting|Moderate|History)\b"
)


def visible_text(browser) -> str:
    text = browser.find_element(By.TAG_NAME, "body").text
    return re.sub(r"[ \u00a0]+", " ", text)


def log_in(browser, live_server, django_user_model):
    django_user_model.objects.create_superuser(
        "moderator", "m@example.org", "geheim-wachtwoord"
    )
    browser.get(live_server.url + "/admin/")
    browser.find_element(By.NAME, "username").send_keys("moderator")
    browser.find_element(By.NAME, "password").send_keys("geheim-wachtwoord")
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    wait_for(browser, lambda d: d.find_elements(By.ID, "moderation-queue"))


def moderate(browser, name):
    row = browser.find_element(By.XPATH, f"//tr[th[normalize-space()='{name}']]")
    row.find_element(By.LINK_TEXT, "Beoordelen").click()
    wait_for(browser, lambda d: d.find_elements(By.NAME, "reason"))


def test_a_moderators_day_in_dutch(browser, live_server, django_user_model):
    make_initiative(name="Buurtkamer Zonnehoek", status="pending", tags=["wonen"])
    make_initiative(name="Reclame Voor Iets", status="pending")
    changed = make_initiative(name="Zorgboerderij De Linde")
    changed.pending_changes = {"summary": "Nu ook op zaterdag open."}
    changed.save()
    log_in(browser, live_server, django_user_model)

    text = visible_text(browser)
    assert "Omzien moderatie" in text
    assert "2 nieuwe aanmeldingen" in text
    assert "1 wijziging van een gepubliceerd initiatief" in text
    assert not ENGLISH.search(text), ENGLISH.search(text)
    screenshot(browser, "admin-queue")

    moderate(browser, "Buurtkamer Zonnehoek")
    approve = browser.find_element(By.NAME, "publish")
    assert approve.get_attribute("value") == "Goedkeuren en publiceren"
    approve.click()
    wait_for(browser, lambda d: "Besluit opgeslagen." in visible_text(d))
    assert "1 nieuwe aanmelding" in visible_text(browser)

    moderate(browser, "Reclame Voor Iets")
    browser.find_element(By.NAME, "reject").click()  # without a reason
    wait_for(browser, lambda d: "Geef een reden" in visible_text(d))
    browser.find_element(By.NAME, "reason").send_keys("Dit is geen burgerinitiatief.")
    browser.find_element(By.NAME, "reject").click()
    wait_for(browser, lambda d: "Besluit opgeslagen." in visible_text(d))
    assert "0 nieuwe aanmeldingen" in visible_text(browser)

    moderate(browser, "Zorgboerderij De Linde")
    assert "Nu ook op zaterdag open." in visible_text(browser)
    browser.find_element(By.NAME, "approve_changes").click()
    wait_for(browser, lambda d: "Er wacht niets op een besluit." in visible_text(d))

    published = Initiative.objects.get(name="Buurtkamer Zonnehoek")
    change = reverse("admin:initiatives_initiative_change", args=[published.pk])
    browser.get(live_server.url + change)
    wait_for(browser, lambda d: d.find_elements(By.ID, "id_tags_add_all"))
    text = visible_text(browser)
    assert "Beschikbare thema's" in text and "Gekozen thema's" in text
    assert "Kies alle thema's" in text and "Verwijder alle thema's" in text
    screenshot(browser, "admin-change-form")

    history = reverse("admin:initiatives_initiative_history", args=[published.pk])
    browser.get(live_server.url + history)
    wait_for(browser, lambda d: d.find_elements(By.ID, "change-history"))
    text = visible_text(browser)
    assert "Wacht op beoordeling → Gepubliceerd" in text
    for dutch in ("Gewijzigd door", "Reden van wijziging", "Gewijzigd"):
        assert dutch.lower() in text.lower()  # headers are in capitals
    assert not ENGLISH.search(text), ENGLISH.search(text)
    screenshot(browser, "admin-history")
    assert foreign_hosts(browser, live_server) == set()
    assert severe_console_errors(browser) == []
