import pytest
from django.contrib.gis.geos import Point

from areas import geography
from areas.models import Place


@pytest.mark.parametrize(
    ("lon", "lat", "municipality", "province", "region"),
    [
        (5.91111, 52.555, "Kampen", "Overijssel", "noorden"),
        (6.50833, 53.3925, "Het Hogeland", "Groningen", "noorden"),
        (5.31528, 52.08, "Zeist", "Utrecht", "midden"),
        (5.30417, 51.69917, "'s-Hertogenbosch", "Noord-Brabant", "zuiden"),
    ],
)
def test_locate_finds_municipality_province_and_region(
    db, lon, lat, municipality, province, region
):
    found = geography.locate(Point(lon, lat, srid=4326))
    assert found.name == municipality
    assert found.province.name == province
    assert found.province.region.slug == region


@pytest.mark.parametrize(
    ("lon", "lat", "municipality"),
    [(6.8303, 53.4445, "Het Hogeland"), (5.33498, 53.07449, "Súdwest-Fryslân")],
)
def test_locate_accepts_harbours_and_dams_just_off_the_boundary(
    db, lon, lat, municipality
):
    """Eemshaven and Kornwerderzand lie just outside every polygon."""
    assert geography.locate(Point(lon, lat, srid=4326)).name == municipality


@pytest.mark.parametrize(
    ("lon", "lat"),
    [(3.9, 52.6), (4.2, 52.3), (7.3, 52.3), (5.4, 50.6), (-0.1, 51.5)],
)
def test_locate_refuses_sea_and_abroad(db, lon, lat):
    """North Sea, a few km off the coast, Germany, Belgium and London."""
    assert geography.locate(Point(lon, lat, srid=4326)) is None


@pytest.mark.parametrize(
    ("query", "name", "municipality"),
    [
        ("Kampen", "Kampen", "Kampen"),
        ("kampen", "Kampen", "Kampen"),
        ("Den Andel", "Den Andel", "Het Hogeland"),
        ("den andel", "Den Andel", "Het Hogeland"),
        ("Austerlitz", "Austerlitz", "Zeist"),
        ("'s-Hertogenbosch", "'s-Hertogenbosch", "'s-Hertogenbosch"),
        ("s hertogenbosch", "'s-Hertogenbosch", "'s-Hertogenbosch"),
        ("Den Bosch", "'s-Hertogenbosch", "'s-Hertogenbosch"),
        ("Hertogenbosch", "'s-Hertogenbosch", "'s-Hertogenbosch"),
        ("LJOUWERT", "Leeuwarden", "Leeuwarden"),
        ("Súdwest", None, None),
    ],
)
def test_place_lookup_is_forgiving(db, query, name, municipality):
    place = Place.objects.matching(query).first()
    if name is None:
        assert place is None
    else:
        assert (place.name, place.municipality.name) == (name, municipality)


def test_place_lookup_prefers_the_town_over_hamlets_of_the_same_name(db):
    """Kampen in Overijssel is a town; Kampen in Fryslân and Zeeland are hamlets."""
    places = list(Place.objects.matching("Kampen")[:3])
    assert places[0].province.name == "Overijssel"
    assert {p.province.name for p in places} == {"Overijssel", "Fryslân", "Zeeland"}


def test_place_lookup_completes_prefixes(db):
    places = list(Place.objects.matching("amst")[:5])
    assert places[0].name == "Amsterdam"
    assert all("|amst" in place.search_names for place in places)


def test_place_lookup_of_nothing_finds_nothing(db):
    assert not Place.objects.matching(" '- ").exists()


@pytest.mark.parametrize(
    ("text", "name"), [("8261", "8261 (Kampen)"), ("9956 AB", "9956 (Den Andel)")]
)
def test_find_place_takes_postcodes(db, text, name):
    assert geography.find_place(text).name == name


def test_find_place_of_unknown_name_is_none(db):
    assert geography.find_place("Atlantis") is None


def test_normalize_folds_case_accents_and_punctuation():
    assert geography.normalize("'s-Hertogenbosch") == "s hertogenbosch"
    assert geography.normalize("Súdwest-Fryslân") == "sudwest fryslan"
    assert geography.normalize("  Den   Andel ") == "den andel"


def test_parse_lat_lon_puts_longitude_first():
    point = geography.parse_lat_lon("52.555,5.911")
    assert (point.x, point.y, point.srid) == (5.911, 52.555, 4326)


@pytest.mark.parametrize(
    "text", ["52.5", "a,b", "200,5", "52,200", "nan,5", "1,2,3", ""]
)
def test_parse_lat_lon_refuses_bad_points(text):
    with pytest.raises(geography.LocationError):
        geography.parse_lat_lon(text)


def test_parse_bbox_reads_lon_lat_order():
    box = geography.parse_bbox("5.8,52.5,6.0,52.6")
    assert box.extent == (5.8, 52.5, 6.0, 52.6)


@pytest.mark.parametrize(
    "text", ["5.8,52.5,6.0", "6.0,52.5,5.8,52.6", "5,52,6,inf", "x,1,2,3"]
)
def test_parse_bbox_refuses_bad_boxes(text):
    with pytest.raises(geography.LocationError):
        geography.parse_bbox(text)


def test_distance_km_is_geodesic():
    """One degree of latitude at 52.5°N: a 111.277 km meridian arc on WGS84."""
    a, b = Point(5.0, 52.0, srid=4326), Point(5.0, 53.0, srid=4326)
    assert geography.distance_km(a, b) == pytest.approx(111.277, rel=1e-4)


def test_box_around_holds_the_whole_radius():
    centre = Point(5.9, 52.5, srid=4326)
    box = geography.box_around(centre, 10)
    min_lon, min_lat, max_lon, max_lat = box.extent
    assert geography.distance_km(centre, Point(max_lon, 52.5, srid=4326)) >= 10
    assert geography.distance_km(centre, Point(5.9, max_lat, srid=4326)) >= 10
