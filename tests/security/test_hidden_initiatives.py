"""Initiatives that were never public leave no trace: every list, map, API,
OGC, CSV and sync parameter (and combination) answers exactly as if they
did not exist, down to the counts and the Last-Modified header.

The test is differential: each URL is asked once with the hidden rows in
the database and once after they are gone, and the answers must be equal.
"""

import re
from urllib.parse import urlencode

import pytest
from django.contrib.gis.geos import Point
from django.core.cache import cache

from initiatives import services
from initiatives.models import Initiative, Tombstone
from tests.factories import make_initiative, make_withdrawn

DEN_ANDEL = (6.51, 53.39)  # lon, lat: Het Hogeland (GM1966), Groningen, noorden
ZEIST = (5.31528, 52.08)  # Utrecht, midden
WORDS = ("Qxwachtend", "Zrafgewezen", "Wkwijziging", "Yvgearchiveerd")

# Filters that would pick out the hidden rows, were they evaluated on them.
API_FILTERS = [
    {},
    *({"q": word} for word in WORDS),
    {"bbox": "6.50,53.38,6.52,53.40"},
    {"bbox": "5.31,52.07,5.32,52.09"},
    {"near": "53.39,6.51", "radius_km": "1"},
    {"near": "53.39,6.51", "radius_km": "1", "ordering": "distance"},
    {"place": "Den Andel", "radius_km": "2"},
    {"region": "noorden"},
    {"region": "midden"},
    {"province": "Groningen"},
    {"province": "Utrecht"},
    {"municipality": "GM1966"},
    {"municipality": "Zeist"},
    {"tag": "zorg"},
    {"tag_any": "zorg"},
    {"tag": "zorg", "region": "noorden", "q": "Qxwachtend"},
    {"ordering": "-updated", "limit": "1"},
    {"limit": "1", "offset": "1"},
]
SYNC_FILTERS = [{"updated_since": "2000-01-01T00:00:00Z", **f} for f in API_FILTERS]
SYNC_FILTERS = [f for f in SYNC_FILTERS if "ordering" not in f]
FORMATS = [{}, {"format": "json"}, {"format": "csv"}]
OGC_ITEMS = [
    {},
    {"limit": "1000"},
    {"bbox": "6.50,53.38,6.52,53.40"},
    {"bbox": "5.31,52.07,5.32,52.09"},
    {"datetime": "../.."},
    {"datetime": "2000-01-01T00:00:00Z/..", "bbox": "3,50,8,54"},
]
MAP_FILTERS = [
    {},
    {"q": "Qxwachtend"},
    {"q": "Wkwijziging"},
    {"tag": "zorg"},
    {"near": "53.39,6.51", "radius_km": "1"},
    {"place": "Den Andel", "radius_km": "2"},
    {"place": "Zeist", "tag": "zorg"},
]
DIRECTORY_FILTERS = [
    {},
    {"q": "Qxwachtend"},
    {"q": "Zrafgewezen"},
    {"place": "Den Andel", "radius": "5"},
    {"theme": "zorg"},
    {"region": "noorden"},
    {"province": "Utrecht"},
    {"municipality": "GM1966"},
    {"theme": "zorg", "region": "noorden", "q": "Qxwachtend"},
]


def with_query(path, params):
    return f"{path}?{urlencode(params)}" if params else path


def public_urls(public):
    """Every read path, with the parameters that target the hidden rows."""
    api = "/api/v1/initiatives"
    urls = [
        with_query(api, {**f, **fmt})
        for f in API_FILTERS + SYNC_FILTERS
        for fmt in FORMATS
    ]
    urls += [with_query("/ogc/collections/initiatives/items", f) for f in OGC_ITEMS]
    for path in ("/kaart/", "/kaart/noorden/", "/kaart/midden/", "/kaart/embed/"):
        urls += [with_query(path, f) for f in MAP_FILTERS]
    urls += [with_query("/initiatieven/", f) for f in DIRECTORY_FILTERS]
    urls += [
        "/",
        "/api/v1/stats",
        "/api/v1/tags",
        f"/initiatieven/{public.slug}/",  # its neighbours and JSON-LD
        f"/api/v1/initiatives/{public.slug}",
        f"/ogc/collections/initiatives/items/{public.pk}",
        f"/kaart/initiatief/{public.pk}/popup/",
    ]
    return urls


def guessed_urls(initiative):
    """The addresses of one hidden initiative: each must be a 404."""
    return [
        f"/initiatieven/{initiative.slug}/",
        f"/api/v1/initiatives/{initiative.slug}",
        f"/api/v1/initiatives/{initiative.slug}?format=csv",
        f"/ogc/collections/initiatives/items/{initiative.pk}",
        f"/kaart/initiatief/{initiative.pk}/popup/",
    ]


