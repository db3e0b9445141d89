"""An initiative's page as a visitor sees it, on a phone and a desktop:
image, public contact, times and a route link."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw
from selenium.webdriver.common.by import By

from initiatives import images
from tests.browser.conftest import (
    foreign_hosts,
    screenshot,
    severe_console_errors,
    wait_for,
)
from tests.factories import make_initiative


def drawing() -> SimpleUploadedFile:
    """A small picture: a house under a sun, as a logo might be."""
    image = Image.new("RGB", (1600, 1000), (214, 234, 248))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 700, 1600, 1000), fill=(120, 180, 90))
    draw.rectangle((550, 420, 1050, 760), fill=(190, 90, 60))
    draw.polygon([(500, 430), (800, 200), (1100, 430)], fill=(110, 60, 50))
    draw.ellipse((1250, 80, 1450, 280), fill=(250, 200, 60))
    buffer = BytesIO()
    image.save(buffer, "JPEG")
    return SimpleUploadedFile("huis.jpg", buffer.getvalue())


@pytest.fixture
def brug(geography):
    return make_initiative(
        name="Buurthuis De Brug",
        summary="Een open huis voor de buurt: koffie, een maaltijd en hulp.",
        description="Iedereen is welkom. Vrijwilligers helpen met formulieren.",
        tags=["ontmoeting"],
        website="https://debrug.example.nl",
        public_email="info@debrug.example.nl",
        public_phone="038 123 45 67",
        social_links=["https://www.facebook.com/buurthuisdebrug"],
        opening_hours="Dinsdag en donderdag 10.00–16.00 uur\nZondag gesloten",
        address="Oudestraat 12, 8261 CA",
        show_address=True,
        image=images.store(drawing()),
        image_alt="Tekening van het buurthuis onder de zon",
    )


@pytest.mark.parametrize(
    ("size", "name"), [((390, 844), "phone"), ((1366, 900), "desktop")]
)
def test_the_detail_page_offers_contact_image_and_route(
    browser, live_server, brug, size, name
):
    browser.set_window_size(*size)
    browser.get(live_server.url + brug.get_absolute_url())
    image = wait_for(
        browser,
        lambda d: d.execute_script(
            "var i = document.querySelector('img.initiative-image');"
            "return i && i.complete && i.naturalWidth > 0 ? i : null;"
        ),
    )
    assert image.get_attribute("alt") == "Tekening van het buurthuis onder de zon"
    # The image fits the screen, and the phone gets a smaller file.
    width = browser.execute_script("return document.documentElement.clientWidth")
    assert image.size["width"] <= width
    assert (
        browser.execute_script("return document.documentElement.scrollWidth") <= width
    )
    text = browser.find_element(By.TAG_NAME, "main").text
    for expected in (
        "info@debrug.example.nl",
        "038 123 45 67",
        "Dinsdag en donderdag 10.00–16.00 uur",
        "Oudestraat 12, 8261 CA",
        "Plan je route (OpenStreetMap)",
    ):
        assert expected in text, expected
    route = browser.find_element(By.CSS_SELECTOR, "a.route-link")
    assert route.get_attribute("href").startswith(
        "https://www.openstreetmap.org/directions?route=%3B52.55500%2C5.91100"
    )
    phone = browser.find_element(By.CSS_SELECTOR, "a[href^='tel:']")
    assert phone.get_attribute("href") == "tel:0381234567"
    browser.execute_script("window.scrollTo(0, 0)")
    screenshot(browser, f"detail-{name}")
    browser.execute_script("document.querySelector('.contact').scrollIntoView()")
    screenshot(browser, f"detail-{name}-contact")
    assert foreign_hosts(browser, live_server) == set()
    assert severe_console_errors(browser) == []
    browser.get("about:blank")  # a resize must not load this test's images
