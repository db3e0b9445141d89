"""One location search: the directory, the maps and the API share the
default radius, the maximum and the meaning of several themes."""

import re

import pytest
from django.urls import reverse

from areas import search
from initiatives.models import Initiative
from tests.factories import make_initiative
from tests.maps.test_views import map_ids

DIRECTORY = "/en" + reverse("initiatives:list")
MAP = "/en" + reverse("maps:country")
API = "/api/v1/initiatives"
ZWOLLE = {"lon": 6.094, "lat": 52.512}  # about 13 km from Kampen


def selected_radius(response) -> list[str]:
    menu = re.search(r'<select name="radius".*?</select>', response.text, re.S)
    return re.findall(r'<option value="([^"]*)"[^>]*selected', menu.group(0))


def test_the_directory_menu_shows_the_default_radius_it_uses(seeded, client):
    response = client.get(DIRECTORY, {"place": "Kampen"})
    assert "within 25 km of Kampen" in response.text
    assert selected_radius(response) == [str(search.DEFAULT_RADIUS_KM)]


def test_the_directory_menu_keeps_a_radius_from_the_address(seeded, client):
    response = client.get(DIRECTORY, {"place": "Kampen", "radius": "7"})
    assert response.status_code == 200
    assert "within 7 km of Kampen" in response.text
    assert selected_radius(response) == ["7"]


def test_the_map_uses_the_default_radius_and_shows_it(db, client):
    zwolle = make_initiative(name="Zwolle", **ZWOLLE)
    response = client.get(MAP, {"place": "Kampen"})
    assert map_ids(client, response) == [zwolle.pk]
    assert "Within 25 km of Kampen (Overijssel)." in response.text  # namesakes
    assert re.search(r'name="radius_km" value="25"', response.text)


def test_the_api_uses_the_default_radius(db, client):
    zwolle = make_initiative(name="Zwolle", **ZWOLLE)
    features = client.get(API, {"place": "Kampen"}).json()["features"]
    assert [f["id"] for f in features] == [zwolle.pk]


def test_several_themes_mean_all_of_them_everywhere(seeded, client):
    both = make_initiative(name="Beide", tags=["wonen", "ontmoeting"])
    one = make_initiative(name="Een", tags=["wonen"])
    themes = ["wonen", "ontmoeting"]
    expected = set(
        Initiative.objects.published()
        .filter(tags__slug="wonen")
        .filter(tags__slug="ontmoeting")
        .values_list("pk", flat=True)
    )
    assert both.pk in expected and one.pk not in expected
    directory = client.get(DIRECTORY, {"theme": themes}).context["object_list"]
    api = client.get(API, {"tag": themes}).json()["features"]
    assert {i.pk for i in directory} == expected
    assert set(map_ids(client, client.get(MAP, {"tag": themes}))) == expected
    assert {f["id"] for f in api} == expected


@pytest.mark.parametrize(
    ("url", "name"), [(DIRECTORY, "radius"), (MAP, "radius_km"), (API, "radius_km")]
)
def test_one_maximum_radius_everywhere(seeded, client, url, name):
    ok = client.get(url, {"place": "Kampen", name: str(search.MAX_RADIUS_KM)})
    too_far = client.get(url, {"place": "Kampen", name: "501"})
    assert ok.status_code == 200
    assert too_far.status_code == 400
