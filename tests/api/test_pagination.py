"""Pages never skip or repeat a row, also when rows change between two
requests: next links carry a cursor (keyset paging)."""

import datetime as dt

import pytest
import time_machine

from api import pagination
from initiatives.models import Initiative, Tombstone
from tests.factories import make_initiative
from tests.gatherings.factories import make_gathering

LIST = "/api/v1/initiatives"
ITEMS = "/ogc/collections/initiatives/items"


def walk(client, url, between=lambda number: None):
    """Every page from url on, following next links; between(n) runs after
    page n. Returns the bodies."""
    bodies = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        bodies.append(response.json())
        between(len(bodies))
        url = next_link(bodies[-1])
    return bodies


def next_link(body):
    if "links" in body:  # OGC
        return next((li["href"] for li in body["links"] if li["rel"] == "next"), None)
    return body["next"]


def ids(bodies):
    return [f["id"] for body in bodies for f in body["features"]]


def test_pages_are_stable_and_linked(db, client):
    """Equal names are ordered by id, so paging never skips or repeats."""
    made = {make_initiative(name="Zelfde naam").id for _ in range(7)}
    bodies = walk(client, LIST + "?limit=3")
    assert len(bodies) == 3
    assert all(body["count"] == 7 for body in bodies)
    assert ids(bodies) == sorted(made)
    assert "cursor=" in bodies[0]["next"] and "offset" not in bodies[0]["next"]


def test_offset_pages_link_back_and_on(db, client):
    for _ in range(5):
        make_initiative()
    response = client.get(LIST + "?limit=2&offset=2")
    body = response.json()
    assert body["previous"] == "http://testserver/api/v1/initiatives?limit=2"
    assert "cursor=" in body["next"]
    assert 'rel="next"' in response["Link"] and 'rel="previous"' in response["Link"]
    assert len(ids(walk(client, body["next"]))) == 1


@pytest.mark.parametrize("url", [LIST, ITEMS])
def test_rows_deleted_or_added_between_pages_skip_nothing(db, client, url):
    """Offsets shift when a row before them goes; a cursor does not."""
    made = [make_initiative(name=f"Rij {n}").id for n in range(7)]
    added = []

    def change(page):
        if page == 1:
            Initiative.objects.get(id=made[0]).delete()  # already seen
            Initiative.objects.get(id=made[5]).delete()  # not seen yet
            # By name it sorts before the cursor; by id (OGC) after it.
            added.append(make_initiative(name="Rij 0a").id)

    seen = ids(walk(client, f"{url}?limit=2", change))
    expected = [row for row in made if row != made[5]]
    assert seen == expected + (added if url == ITEMS else [])


def test_a_row_edited_between_pages_is_seen_once(db, client):
    made = [make_initiative(name=f"Rij {n}") for n in range(6)]

    def change(page):
        if page == 1:
            made[1].name = "Rij 9"  # seen, now sorts after the rest
            made[1].save()

    seen = ids(walk(client, f"{LIST}?limit=2&ordering=name", change))
    # Every row once; the edited one once before and once after its edit.
    assert sorted(seen) == sorted([*(row.id for row in made), made[1].id])


def test_descending_order_pages_by_cursor(db, client):
    made = [make_initiative() for _ in range(5)]
    seen = ids(walk(client, f"{LIST}?limit=2&ordering=-created"))
    assert seen == [row.id for row in reversed(made)]


def test_distance_order_pages_by_offset(db, client):
    for number in range(3):
        make_initiative(lon=5.9 + number / 100)
    body = client.get(f"{LIST}?near=52.555,5.9&limit=2").json()
    assert "offset=2" in body["next"] and "cursor" not in body["next"]


def test_gathering_pages_by_cursor(db, client):
    made = [make_gathering() for _ in range(5)]
    bodies = walk(client, "/api/v1/gatherings?limit=2")
    assert ids(bodies) == [row.id for row in made]
    assert "cursor=" in bodies[0]["next"]


def deliveries(bodies):
    """(id, status, updated) of every row a sync delivered."""
    return [
        (f["id"], f["properties"]["status"], f["properties"]["updated"])
        for body in bodies
        for f in body["features"]
    ]


