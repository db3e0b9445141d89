"""The rendered maps in the cache: a few, whatever the query strings."""

import random

from django.urls import reverse

from tests.factories import make_initiative

COUNTRY = reverse("maps:country")
NOORDEN = reverse("maps:region", args=["noorden"])
NOORDEN_EMBED = reverse("maps:region-embed", args=["noorden"])


def scan(rng):
    """Map links as a crawler or an attacker sends them: free text, random
    points, places with a radius, and a few maps with one theme or none,
    with list pages and unknown parameters in shuffled order."""
    for n in range(10):
        yield COUNTRY, [("q", f"buren {n}")]
        point = f"{rng.uniform(51, 53):.5f},{rng.uniform(4, 6):.5f}"
        yield NOORDEN, [("near", point), ("radius_km", rng.randint(1, 99))]
        yield COUNTRY, [("place", "Kampen"), ("radius_km", rng.uniform(1, 50))]
        yield COUNTRY, [("tag", "wonen"), ("tag", "jeugd"), ("page", n)]
        query = [("tag", rng.choice(["wonen", "jeugd"])), ("page", n), ("x", n)]
        rng.shuffle(query)
        yield rng.choice([COUNTRY, NOORDEN, NOORDEN_EMBED]), query


def test_a_scan_of_map_links_leaves_few_cached_maps(client, db, cache_keys):
    """The initiatives are not in the page, so one render per map is cached
    (here the country and the north), whatever the 50 query strings hold."""
    make_initiative(tags=["wonen", "jeugd"])
    for url, query in scan(random.Random(11)):  # noqa: S311 (the same every run)
        assert client.get(url, query).status_code == 200
    assert 0 < len(cache_keys()) <= 2


def test_equivalent_map_links_share_one_cached_map(client, db, cache_keys):
    """A list page, an unknown parameter or the embedded form: one key, which
    a change of the data replaces rather than adds to."""
    make_initiative(tags=["wonen"])
    client.get(NOORDEN, {"tag": "wonen", "page": 2, "utm_source": "nieuwsbrief"})
    client.get(NOORDEN_EMBED, {"tag": "wonen"})
    assert len(cache_keys()) == 1
    make_initiative(tags=["wonen"], lon=5.95)
    client.get(NOORDEN, {"tag": "wonen"})
    assert len(cache_keys()) == 1
