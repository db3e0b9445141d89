import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from initiatives import services
from initiatives.models import Initiative
from tests.factories import make_initiative
from tests.maps.pages import layer_config

NOORDEN = reverse("maps:region", args=["noorden"])
VIEWS = ("region", "region-embed")


def map_ids(response) -> list[int]:
    """The initiative ids in the marker data of a rendered map page."""
    config = layer_config(response.content, "initiative")
    return sorted(row[2] for row in config["rows"])


def list_names(response) -> list[str]:
    return [i.name for i in response.context["page_obj"]]


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
    assert map_ids(response) == sorted(i.pk for i in north)
    assert list_names(response) == ["De Holm", "Het 8ste Werk"]
    assert response.context["count"] == 2


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
        assert map_ids(response) == [shown.pk]
        assert b"Verborgen" not in response.content
    popup = reverse("maps:popup", kwargs={"pk": hidden.pk})
    assert client.get(popup).status_code == 404


def test_list_links_to_initiative_pages(client, seeded):
    response = client.get(NOORDEN)
    holm = Initiative.objects.get(slug="de-holm")
    assert f'href="{holm.get_absolute_url()}"'.encode() in response.content


def test_list_is_paged_while_the_map_holds_all(client, db):
    for number in range(105):
        make_initiative(name=f"Initiatief {number:03}")
    response = client.get(NOORDEN)
    assert len(map_ids(response)) == 105
    assert len(list_names(response)) == 100
    second = client.get(NOORDEN, {"page": 2})
    assert list_names(second) == [f"Initiatief {n}" for n in range(100, 105)]


def test_tag_filter_keeps_initiatives_with_all_of_the_themes(client, db):
    both = make_initiative(tags=["wonen", "zorg"])
    make_initiative(tags=["zorg"])
    make_initiative(tags=["jeugd"])
    response = client.get(NOORDEN, {"tag": ["wonen", "zorg"]})
    assert map_ids(response) == [both.pk]


def test_text_filter(client, db):
    found = make_initiative(name="Tuinkamer")
    make_initiative(name="Zorgerf")
    assert map_ids(client.get(NOORDEN, {"q": "tuin"})) == [found.pk]


def test_place_filter_finds_initiatives_within_the_radius(client, db):
    kampen = make_initiative(lon=5.911, lat=52.555)
    make_initiative(lon=6.567, lat=53.219)  # Groningen, about 90 km away
    response = client.get(reverse("maps:country"), {"place": "Kampen"})
    assert map_ids(response) == [kampen.pk]
    wide = client.get(reverse("maps:country"), {"place": "Kampen", "radius_km": 120})
    assert len(map_ids(wide)) == 2


def test_near_filter_takes_latitude_first(client, db):
    kampen = make_initiative(lon=5.911, lat=52.555)
    response = client.get(NOORDEN, {"near": "52.56,5.92", "radius_km": "5"})
    assert map_ids(response) == [kampen.pk]
    assert map_ids(client.get(NOORDEN, {"near": "5.92,52.56"})) == []


def test_postcode_as_place(client, db):
    kampen = make_initiative(lon=5.911, lat=52.555)
    assert map_ids(client.get(NOORDEN, {"place": "8261"})) == [kampen.pk]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"near": "200,5"}, "Latitude must lie between -90 and 90."),
        ({"near": "kampen"}, "Give a point as latitude,longitude."),
        ({"near": "nan,5"}, "Give a point as latitude,longitude."),
        ({"place": "Nergenshuizen"}, "No place or postcode “Nergenshuizen”"),
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


def test_popup_is_escaped_and_keeps_the_contact_private(client, db):
    initiative = make_initiative(name="<script>alert(1)</script>", tags=["zorg"])
    response = client.get(reverse("maps:popup", kwargs={"pk": initiative.pk}))
    assert response.status_code == 200
    assert b"<script>" not in response.content
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in response.content
    assert initiative.contact_email.encode() not in response.content


def test_map_page_escapes_names_and_keeps_contacts_private(client, db):
    initiative = make_initiative(name="<img src=x onerror=alert(1)>")
    response = client.get(NOORDEN)
    assert b"<img src=x" not in response.content
    assert b"&lt;img src=x onerror=alert(1)&gt;" in response.content
    assert initiative.contact_email.encode() not in response.content


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
    assert pending.pk not in map_ids(before)
    services.publish(initiative=pending)
    assert pending.pk in map_ids(client.get(NOORDEN))


def test_cached_map_changes_when_an_initiative_moves(client, db):
    initiative = make_initiative(lon=5.911, lat=52.555)
    client.get(NOORDEN)
    initiative.location.x = 5.95
    initiative.save()
    response = client.get(NOORDEN)
    assert b"[52.555,5.95," in response.content


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
    assert map_ids(second) == map_ids(first)
    cache.clear()
    assert map_name(client.get(NOORDEN)) != map_name(first)  # built anew


@pytest.mark.parametrize("count", [2, 30])
def test_map_query_count_is_flat(client, db, django_assert_max_num_queries, count):
    for _ in range(count):
        make_initiative(tags=["zorg"])
    # 10, and the gatherings' version and their points.
    with django_assert_max_num_queries(12):
        response = client.get(NOORDEN, {"tag": "zorg", "place": "Kampen"})
    assert len(map_ids(response)) == count