def moment(text):
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def public_state():
    """What a partner's copy must hold: the published rows and tombstones."""
    state = {
        row.id: ("published", row.updated_at) for row in Initiative.objects.published()
    }
    for gone in Tombstone.objects.all():
        state[gone.initiative_id] = (gone.status, gone.left_at)
    return state


def test_sync_delivers_every_change_exactly_once(db, client):
    """A full pass with edits and deletes between its pages, then the next
    sync from its `sync` link: each version of each row arrives once, and
    the partner ends with exactly what is public."""
    rows = [make_initiative(name=f"Rij {n}") for n in range(7)]
    made = [row.id for row in rows]

    def change(page):
        if page == 1:  # rows 0 and 1 were delivered
            rows[0].summary = "Bijgewerkt."  # seen: comes again, once
            rows[0].save()
            rows[3].summary = "Bijgewerkt."  # not seen: comes once, new
            rows[3].save()
            rows[1].delete()  # seen: its tombstone comes
            rows[4].delete()  # not seen: only its tombstone comes
            rows[5].status = Initiative.Status.ARCHIVED
            rows[5].save()

    first = walk(client, f"{LIST}?updated_since=2000-01-01T00:00:00Z&limit=2", change)
    assert all("sync" not in body for body in first[:-1])
    rows[2].summary = "Na de ronde bijgewerkt."
    rows[2].save()
    second = walk(client, first[-1]["sync"])
    third = walk(client, second[-1]["sync"])

    delivered = deliveries(first) + deliveries(second)
    assert len(delivered) == len(set(delivered))
    copy = {}
    for row_id, status, updated in delivered:
        copy[row_id] = (status, moment(updated))
    assert copy == public_state()
    assert [d[0] for d in deliveries(second)] == [rows[2].id]
    assert ids(third) == []
    times = [sum(d[0] == row_id for d in delivered) for row_id in made]
    assert times == [2, 2, 2, 1, 1, 1, 1]


def test_gathering_sync_orders_by_update(db, client):
    first, second = make_gathering(), make_gathering()
    first.title = "Later bijgewerkt"
    first.save()
    body = client.get("/api/v1/gatherings?updated_since=2000-01-01").json()
    assert [f["id"] for f in body["features"]] == [second.id, first.id]


@pytest.mark.parametrize("url", [LIST, ITEMS])
def test_limit_over_the_maximum_is_400(db, client, url):
    response = client.get(f"{url}?limit={pagination.MAX_LIMIT + 1}")
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "limit"
    assert client.get(f"{url}?limit={pagination.MAX_LIMIT}").status_code == 200


def test_bad_limit_and_offset_are_400(db, client):
    for query in ("limit=0", "limit=-1", "limit=ten", "offset=-3", "offset=1.5"):
        response = client.get(f"{LIST}?{query}")
        assert response.status_code == 400, query
        name = query.split("=")[0]
        assert response.json()["invalidParams"][0]["name"] == name


@pytest.mark.parametrize(
    ("query", "blamed"),
    [
        ("cursor=abc", "cursor"),
        ("cursor={name}&offset=2", "offset"),
        ("cursor={name}&ordering=-name", "cursor"),
        ("cursor={name}&updated_since=2000-01-01", "cursor"),
    ],
)
def test_bad_cursors_are_400(db, client, query, blamed):
    for _ in range(3):
        make_initiative()
    cursor = client.get(f"{LIST}?limit=1").json()["next"].split("cursor=")[1]
    cursor = cursor.split("&")[0]
    response = client.get(f"{LIST}?{query.format(name=cursor)}")
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == blamed


def test_offset_past_the_end_is_an_empty_page(db, client):
    make_initiative()
    body = client.get(LIST + "?offset=10").json()
    assert body["features"] == [] and body["count"] == 1


def test_pages_keep_their_bytes_and_etag_until_the_data_changes(db, client):
    for _ in range(3):
        make_initiative()
    url = f"{LIST}?updatedSince=2000-01-01T00:00:00Z&limit=2"
    first = client.get(url)
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)):
        assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
        assert client.get(url).content == first.content
