import random

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from api import pagination
from tests.factories import make_initiative


def test_the_total_follows_every_change(db, client):
    """Counts are cached, but a new, edited or deleted initiative shows at once."""
    url = reverse("api:initiative-list")
    first = make_initiative(tags=["wonen"])
    assert client.get(url, {"tag": "wonen"}).json()["count"] == 1
    make_initiative(tags=["wonen"])
    assert client.get(url, {"tag": "wonen"}).json()["count"] == 2
    first.status = "archived"
    first.save()
    assert client.get(url, {"tag": "wonen"}).json()["count"] == 1
    first.delete()
    assert client.get(url, {"tag": "wonen"}).json()["count"] == 1


def counting(queries) -> list[str]:
    return [query["sql"] for query in queries if "COUNT(" in query["sql"].upper()]


def test_a_repeated_request_does_not_count_again(db, client):
    """The first request counts the rows; the same request again takes the
    total from the cache (the list's query budget is in test_initiatives)."""
    make_initiative()
    url = reverse("api:initiative-list")
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).json()["count"] == 1
    with CaptureQueriesContext(connection) as again:
        assert client.get(url).json()["count"] == 1
    assert counting(first), [q["sql"][:80] for q in first]
    assert counting(again) == []


def test_ogc_items_count_a_search_once_per_data_version(db, client):
    make_initiative()
    url = "/ogc/collections/initiatives/items?bbox=5.8,52.4,6.1,52.7&limit=1"
    page = {"limit": 2, "bbox": "5.8,52.4,6.1,52.7"}  # another page of that search
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).json()["numberMatched"] == 1
    with CaptureQueriesContext(connection) as again:
        response = client.get("/ogc/collections/initiatives/items", page)
        assert response.json()["numberMatched"] == 1
    assert counting(first)
    assert counting(again) == []
    make_initiative()
    assert client.get(url).json()["numberMatched"] == 2


def scan(rng):
    """Query strings as a crawler or an attacker sends them: free text,
    random points and boxes, and a few regions and themes with their
    parameters shuffled, spelt two ways and paged."""
    for n in range(15):
        yield [("q", f"buren {n}")]
        lat, lon = rng.uniform(51, 53), rng.uniform(4, 6)
        yield [("near", f"{lat:.5f},{lon:.5f}"), ("radius_km", rng.randint(1, 99))]
        yield [("bbox", f"{lon:.4f},{lat:.4f},{lon + 1:.4f},{lat + 1:.4f}")]
        bounded = [
            ("region", rng.choice(["noorden", "midden"])),
            (rng.choice(["tag", "tag_any"]), rng.choice(["wonen", "jeugd"])),
            ("ordering", rng.choice(["name", "-updated"])),
            ("limit", rng.randint(1, 50)),
            ("offset", n),
        ]
        rng.shuffle(bounded)
        yield bounded


def count_keys(cache_keys):
    return {key for key in cache_keys() if key.startswith("api-count:")}


def test_a_scan_of_query_strings_leaves_few_cached_counts(db, client, cache_keys):
    """Only one area and one theme are cached: at most 2 regions × 2 themes
    here, whatever else the 60 query strings hold."""
    make_initiative(tags=["wonen", "jeugd"])
    url = reverse("api:initiative-list")
    for query in scan(random.Random(11)):  # noqa: S311 (the same scan every run)
        assert client.get(url, query).status_code == 200
    assert 0 < len(count_keys(cache_keys)) <= 4


def test_equivalent_queries_share_one_cached_count(db, client, cache_keys):
    """Order, paging, ordering and tag or tag_any for one theme: one key,
    which a change of the data replaces rather than adds to."""
    make_initiative(tags=["wonen"])
    url = reverse("api:initiative-list")
    first = client.get(url, {"region": "noorden", "tag": "wonen", "ordering": "-name"})
    again = client.get(f"{url}?limit=5&tag_any=wonen&offset=0&region=noorden")
    assert first.json()["count"] == again.json()["count"] == 1
    assert len(count_keys(cache_keys)) == 1
    make_initiative(tags=["wonen"])
    assert client.get(url, {"tag": "wonen", "region": "noorden"}).json()["count"] == 2
    assert len(count_keys(cache_keys)) == 1


def test_a_search_counts_once_until_the_data_changes(db, client, settings, monkeypatch):
    """near and bbox: the pages of one search count once; a new initiative
    counts again (the response cache is off, so the view runs each time)."""
    settings.API_RESPONSE_CACHE = False
    counted = []
    remembered = pagination.remembered

    def spy(key, version, compute, *, timeout):
        return remembered(
            key, version, lambda: counted.append(key) or compute(), timeout=timeout
        )

    monkeypatch.setattr(pagination, "remembered", spy)
    make_initiative()
    url = reverse("api:initiative-list")
    for search in (
        {"near": "52.555,5.911", "radius_km": 10, "limit": 1},
        {"bbox": "5.8,52.4,6.1,52.7", "limit": 1},
    ):
        counted.clear()
        assert client.get(url, search).json()["count"] == 1
        assert client.get(url, {**search, "offset": 1}).json()["count"] == 1
        assert len(counted) == 1
        extra = make_initiative()
        assert client.get(url, search).json()["count"] == 2
        assert len(counted) == 2
        extra.delete()
