"""The text search forgives case and accents, the same on SpatiaLite and
PostGIS (run this file with DATABASE_URL=postgis://... for the latter)."""

import pytest
from django.urls import reverse

from initiatives.models import Initiative
from tests.factories import make_initiative


@pytest.fixture
def cafe(db):
    return make_initiative(
        name="Zorgcoöperatie Hoogland",
        summary="Een café voor ouderen in ’s-Hertogenbosch.",
        place_name="Kampen",
    )


def found(text):
    return list(Initiative.objects.matching(text).values_list("name", flat=True))


@pytest.mark.parametrize(
    "text",
    [
        "zorgcooperatie",
        "ZORGCOÖPERATIE",
        "Zorgcoöperatie",
        "zorgcoöp",
        "cafe ouderen",
        "CAFÉ",
        "hertogenbosch",
        "s-hertogenbosch",
        "kampen",
    ],
)
def test_case_and_accents_do_not_matter(cafe, text):
    assert found(text) == ["Zorgcoöperatie Hoogland"]


@pytest.mark.parametrize("text", ["zorgcooperatie amsterdam", "koffie", "!!!"])
def test_every_word_must_match(cafe, text):
    assert found(text) == []


def test_an_empty_search_keeps_everything(cafe):
    assert found("  ") == ["Zorgcoöperatie Hoogland"]


def test_the_search_text_follows_every_save(cafe):
    cafe.name = "Buurtkracht"
    cafe.save(update_fields=["name"])
    assert found("buurtkracht") == ["Buurtkracht"]
    assert found("zorgcooperatie") == []


def test_the_directory_and_the_api_forgive_accents(seeded, client):
    listing = client.get(reverse("initiatives:list"), {"q": "zorgcooperatie"})
    assert [i.name for i in listing.context["object_list"]] == [
        "Zorgcoöperatie Austerlitz"
    ]
    api = client.get("/api/v1/initiatives", {"q": "ZORGCOOPERATIE austerlitz"}).json()
    items = api.get("results", api.get("features", api))
    assert len(items) == 1
