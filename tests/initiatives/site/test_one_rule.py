"""Theme counts and the place autocomplete mean the same on the site and in
the API."""

from django.urls import reverse

from tests.factories import make_initiative


def test_theme_counts_agree_on_home_directory_tags_and_stats(seeded, client):
    make_initiative(tags=["ggz", "wonen"], status="pending")
    make_initiative(tags=["jeugd"], status="archived")
    home = client.get(reverse("initiatives:home")).context["themes"]
    directory = client.get(reverse("initiatives:list")).context["form"]
    choices = directory.fields["theme"].queryset
    tags = client.get("/api/v1/tags").json()
    stats = client.get("/api/v1/stats").json()["tags"]
    used = {theme.slug: theme.count for theme in home}
    assert used and used["wonen"] == 3  # seeded: wonen is on all three
    assert {tag.slug: tag.count for tag in choices if tag.count} == used
    assert {tag["slug"]: tag["count"] for tag in tags if tag["count"]} == used
    assert {tag["key"]: tag["count"] for tag in stats} == used
    assert [tag["key"] for tag in stats] == sorted(used)


def test_place_autocomplete_agrees_on_the_site_and_in_the_api(seeded, client):
    found = {}
    for text in ("kamp", "Zwolle", "'s-Herto", "xyzzy"):
        site = client.get(reverse("initiatives:places"), {"q": text}).json()
        api = client.get("/api/v1/places", {"q": text}).json()
        found[text] = [place["name"] for place in site["places"]]
        assert found[text] == [place["name"] for place in api]
    assert "Kampen" in found["kamp"] and len(found["kamp"]) == 8
    assert found["xyzzy"] == []
