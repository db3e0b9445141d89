import json
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from initiatives import services
from initiatives.models import Initiative
from tests.factories import make_initiative

NOORDEN = reverse("maps:region", args=["noorden"])
VIEWS = ("region", "region-embed")


def map_state(response) -> dict:
    """What the page hands its script: the API query, the bounds to fit."""
    found = re.search(
        rb'<script id="map-state" type="application/json">(.*?)</script>',
        response.content,
    )
    return json.loads(found[1])


def viewport(client, response, zoom=10) -> dict:
    """The viewport data the page's script asks for (the whole world)."""
    query = map_state(response)["query"]
    url = reverse("api:initiative-map")
    return client.get(f"{url}?{query}&zoom={zoom}").json()


def map_ids(client, response) -> list[int]:
    """The initiatives the map of a page shows, as its script loads them."""
    return sorted(point["id"] for point in viewport(client, response)["points"])


@pytest.mark.parametrize(
    "url",
    [
        reverse("maps:country"),
        reverse("maps:region", args=["noorden"]),
        reverse("maps:region", args=["midden"]),
        reverse("maps:region", args=["zuiden"]),
        reverse("maps:country-embed"),
        reverse("maps:region-embed", args=["zuiden"]),
    ],
)
def test_map_pages_show(client, seeded, url):
    response = client.get(url)
    assert response.status_code == 200
    assert b"omzienInitiatives(" in response.content


def test_map_urls_are_dutch():
    assert NOORDEN == "/kaart/noorden/"
    assert reverse("maps:region-embed", args=["noorden"]) == "/kaart/noorden/embed/"


def test_unknown_region_is_not_found(client, db):
    assert client.get("/kaart/nergens/").status_code == 404
    assert client.get("/kaart/nergens/embed/").status_code == 404


def test_region_map_holds_its_own_initiatives(client, seeded):
    response = client.get(NOORDEN)
    north = Initiative.objects.filter(slug__in=["de-holm", "het-8ste-werk"])
    assert map_ids(client, response) == sorted(i.pk for i in north)
    data = viewport(client, response)
    assert [item["name"] for item in data["list"]] == ["De Holm", "Het 8ste Werk"]
    assert data["total"] == 2


@pytest.mark.parametrize(
    "status",
    [
        Initiative.Status.PENDING,
        Initiative.Status.REJECTED,
        Initiative.Status.ARCHIVED,
    ],
)
def test_unpublished_initiatives_never_reach_a_map(client, db, status):
    hidden = make_initiative(name="Verborgen", status=status)
    shown = make_initiative(name="Zichtbaar")
    for url in (NOORDEN, reverse("maps:country"), reverse("maps:country-embed")):
        response = client.get(url)
        assert map_ids(client, response) == [shown.pk]
        assert b"Verborgen" not in response.content
    assert hidden.pk not in map_ids(client, client.get(reverse("maps:country")))


def test_the_page_holds_no_initiatives_and_links_the_same_search(client, seeded):
    """The list comes by viewport; the directory link and the downloads
    keep the search."""
    response = client.get(NOORDEN, {"tag": "zorg", "place": "Kampen"})
    assert b"De Holm" not in response.content
    html = response.content.decode()
    assert (
        "/initiatieven/?theme=zorg&amp;place=Kampen&amp;radius=25&amp;region=noorden"
        in html
    )
    assert "/api/v1/initiatives?format=csv&amp;limit=1000&amp;tag=zorg" in html
    assert map_state(response)["fit"] is not None


def test_an_unknown_place_keeps_the_map_and_suggests_names(client, seeded):
    response = client.get(reverse("maps:country"), {"place": "Kampn"})
    assert response.status_code == 200
    assert b"omzienInitiatives(" in response.content
    assert "place" not in map_state(response)["query"]
    assert [place.name for place in response.context["suggestions"]][0] == "Kampen"
    assert b"?place=Kampen" in response.content


def test_tag_filter_keeps_initiatives_with_all_of_the_themes(client, db):
    both = make_initiative(tags=["wonen", "zorg"])
    make_initiative(tags=["zorg"])
    make_initiative(tags=["jeugd"])
    response = client.get(NOORDEN, {"tag": ["wonen", "zorg"]})
    assert map_ids(client, response) == [both.pk]


def test_text_filter(client, db):
    found = make_initiative(name="Tuinkamer")
    make_initiative(name="Zorgerf")
    assert map_ids(client, client.get(NOORDEN, {"q": "tuin"})) == [found.pk]


def test_place_filter_finds_initiatives_within_the_radius(client, db):
    kampen = make_initiative(lon=5.911, lat=52.555)
    make_initiative(lon=6.567, lat=53.219)  # Groningen, about 90 km away
    response = client.get(reverse("maps:country"), {"place": "Kampen"})
    assert map_ids(client, response) == [kampen.pk]
    wide = client.get(reverse("maps:country"), {"place": "Kampen", "radius_km": 120})
    assert len(map_ids(client, wide)) == 2


def test_near_filter_takes_latitude_first(client, db):
    kampen = make_initiative(lon=5.911, lat=52.555)
    response = client.get(NOORDEN, {"near": "52.56,5.92", "radius_km": "5"})
    assert map_ids(client, response) == [kampen.pk]
    assert map_ids(client, client.get(NOORDEN, {"near": "5.92,52.56"})) == []