VOLATILE = [
    (re.compile(r'nonce="[^"]*"'), 'nonce=""'),
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'), "csrf"),
    (
        re.compile(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])"),
        "id",
    ),  # folium's element ids
    (re.compile(r'"timeStamp":"[^"]*"'), "timeStamp"),
]


def answer(client, url):
    response = client.get(url)
    assert response.status_code < 500, url
    text = response.content.decode()
    for pattern, replacement in VOLATILE:
        text = pattern.sub(replacement, text)
    headers = ("Content-Type", "Last-Modified")
    if url.startswith("/api/"):
        headers += ("ETag",)
    return response.status_code, text, [response.get(h) for h in headers]


@pytest.fixture
def world(db, geography, no_rate_limits):
    """One public initiative, one that was public and is archived now (its
    private values point at the hidden rows' filters)."""
    public = make_initiative(name="Zichtbaar Initiatief", tags=["wonen"])
    make_withdrawn(
        name="Yvgearchiveerd",
        lon=DEN_ANDEL[0],
        lat=DEN_ANDEL[1],
        place_name="Den Andel",
        tags=["zorg"],
    )
    return public


def hide(public):
    """Rows the public must never learn of; returns them."""
    hidden = [
        make_initiative(
            name=f"{word} Initiatief",
            summary=f"{word} zorgt.",
            lon=lon,
            lat=lat,
            place_name=place,
            status=status,
            tags=["zorg"],
            contact_consent=True,
        )
        for word, status, (lon, lat), place in (
            ("Qxwachtend", "pending", DEN_ANDEL, "Den Andel"),
            ("Zrafgewezen", "rejected", ZEIST, "Zeist"),
        )
    ]
    services.request_update(
        initiative=public,
        tags=[],
        name="Wkwijziging",
        location=Point(*DEN_ANDEL, srid=4326),
        place_name="Den Andel",
    )
    return hidden


@pytest.mark.slow
def test_hidden_initiatives_change_no_answer(world, client):
    public = world
    hidden = hide(public)
    urls = public_urls(public)
    assert len(urls) > 150
    with_hidden = {url: answer(client, url) for url in urls}
    for initiative in hidden:
        for url in guessed_urls(initiative):
            assert client.get(url).status_code == 404, url

    Initiative.objects.filter(pk__in=[i.pk for i in hidden]).delete()
    Initiative.objects.filter(pk=public.pk).update(pending_changes=None)
    ids = [i.pk for i in hidden]
    assert not Tombstone.objects.filter(initiative_id__in=ids).exists()  # no trace
    cache.clear()
    for url in urls:
        assert answer(client, url) == with_hidden[url], url


def test_the_check_above_can_fail(world, client):
    """A hidden row that becomes public changes the answers it targets."""
    public = world
    url = "/api/v1/initiatives?q=Qxwachtend&format=csv"
    before = answer(client, url)
    hidden = hide(public)
    services.publish(initiative=hidden[0])
    cache.clear()
    assert answer(client, url) != before


def test_tombstones_are_not_filtered(world, client):
    """Filters never see a withdrawn initiative's current (private) values:
    its tombstone comes back for every filter or for none."""
    archived = Initiative.objects.get(status="archived")

    def tombstones(params):
        url = with_query("/api/v1/initiatives", {**params, "format": "json"})
        rows = client.get(url).json()["results"]
        return [row["id"] for row in rows if row["status"] != "published"]

    for params in SYNC_FILTERS:
        if "limit" not in params:
            assert tombstones(params) == [archived.pk], params


def test_a_withdrawn_initiatives_private_edits_show_nowhere(world, client):
    """After it left the list, what happens to an initiative is private: its
    tombstone and Last-Modified keep the moment it left."""
    urls = [
        with_query("/api/v1/initiatives", {**f, **fmt})
        for f in SYNC_FILTERS[:3]
        for fmt in FORMATS
    ]
    before = {url: answer(client, url) for url in urls}
    archived = Initiative.objects.get(status="archived")
    archived.name = "Qxwachtend"
    archived.status = Initiative.Status.REJECTED
    archived.save()
    for url in urls:
        assert answer(client, url) == before[url], url
    # Public again: a full row, and the tombstone is gone.
    archived.status = Initiative.Status.PUBLISHED
    archived.save()
    rows = client.get(urls[1]).json()["results"]
    assert [r["status"] for r in rows if r["id"] == archived.pk] == ["published"]
