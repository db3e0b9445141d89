"""Same-name places told apart by province or municipality, everywhere:
the suggestions, the `place` of a URL, the headings and the API."""

import pytest
from django.contrib.gis.geos import Point
from django.urls import reverse

from areas import geography
from areas.models import Place
from areas.querysets import split_qualifier
from tests.factories import make_initiative

FRISIAN_KAMPEN = Point(5.45166, 53.10456, srid=4326)


@pytest.fixture
def places(db, geography):
    return Place.objects


def test_suggestions_tell_the_three_kampens_apart(places):
    labels = [p.label for p in places.autocomplete("Kampen")]
    assert labels == ["Kampen (Overijssel)", "Kampen (Fryslân)", "Kampen (Zeeland)"]


def test_a_half_typed_province_narrows_the_suggestions(places):
    assert [p.label for p in places.autocomplete("Kampen (Fr")] == ["Kampen (Fryslân)"]


def test_an_other_name_makes_namesakes_too(places):
    # "Bergen (NH)" is also called Bergen: the Limburg village says where it is.
    labels = [p.label for p in places.autocomplete("Bergen")]
    assert labels[:2] == ["Bergen (Limburg)", "Bergen (NH)"]


@pytest.mark.parametrize(
    ("text", "province"),
    [
        ("Kampen", "Overijssel"),  # plain: the largest, as before
        ("kampen", "Overijssel"),
        ("Kampen (Fryslân)", "Fryslân"),
        ("Kampen, Fryslân", "Fryslân"),
        ("KAMPEN (friesland)", "Fryslân"),
        ("Kampen (Súdwest-Fryslân)", "Fryslân"),
        ("Kampen (Zeeland)", "Zeeland"),
        ("Kampen, Hulst", "Zeeland"),
    ],
)
def test_place_picks_one_kampen(places, text, province):
    assert geography.find_place(text).province.name == province


def test_an_unknown_qualifier_finds_nothing(places):
    assert geography.find_place("Kampen (Limburg)") is None


def test_a_plain_name_near_a_point_is_the_nearest_namesake(places):
    assert geography.find_place("Kampen", near=FRISIAN_KAMPEN).label == (
        "Kampen (Fryslân)"
    )


def test_split_qualifier():
    assert split_qualifier("Kampen (Fryslân)") == ("Kampen", "fryslan")
    assert split_qualifier("Den Andel") == ("Den Andel", "")


def test_a_postcode_outside_the_gazetteer_gets_the_nearest_ones(places):
    found = geography.nearby_postcodes("9000")
    assert [p.label for p in found][0] == "9001 (Grou)"
    assert geography.nearby_postcodes("Kampen") == []


def test_the_directory_offers_nearby_postcodes(seeded, client):
    response = client.get("/en" + reverse("initiatives:list"), {"place": "9000"})
    assert "four-digit" not in response.text
    assert "We do not know the postcode “9000”" in response.text
    assert '<a href="?place=9001">9001 (Grou)</a>' in response.text


def test_the_directory_names_the_kampen_and_links_the_others(seeded, client):
    response = client.get("/en" + reverse("initiatives:list"), {"place": "Kampen"})
    assert "Initiatives near Kampen (Overijssel)" in response.text
    assert "Kampen (Fryslân)</a>" in response.text


def test_the_directory_finds_the_frisian_kampen(seeded, client):
    make_initiative(name="Doarpshûs Kampen", lon=5.452, lat=53.104)
    url = reverse("initiatives:list")
    response = client.get(url, {"place": "Kampen (Fryslân)", "radius": "5"})
    names = [i.name for i in response.context["object_list"]]
    assert names == ["Doarpshûs Kampen"]
    assert response.context["namesakes"] == []  # the choice was explicit


def test_the_api_labels_places_and_takes_a_label_as_place(seeded, client):
    make_initiative(name="Doarpshûs Kampen", lon=5.452, lat=53.104)
    places = client.get("/api/v1/places", {"q": "Kampen"}).json()
    assert [p["label"] for p in places][:3] == [
        "Kampen (Overijssel)",
        "Kampen (Fryslân)",
        "Kampen (Zeeland)",
    ]
    found = client.get(
        "/api/v1/initiatives", {"place": "Kampen, Fryslân", "radius_km": "5"}
    ).json()
    items = found.get("results", found.get("features", found))
    assert [i.get("name") or i["properties"]["name"] for i in items] == [
        "Doarpshûs Kampen"
    ]


def test_the_site_suggestions_carry_the_label(places, client):
    response = client.get(reverse("initiatives:places"), {"q": "Zwolle"})
    labels = [p["label"] for p in response.json()["places"]]
    assert labels == ["Zwolle (Overijssel)", "Zwolle (Gelderland)"]