def test_postcode_as_place(client, db):
    kampen = make_initiative(lon=5.911, lat=52.555)
    assert map_ids(client, client.get(NOORDEN, {"place": "8261"})) == [kampen.pk]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"near": "200,5"}, "Latitude must lie between -90 and 90."),
        ({"near": "kampen"}, "Give a point as latitude,longitude."),
        ({"near": "nan,5"}, "Give a point as latitude,longitude."),
        ({"place": "Kampen", "near": "52.5,5.9"}, "either a place or a point"),
        ({"radius_km": "-3", "place": "Kampen"}, "greater than or equal to 0.001"),
        ({"radius_km": "veel", "place": "Kampen"}, "Enter a number."),
        ({"radius_km": "inf", "place": "Kampen"}, "Enter a number."),
        ({"radius_km": "5000", "place": "Kampen"}, "less than or equal to 500"),
        ({"tag": "bestaat-niet"}, "There is no theme “bestaat-niet”."),
        ({"q": "x" * 201}, "at most 200 characters"),
    ],
)
def test_bad_filters_get_a_clear_message(client, seeded, query, message):
    with translation.override("en"):  # the messages in English
        urls = [reverse(f"maps:{name}", args=["noorden"]) for name in VIEWS]
    for url in urls:
        response = client.get(url, query)
        assert response.status_code == 400
        assert message in response.content.decode()
        assert b'role="alert"' in response.content


def test_map_page_escapes_names_and_keeps_contacts_private(client, db):
    initiative = make_initiative(name="<img src=x onerror=alert(1)>")
    response = client.get(NOORDEN, {"q": "<img src=x onerror=alert(1)>"})
    assert b"<img src=x" not in response.content
    assert b"&lt;img src=x onerror=alert(1)&gt;" in response.content
    assert (
        initiative.contact_email.encode()
        not in str(viewport(client, response)).encode()
    )


def test_only_the_embed_may_be_framed(client, seeded):
    assert client.get(NOORDEN)["X-Frame-Options"] == "DENY"
    assert client.get(reverse("maps:country"))["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in client.get(NOORDEN)["Content-Security-Policy"]
    embed = client.get(reverse("maps:region-embed", args=["noorden"]))
    assert "X-Frame-Options" not in embed
    assert "frame-ancestors *" in embed["Content-Security-Policy"]


def test_map_page_offers_the_iframe_code_with_its_themes(client, seeded):
    response = client.get(NOORDEN, {"tag": "wonen", "page": "1"})
    code = response.context["embed_code"]
    assert code.startswith(
        '<iframe src="http://testserver/kaart/noorden/embed/?tag=wonen"'
    )
    assert "page=" not in code
    assert b"&lt;iframe src=" in response.content  # shown as text to copy


@pytest.mark.parametrize("view", ["region", "region-embed"])
def test_map_script_carries_the_policy_nonce(client, seeded, view):
    response = client.get(reverse(f"maps:{view}", args=["noorden"]))
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    assert f'<script nonce="{nonce.group(1)}">'.encode() in response.content


def test_embedded_map_opens_links_outside_the_frame(client, seeded):
    response = client.get(reverse("maps:region-embed", args=["noorden"]))
    assert b'<base target="_blank">' in response.content
    assert b'href="http://testserver/kaart/noorden/"' in response.content


def test_cached_map_changes_when_an_initiative_is_published(client, db):
    make_initiative()
    pending = make_initiative(status=Initiative.Status.PENDING)
    before = client.get(NOORDEN)
    assert pending.pk not in map_ids(client, before)
    services.publish(initiative=pending)
    assert pending.pk in map_ids(client, client.get(NOORDEN))


def test_cached_map_changes_when_an_initiative_moves(client, db):
    initiative = make_initiative(lon=5.911, lat=52.555)
    client.get(NOORDEN)
    initiative.location.x = 5.95
    initiative.save()
    response = client.get(NOORDEN)
    assert viewport(client, response)["points"][0]["lon"] == 5.95


def map_name(response) -> bytes:
    """The element id folium gives a map: a fresh random one for each build."""
    return re.search(rb'class="folium-map" id="(map_[0-9a-f]+)"', response.content)[1]


def test_warm_map_is_served_from_the_cache(client, db, django_assert_max_num_queries):
    """The second request reuses the first one's render instead of building
    the map again, in a few queries whatever the number of initiatives."""
    make_initiative()
    first = client.get(NOORDEN)
    with django_assert_max_num_queries(7):
        second = client.get(NOORDEN)
    assert map_name(second) == map_name(first)
    cache.clear()
    assert map_name(client.get(NOORDEN)) != map_name(first)  # built anew


@pytest.mark.parametrize("count", [2, 30])
def test_map_query_count_is_flat(client, db, django_assert_max_num_queries, count):
    for _ in range(count):
        make_initiative(tags=["zorg"])
    # The themes, regions, place, gatherings' version and points, the render.
    with django_assert_max_num_queries(10):
        response = client.get(NOORDEN, {"tag": "zorg", "place": "Kampen"})
    assert len(map_ids(client, response)) == count
