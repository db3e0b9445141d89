from api import pagination
from tests.factories import make_initiative

LIST = "/api/v1/initiatives"


def test_pages_are_stable_and_linked(db, client):
    """Equal names are ordered by id, so paging never skips or repeats."""
    ids = {make_initiative(name="Zelfde naam").id for _ in range(7)}
    seen, url, pages = [], LIST + "?limit=3", 0
    while url:
        response = client.get(url)
        body = response.json()
        assert body["count"] == 7
        seen += [f["id"] for f in body["features"]]
        url, pages = body["next"], pages + 1
    assert pages == 3
    assert seen == sorted(ids)


def test_previous_link_and_link_header(db, client):
    for _ in range(5):
        make_initiative()
    response = client.get(LIST + "?limit=2&offset=2")
    body = response.json()
    assert body["previous"] == "http://testserver/api/v1/initiatives?limit=2"
    assert body["next"].endswith("offset=4")
    assert 'rel="next"' in response["Link"] and 'rel="previous"' in response["Link"]


def test_limit_over_maximum_is_cut(db, client, monkeypatch):
    for _ in range(3):
        make_initiative()
    monkeypatch.setattr(pagination, "MAX_LIMIT", 2)
    body = client.get(LIST + "?limit=50").json()
    assert len(body["features"]) == 2
    assert "limit=2" in body["next"]


def test_bad_limit_and_offset_are_400(db, client):
    for query in ("limit=0", "limit=-1", "limit=ten", "offset=-3", "offset=1.5"):
        response = client.get(f"{LIST}?{query}")
        assert response.status_code == 400, query
        name = query.split("=")[0]
        assert response.json()["invalidParams"][0]["name"] == name


def test_offset_past_the_end_is_an_empty_page(db, client):
    make_initiative()
    body = client.get(LIST + "?offset=10").json()
    assert body["features"] == [] and body["count"] == 1
