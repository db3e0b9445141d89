"""Crawl every public page reachable from the home page, and every API
endpoint and format: contact details appear only with consent, and no
initiative or gathering that is not public appears at all."""

import datetime
import html
import re
from collections import deque
from urllib.parse import quote, urldefrag, urlsplit

import pytest
from django.core.management import call_command

from gatherings.models import Gathering
from initiatives.models import Initiative
from tests.factories import make_initiative
from tests.gatherings.factories import make_gathering

pytestmark = pytest.mark.slow  # a crawl of every page and API format
MAX_PAGES = 400
REGIONS = ("noorden", "midden", "zuiden")
LINK = re.compile(r'(?:href|src)="([^"]+)"')
SKIPPED = ("/static/", "/admin/", "/en/admin/", "/i18n/", "/favicon.ico")
SHOWN = {  # consented contact details, and where they must appear
    "email": "zichtbaar.contact@example.org",
    "name": "Zichtbaar Contactpersoon",
}
PUBLIC = {  # the public contact and an address to show: on every output
    "public_email": "info.zichtbaar@example.org",
    "public_phone": "0512 987654",
    "address": "Toonstraat 12",
}
SECRETS = [
    "verborgen.contact@example.org",  # published, no consent
    "Verborgen Contactpersoon",
    "Wachtend Initiatief Qx",  # pending, with consent
    "wachtend.contact@example.org",
    "Afgewezen Initiatief Zr",  # rejected, with consent
    "afgewezen.contact@example.org",
    "Gearchiveerd Initiatief Yv",  # archived, with consent
    "gearchiveerd.contact@example.org",
    "Nog Niet Goedgekeurd Wk",  # an update waiting for a moderator
    "wijziging.contact@example.org",
    "Concept Bijeenkomst Vb",  # a draft gathering
    "Geheimstraat 77",  # published, the address not to be shown
    "wachtend.publiek@example.org",  # pending: its public contact too
    "0599 111222",
    "wijziging.publiek@example.org",  # in an update waiting for a moderator
    "https://social.example.org/wachtend",
]


@pytest.fixture
def seeded_everything(seeded):
    call_command("load_gatherings", verbosity=0)
    shown = make_initiative(
        name="Zichtbaar Initiatief",
        contact_name=SHOWN["name"],
        contact_email=SHOWN["email"],
        contact_consent=True,
        show_address=True,
        **PUBLIC,
    )
    hidden = make_initiative(
        name="Verborgen Initiatief",
        lon=6.51,
        lat=53.39,
        contact_name="Verborgen Contactpersoon",
        contact_email="verborgen.contact@example.org",
        contact_consent=False,
        address="Geheimstraat 77",
        show_address=False,
    )
    for status, word in (("pending", "wachtend"), ("rejected", "afgewezen")):
        make_initiative(
            name=next(s for s in SECRETS if s.lower().startswith(word)),
            status=status,
            contact_email=f"{word}.contact@example.org",
            contact_consent=True,
            public_email=f"{word}.publiek@example.org",
            public_phone="0599 111222",
            social_links=[f"https://social.example.org/{word}"],
        )
    pending_host = Initiative.objects.get(status="pending")
    make_initiative(
        name="Gearchiveerd Initiatief Yv",
        status="archived",
        contact_email="gearchiveerd.contact@example.org",
        contact_consent=True,
    )
    hidden.pending_changes = {
        "name": "Nog Niet Goedgekeurd Wk",
        "contact_email": "wijziging.contact@example.org",
        "contact_consent": True,
        "public_email": "wijziging.publiek@example.org",
    }
    hidden.save()
    day = datetime.date.today() + datetime.timedelta(days=30)
    make_gathering(title="Bij het verborgen initiatief", host_initiative=hidden)
    # No longer allowed, but an older database may hold such a gathering.
    waiting = make_gathering(title="Bij een wachtend initiatief")
    Gathering.objects.filter(pk=waiting.pk).update(host_initiative=pending_host)
    make_gathering(title="Concept Bijeenkomst Vb", status=Gathering.Status.DRAFT)
    make_gathering(title="Aanmelden per mail", start_date=day, signup_email="a@b.nl")
    return shown, hidden


