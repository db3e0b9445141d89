from django.contrib.gis.geos import Point

from areas.models import Region
from gatherings.layers import map_points
from gatherings.models import Gathering
from tests.gatherings.factories import make_gathering


def test_region_layer_has_the_kennismakingsmiddag_of_22_may(gatherings, first_of_may):
    noorden = Region.objects.get(slug="noorden")
    upcoming = Gathering.objects.published().upcoming().in_region(noorden).for_list()
    (point,) = map_points(upcoming)
    assert point["title"].startswith("Kennismakingsmiddag")
    assert point["date_text"] == "vrijdag 22 mei 2026"
    assert point["url"] == "/bijeenkomsten/kennismakingsmiddag-noorden-2026-05-22/"
    assert point["approximate"] is True
    assert noorden.boundary.contains(Point(point["lon"], point["lat"], srid=4326))


def test_online_gatherings_have_no_point(gatherings):
    online = Gathering.objects.filter(online=True)
    assert online.exists()  # the jam session in the fixtures
    assert map_points(online) == []


def test_a_gathering_with_a_location_is_exact(db):
    make_gathering(lon=6.56, lat=53.22, place_name="Groningen")
    (point,) = map_points(Gathering.objects.all())
    assert (point["lon"], point["lat"], point["approximate"]) == (6.56, 53.22, False)
    assert point["place"] == "Groningen"


def test_layer_query_count_is_flat(db, django_assert_max_num_queries):
    noorden = Region.objects.get(slug="noorden")
    for _ in range(5):
        make_gathering(lon=None, region=noorden)
        make_gathering()
    with django_assert_max_num_queries(2):
        assert len(map_points(Gathering.objects.for_list())) == 10
