"""near through the index (KNN on PostGIS): the same rows, in the same
order, as the distance on the ellipsoid computed here row by row."""

import math
import random

import pytest
from django.contrib.gis.geos import Point

from initiatives.models import Initiative
from tests.factories import make_initiative

LIST = "/api/v1/initiatives"
CENTRE = (5.12, 52.09)  # Utrecht, lon/lat
RADIUS_KM = 12


def vincenty_m(lon1, lat1, lon2, lat2):
    """The distance on the WGS 84 ellipsoid (Vincenty's inverse formula)."""
    a, f = 6378137.0, 1 / 298.257223563
    b = a * (1 - f)
    u1 = math.atan((1 - f) * math.tan(math.radians(lat1)))
    u2 = math.atan((1 - f) * math.tan(math.radians(lat2)))
    big_l = math.radians(lon2 - lon1)
    lam = big_l
    for _ in range(200):
        sin_lam, cos_lam = math.sin(lam), math.cos(lam)
        sin_sigma = math.hypot(
            math.cos(u2) * sin_lam,
            math.cos(u1) * math.sin(u2) - math.sin(u1) * math.cos(u2) * cos_lam,
        )
        if sin_sigma == 0:
            return 0.0
        cos_sigma = math.sin(u1) * math.sin(u2) + math.cos(u1) * math.cos(u2) * cos_lam
        sigma = math.atan2(sin_sigma, cos_sigma)
        sin_alpha = math.cos(u1) * math.cos(u2) * sin_lam / sin_sigma
        cos2_alpha = 1 - sin_alpha**2
        cos_2sm = cos_sigma - 2 * math.sin(u1) * math.sin(u2) / cos2_alpha
        c = f / 16 * cos2_alpha * (4 + f * (4 - 3 * cos2_alpha))
        previous = lam
        lam = big_l + (1 - c) * f * sin_alpha * (
            sigma + c * sin_sigma * (cos_2sm + c * cos_sigma * (-1 + 2 * cos_2sm**2))
        )
        if abs(lam - previous) < 1e-12:
            break
    u_sq = cos2_alpha * (a**2 - b**2) / b**2
    big_a = 1 + u_sq / 16384 * (4096 + u_sq * (-768 + u_sq * (320 - 175 * u_sq)))
    big_b = u_sq / 1024 * (256 + u_sq * (-128 + u_sq * (74 - 47 * u_sq)))
    delta = (
        big_b
        * sin_sigma
        * (
            cos_2sm
            + big_b
            / 4
            * (
                cos_sigma * (-1 + 2 * cos_2sm**2)
                - big_b / 6 * cos_2sm * (-3 + 4 * sin_sigma**2) * (-3 + 4 * cos_2sm**2)
            )
        )
    )
    return b * big_a * (sigma - delta)


@pytest.fixture
def scattered(db, geography):
    """120 published initiatives around Utrecht, wider east-west than a
    lon/lat circle (so the plane's order differs from the true one), a few
    unpublished among them."""
    rng = random.Random(15)  # noqa: S311 (a seeded test set)
    made = []
    for number in range(120):
        lon = CENTRE[0] + rng.uniform(-0.3, 0.3)
        lat = CENTRE[1] + rng.uniform(-0.15, 0.15)
        status = (
            Initiative.Status.PENDING
            if number % 10 == 0
            else Initiative.Status.PUBLISHED
        )
        made.append(make_initiative(lon=lon, lat=lat, status=status))
    return made


def expected(initiatives, radius_km=RADIUS_KM):
    """Slugs within the radius, nearest first (ties by id), by Vincenty."""
    found = []
    for initiative in initiatives:
        if initiative.status != Initiative.Status.PUBLISHED:
            continue
        metres = vincenty_m(*CENTRE, initiative.location.x, initiative.location.y)
        assert abs(metres - radius_km * 1000) > 1, "too close to the edge to judge"
        if metres <= radius_km * 1000:
            found.append((metres, initiative.pk, initiative.slug))
    return [slug for _, _, slug in sorted(found)]


def all_pages(client, url):
    slugs, distances = [], []
    while url:
        body = client.get(url).json()
        for feature in body["features"]:
            slugs.append(feature["properties"]["slug"])
            distances.append(feature["properties"]["distance_km"])
        url = body["next"]
    return slugs, distances


@pytest.mark.parametrize("limit", [1, 7, 100])
def test_near_pages_hold_exactly_the_rows_within_the_radius(scattered, client, limit):
    want = expected(scattered)
    assert 20 < len(want) < 100  # some in, many out
    near = f"near={CENTRE[1]},{CENTRE[0]}&radius_km={RADIUS_KM}"
    slugs, distances = all_pages(client, f"{LIST}?{near}&limit={limit}")
    assert slugs == want
    assert distances == sorted(distances)


def test_narrowed_reads_the_same_first_rows(scattered):
    make_initiative(name="Op het punt", lon=CENTRE[0], lat=CENTRE[1])
    make_initiative(name="Ook op het punt", lon=CENTRE[0], lat=CENTRE[1])
    point = Point(*CENTRE, srid=4326)
    search = Initiative.objects.published().near(point, RADIUS_KM)
    for count in (1, 2, 3, 5, 30, 200):
        plain = list(search.values_list("id", "distance")[:count])
        narrowed = list(search.narrowed(count).values_list("id", "distance")[:count])
        assert narrowed == plain
