import pytest
from django.urls import reverse

from initiatives.models import Initiative
from tests.factories import make_initiative

URL = "/en" + reverse("initiatives:list")  # English text in the assertions


def names(response):
    return [initiative.name for initiative in response.context["object_list"]]


def test_directory_lists_published_initiatives_only(seeded, client):
    make_initiative(name="Nog niet gekeurd", status="pending")
    make_initiative(name="Afgewezen", status="rejected")
    response = client.get(URL)
    assert response.status_code == 200
    assert sorted(names(response)) == [
        "De Holm",
        "Het 8ste Werk",
        "Zorgcoöperatie Austerlitz",
    ]
    assert "3 initiatives found." in response.text


def test_near_a_place_sorts_by_distance_and_shows_it(seeded, client):
    make_initiative(name="Verder weg", lon=5.95, lat=52.6)  # ~6 km from Kampen
    response = client.get(URL, {"place": "Kampen", "radius": "25"})
    assert names(response) == ["Het 8ste Werk", "Verder weg"]
    assert response.context["place"].name == "Kampen"
    assert "km away" in response.text
    # Kampen is also a village in Fryslân and in Zeeland: the page says so.
    assert "within 25 km of Kampen (Overijssel), nearest first" in response.text


def test_a_postcode_works_as_a_place(seeded, client):
    response = client.get(URL, {"place": "9988", "radius": "10"})  # Den Andel
    assert names(response) == ["De Holm"]


def test_radius_limits_the_results(seeded, client):
    make_initiative(name="Verder weg", lon=5.95, lat=52.6)
    response = client.get(URL, {"place": "Kampen", "radius": "5"})
    assert names(response) == ["Het 8ste Werk"]


def test_unknown_place_gives_suggestions_not_an_empty_page(seeded, client):
    response = client.get(URL, {"place": "Kampn"})
    assert response.status_code == 200
    assert "We do not know the place “Kampn”" in response.text
    suggestions = [place.name for place in response.context["suggestions"]]
    assert "Kampen" in suggestions
    assert "?place=Kampen" in response.text  # a link that keeps the filters


@pytest.mark.parametrize(
    ("param", "value", "expected"),
    [
        ("region", "midden", ["Zorgcoöperatie Austerlitz"]),
        ("province", "Overijssel", ["Het 8ste Werk"]),
        ("theme", "dementie", ["Zorgcoöperatie Austerlitz"]),
        ("q", "erf", ["Het 8ste Werk"]),
    ],
)
def test_filters_live_in_the_query_string(seeded, client, param, value, expected):
    response = client.get(URL, {param: value})
    assert names(response) == expected


def test_municipality_filter_uses_the_cbs_code(seeded, client):
    holm = Initiative.objects.get(slug="de-holm")
    response = client.get(URL, {"municipality": holm.municipality.code})
    assert names(response) == ["De Holm"]


def test_several_themes_must_all_match(seeded, client):
    response = client.get(URL, {"theme": ["wonen", "ontmoeting"]})
    assert sorted(names(response)) == ["De Holm", "Het 8ste Werk"]


@pytest.mark.parametrize(
    "query",
    [
        {"region": "atlantis"},
        {"theme": "bestaat-niet"},
        {"radius": "501"},
        {"q": "x" * 101},
        {"municipality": "GM9999"},
    ],
)
def test_bad_filters_are_a_400_with_the_form(seeded, client, query):
    response = client.get(URL, query)
    assert response.status_code == 400
    assert "Some filters are not valid" in response.text


def test_pages_of_twenty_and_a_404_past_the_end(db, client):
    for n in range(25):
        make_initiative(name=f"Initiatief {n:02d}")
    first = client.get(URL)
    assert len(first.context["object_list"]) == 20
    assert "Page 1 of 2" in first.text
    second = client.get(URL, {"page": 2})
    assert len(second.context["object_list"]) == 5
    assert client.get(URL, {"page": 3}).status_code == 404
    assert client.get(URL, {"page": "x"}).status_code == 404


def test_pagination_links_keep_the_filters(db, client):
    for _ in range(25):
        make_initiative(tags=[])
    response = client.get(URL, {"place": "Kampen", "radius": "10"})
    assert 'href="?place=Kampen&amp;radius=10&amp;page=2"' in response.text


@pytest.mark.parametrize("count", [2, 30])
def test_directory_query_count_is_flat(
    db, client, django_assert_max_num_queries, count
):
    for _ in range(count):
        make_initiative(tags=["wonen"])
    with django_assert_max_num_queries(12):
        response = client.get(URL, {"place": "Kampen", "theme": "wonen"})
    assert response.context["paginator"].count == count
    assert len(names(response)) == min(count, 20)


def test_directory_never_shows_contact_details_without_consent(db, client):
    make_initiative(
        name="Het Erf", contact_email="geheim@example.org", contact_consent=False
    )
    response = client.get(URL)
    assert names(response) == ["Het Erf"]  # listed, without its address
    assert "geheim@example.org" not in response.text