def api_urls(initiatives, gatherings):
    urls = [
        "/api/v1/initiatives",
        "/api/v1/initiatives?format=json",
        "/api/v1/initiatives?format=csv",
        "/api/v1/initiatives?limit=1000&updated_since=2000-01-01",
        "/api/v1/initiatives?format=csv&updated_since=2000-01-01",
        "/api/v1/initiatives?q=initiatief&near=52.5,5.9&radius_km=500",
        "/api/v1/regions",
        "/api/v1/regions?geometry=none",
        "/api/v1/provinces",
        "/api/v1/municipalities",
        "/api/v1/tags",
        "/api/v1/places?q=Kampen",
        "/api/v1/stats",
        "/api/v1/schema/",
        "/api/v1/openapi.json",
        "/api/v1/docs",
        "/api/v1/redoc",
        "/ogc",
        "/ogc/conformance",
        "/ogc/collections",
        "/ogc/collections/initiatives",
        "/ogc/collections/initiatives/items?limit=1000",
        "/ogc/collections/initiatives/items?f=json&bbox=3,50,8,54",
        "/bijeenkomsten/agenda.ics",
        *(f"/bijeenkomsten/{slug}/agenda.ics" for slug in REGIONS),
        "/bijeenkomsten/?regio=noorden",
        "/plaatsen/zoek/?q=Kampen",
        "/initiatieven/?q=initiatief",
    ]
    for initiative in initiatives:  # guessed URLs too: they must be 404s
        urls += initiative_urls(initiative)
    for gathering in gatherings:
        urls += [
            f"/bijeenkomsten/{gathering.slug}/",
            f"/bijeenkomsten/{gathering.slug}.ics",
        ]
    return urls


def initiative_urls(initiative):
    return [
        f"/initiatieven/{initiative.slug}/",
        f"/api/v1/initiatives/{initiative.slug}",
        f"/api/v1/initiatives/{initiative.slug}?format=json",
        f"/api/v1/initiatives/{initiative.slug}?format=csv",
        f"/ogc/collections/initiatives/items/{initiative.pk}",
    ]


def links(response) -> list[str]:
    if not response["Content-Type"].startswith("text/html"):
        return []
    found = []
    for href in LINK.findall(response.text):
        url, _ = urldefrag(html.unescape(href))
        parts = urlsplit(url)
        if parts.netloc not in ("", "testserver") or not parts.path.startswith("/"):
            continue  # another site, mailto:, javascript:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not path.startswith(SKIPPED):
            found.append(path)
    return found


def crawl(client, start) -> dict[str, object]:
    """Breadth first from the start URLs, following internal links."""
    seen, queue, pages = set(start), deque(start), {}
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        assert response.status_code < 500, url
        pages[url] = response
        for link in links(response):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return pages


def forms_of(text: str) -> set[str]:
    return {text, html.escape(text), quote(text), text.replace("@", "\\u0040")}


@pytest.fixture
def pages(seeded_everything, client, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {name: "100000/minute" for name in rates},
    }
    extra = api_urls(Initiative.objects.all(), Gathering.objects.all())
    return crawl(client, ["/", "/en/", *extra])


def body(response) -> str:
    return response.content.decode("utf-8", errors="replace")


def test_no_secret_appears_anywhere(pages):
    reached = set(pages)
    assert len(reached) > 60  # the crawl followed links
    for expected in (
        "/en/initiatieven/verborgen-initiatief/",
        "/initiatieven/?theme=zorg",
        "/en/privacy/",
        "/meld-aan/",
        "/bijeenkomsten/",
    ):
        assert expected in reached, expected
    for url, response in pages.items():
        text = body(response)
        for secret in SECRETS:
            for form in forms_of(secret):
                assert form not in text, (url, secret)


def test_consented_contacts_appear_and_hidden_pages_are_not_found(pages):
    """The check above can fail: consented details are in the same output."""
    shown = Initiative.objects.get(name="Zichtbaar Initiatief")
    urls = initiative_urls(shown) + ["/api/v1/initiatives?format=csv"]
    for url in urls:
        assert SHOWN["email"] in body(pages[url]), url
        for value in PUBLIC.values():
            assert value in body(pages[url]), (url, value)
    assert SHOWN["name"] in body(pages[urls[0]])
    signup = Gathering.objects.get(title="Aanmelden per mail")
    assert "a@b.nl" in body(pages[f"/bijeenkomsten/{signup.slug}/"])  # public
    for initiative in Initiative.objects.exclude(status="published"):
        for url in initiative_urls(initiative):
            assert pages[url].status_code == 404, url
    draft = Gathering.objects.get(status=Gathering.Status.DRAFT)
    assert pages[f"/bijeenkomsten/{draft.slug}/"].status_code == 404
