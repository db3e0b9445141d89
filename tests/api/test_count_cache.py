from django.urls import reverse

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


def test_a_repeated_request_does_not_count_again(db, client, django_assert_num_queries):
    make_initiative()
    url = reverse("api:initiative-list")
    client.get(url)
    with django_assert_num_queries(4):  # last change (2), page, tags
        client.get(url)
