"""Hostile query strings to every API read: a clear problem+json 4xx or an
honest answer, never a 500, and no row added or removed."""

import pytest

from areas import geography

from . import corpus
from .checks import ITEMS, LIST, assert_problem, blamed, get

# Every read endpoint, with the text parameters it filters on.
TEXT_FILTERS = [
    (LIST, "q"),
    (LIST, "place"),
    (LIST, "region"),
    (LIST, "province"),
    (LIST, "municipality"),
    (LIST, "tag"),
    (LIST, "tag_any"),
    (LIST, "ordering"),
    (LIST, "updated_since"),
    (LIST, "format"),
    ("/api/v1/places", "q"),
    ("/api/v1/municipalities", "province"),
    ("/api/v1/regions", "geometry"),
    ("/api/v1/regions", "simplify"),
    (ITEMS, "datetime"),
    (ITEMS, "f"),
]
READ_ENDPOINTS = [
    LIST,
    f"{LIST}/bestaand-initiatief",
    "/api/v1/regions",
    "/api/v1/provinces",
    "/api/v1/municipalities",
    "/api/v1/tags",
    "/api/v1/places?q=Kampen",
    "/api/v1/stats",
    "/ogc",
    "/ogc/conformance",
    "/ogc/collections",
    "/ogc/collections/initiatives",
    ITEMS,
]


@pytest.mark.parametrize("url,name", TEXT_FILTERS)
@pytest.mark.parametrize("value", [*corpus.SQLISH, corpus.NUL, corpus.LONG])
def test_hostile_filter_values(unchanged, no_rate_limits, client, url, name, value):
    """Either an honest answer (no rows leak) or a 400 naming the parameter."""
    response = client.get(url, {name: value})
    if response.status_code == 200:
        assert b"initiatiefnemer" not in response.content  # no contact leaked
        return
    problem = assert_problem(response, 400)
    assert name in blamed(problem)


@pytest.mark.parametrize("value", corpus.SQLISH)
def test_sql_in_the_search_matches_literally(unchanged, client, value):
    """Quotes, `%` and `_` are no SQL and no wildcards: the search forgives
    punctuation (issue 16), so it finds what its words alone find, and
    nothing for punctuation alone."""
    response = client.get(LIST, {"q": value})
    assert response.status_code == 200
    words = geography.normalize(value)
    alone = client.get(LIST, {"q": words}).json()["count"] if words else 0
    assert response.json()["count"] == alone
    if not words:
        assert alone == 0


@pytest.mark.parametrize("url", [LIST, ITEMS])
@pytest.mark.parametrize("value", corpus.BAD_BBOXES)
def test_bad_bbox(unchanged, client, url, value):
    assert_problem(client.get(url, {"bbox": value}), 400)


@pytest.mark.parametrize("value", corpus.BAD_POINTS)
def test_bad_near(unchanged, client, value):
    assert_problem(client.get(LIST, {"near": value}), 400)


@pytest.mark.parametrize("value", ["0", "-5", "501", "nan", "inf", "1e400", "x"])
def test_bad_radius(unchanged, client, value):
    assert_problem(client.get(LIST, {"near": "52.5,5.9", "radius_km": value}), 400)


@pytest.mark.parametrize("url", READ_ENDPOINTS)
def test_unknown_parameters_are_refused(unchanged, client, url):
    problem = assert_problem(get(client, url, "colour=red"), 400)
    assert [param["name"] for param in problem["invalidParams"]] == ["colour"]


@pytest.mark.parametrize("url", READ_ENDPOINTS)
@pytest.mark.parametrize("query", corpus.BAD_UTF8_QUERIES)
def test_invalid_utf8_in_the_query(unchanged, client, url, query):
    response = get(client, url, query)
    if response.status_code != 200:
        assert_problem(response, 400)


@pytest.mark.parametrize("url", READ_ENDPOINTS)
def test_too_many_parameters(unchanged, client, url):
    query = "&".join(f"p{n}=1" for n in range(1200))
    assert_problem(get(client, url, query), 400)


@pytest.mark.parametrize("url", READ_ENDPOINTS)
def test_writes_to_read_endpoints_are_refused(unchanged, client, url):
    for method in (client.post, client.put, client.patch, client.delete):
        assert_problem(method(url), 401, 403, 405)


@pytest.mark.parametrize("accept", ["application/xml", "text/html", "image/*"])
@pytest.mark.parametrize("url", [LIST, "/api/v1/tags", ITEMS])
def test_formats_the_api_cannot_give(unchanged, client, url, accept):
    if url == ITEMS and accept == "text/html":
        pytest.skip("OGC API Features offers HTML (issue 14)")
    assert_problem(client.get(url, HTTP_ACCEPT=accept), 406)


@pytest.mark.parametrize(
    "url,name",
    [(ITEMS, "datetime"), (LIST, "updated_since")],
)
@pytest.mark.parametrize(
    "value",
    [
        "0001-01-01T00:00:00+01:00",
        "9999-12-31T23:59:59-01:00",
        "2026-13-01",
        "2026-01-01T25:00:00",
        "2026-01-01/2025-01-01",
        "../..",
        "1/2/3",
        "+275760-09-13",
    ],
)
def test_dates_at_and_past_the_edges(unchanged, client, url, name, value):
    response = client.get(url, {name: value})
    if response.status_code != 200:
        assert name in blamed(assert_problem(response, 400))
