"""The public feature GETs: a 304 before any page query, and the shared
cache of answers, which follows every change and keeps nothing private."""

import time

import pytest
from django.core.cache import cache
from django.db import connection, router
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api import versions
from initiatives import services
from initiatives.models import Initiative
from omzien.db import replicas
from tests.factories import make_api_key, make_initiative, make_staff

LIST = "/api/v1/initiatives"
OGC_ITEMS = "/ogc/collections/initiatives/items"
MAP = "/api/v1/map/initiatives?zoom=12&bbox=5.8,52.4,6.1,52.7"
SECRET = "geheim-adres@example.org"


def only_the_data_version(queries):
    """The one query was the data version's (the latest change of the public
    rows and of the tombstones), none for the page or its count."""
    sql = [query["sql"] for query in queries]
    assert len(sql) == 1, sql
    assert "tombstone" in sql[0], sql


@pytest.mark.parametrize(
    "url",
    [LIST, f"{LIST}?near=52.5,5.9&limit=5", "detail", OGC_ITEMS, MAP],
)
def test_a_conditional_request_runs_no_page_query(db, client, url):
    initiative = make_initiative()
    url = f"{LIST}/{initiative.slug}" if url == "detail" else url
    tag = client.get(url)["ETag"]
    cache.clear()  # not even the stored answer: the ETag alone decides
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url, HTTP_IF_NONE_MATCH=tag)
    assert again.status_code == 304
    assert again["ETag"] == tag
    only_the_data_version(queries)


def test_a_repeated_request_is_served_from_the_cache(db, client):
    make_initiative()
    first = client.get(LIST, {"bbox": "5.8,52.4,6.1,52.7"})
    with CaptureQueriesContext(connection) as queries:
        again = client.get(LIST, {"bbox": "5.8,52.4,6.1,52.7"})
    assert queries.captured_queries == []  # the data version is remembered too
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert again["Content-Type"] == first["Content-Type"]
    assert again["Last-Modified"] == first["Last-Modified"]


def test_equal_queries_share_one_etag(db, client):
    make_initiative()
    one = client.get(f"{LIST}?region=noorden&limit=5")["ETag"]
    assert client.get(f"{LIST}?limit=5&region=noorden")["ETag"] == one
    assert client.get(f"{LIST}?limit=5&region=noorden&format=json")["ETag"] != one
    for _ in range(2):  # built, then from the cache
        rd = client.get(f"{LIST}?limit=5&region=noorden", HTTP_ACCEPT_CRS="EPSG:28992")
        assert rd["ETag"] != one
        assert rd["Content-Crs"].endswith("/EPSG/0/28992>")


def test_a_new_publication_changes_the_cached_answer(db, client):
    make_initiative(name="Eerste")
    first = client.get(LIST)
    pending = make_initiative(name="Tweede", status=Initiative.Status.PENDING)
    assert client.get(LIST).content == first.content  # nothing public changed
    services.publish(initiative=pending)
    second = client.get(LIST, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    assert names(second) == ["Eerste", "Tweede"]


def names(response):
    return [f["properties"]["name"] for f in response.json()["features"]]


def test_the_commit_forgets_a_version_read_before_it(
    db, client, django_capture_on_commit_callbacks
):
    make_initiative(name="Eerste")
    client.get(LIST)
    key = versions.KEY.format("initiatives", "default")
    before = cache.get(key)
    pending = make_initiative(name="Tweede", status=Initiative.Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(initiative=pending)
        cache.set(key, before)  # a request in another transaction, meanwhile
    assert names(client.get(LIST)) == ["Eerste", "Tweede"]


def test_a_change_without_a_signal_shows_within_the_bound(db, client, monkeypatch):
    monkeypatch.setattr(versions, "SECONDS", 1)
    initiative = make_initiative(name="Eerste")
    first = client.get(LIST)
    Initiative.objects.filter(pk=initiative.pk).update(
        name="Hernoemd", updated_at=timezone.now()
    )
    assert client.get(LIST).content == first.content  # the version is remembered
    time.sleep(1.2)
    assert names(client.get(LIST)) == ["Hernoemd"]


def test_each_database_keeps_its_own_version(transactional_db, monkeypatch, settings):
    """A lagging replica's version never reaches the primary's readers.
    (Outside a transaction: inside one, every read is the primary's.)"""
    settings.REPLICA_ALIASES = ["replica_1"]
    monkeypatch.setattr(router, "routers", [replicas.ReplicaRouter()])
    token = replicas._replica.set("replica_1")  # as ReadRoutingMiddleware does
    try:
        assert versions.remembered("initiatives", lambda: "old") == "old"
    finally:
        replicas._replica.reset(token)
    assert versions.remembered("initiatives", lambda: "new") == "new"
    versions.forget()
    token = replicas._replica.set("replica_1")
    try:
        assert versions.remembered("initiatives", lambda: "newer") == "newer"
    finally:
        replicas._replica.reset(token)


def test_an_unpublished_row_never_comes_back_from_the_cache(db, client):
    initiative = make_initiative(name="Weg")
    detail = f"{LIST}/{initiative.slug}"
    assert client.get(detail).status_code == 200
    assert client.get(LIST).json()["count"] == 1
    initiative.status = Initiative.Status.ARCHIVED
    initiative.save()
    assert client.get(detail).status_code == 404
    assert client.get(LIST).json()["features"] == []
    assert client.get(OGC_ITEMS).json()["features"] == []


def stored_answers():
    return [
        value
        for key, value in cache._cache.items()  # Django's local-memory cache
        if ":api-response:" in key
    ]


def test_private_contact_is_never_stored(db, client):
    initiative = make_initiative(contact_email=SECRET, contact_consent=False)
    for url in (
        LIST,
        f"{LIST}?format=json",
        f"{LIST}?format=csv",
        f"{LIST}/{initiative.slug}",
        OGC_ITEMS,
    ):
        assert SECRET.encode() not in client.get(url).content
    stored = stored_answers()
    assert len(stored) == 5
    assert not any(SECRET.encode() in value for value in stored)


def test_errors_and_partners_are_not_stored(db, client):
    make_initiative()
    assert client.get(f"{LIST}?bbox=1,2,3").status_code == 400
    assert client.get(f"{LIST}/nergens").status_code == 404
    key = make_api_key(make_staff(username="partner", can_moderate=False))
    partner = client.get(LIST, HTTP_AUTHORIZATION=f"Token {key}")
    assert partner.status_code == 200
    assert stored_answers() == []
