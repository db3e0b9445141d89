"""The gatherings' own layer on the maps: builder, view and cache."""

import datetime

import time_machine
from django.urls import reverse

from areas.models import Region
from gatherings import services as gathering_services
from gatherings.layers import map_points
from gatherings.models import Gathering
from gatherings.schedule import AMSTERDAM
from maps import builders
from maps.rendering import render_parts
from tests.gatherings.factories import make_gathering
from tests.maps.pages import layer_config

NOORDEN = reverse("maps:region", args=["noorden"])
MAY_22 = datetime.date(2026, 5, 22)


def points(*gatherings) -> list[dict]:
    """The gatherings as gatherings.layers.map_points hands them to the maps."""
    chosen = Gathering.objects.filter(pk__in=[g.pk for g in gatherings])
    found = map_points(chosen.for_list().order_by("pk"))
    assert found  # the checks below have points to look at
    return found


def layer_rows(content: bytes) -> list[dict]:
    """The gathering rows in a rendered map, [] when it has no such layer."""
    config = layer_config(content, "gathering")
    return config["rows"] if config else []


def titles(response) -> list[str]:
    return [row["title"] for row in layer_rows(response.content)]


def test_layer_has_the_points_and_their_popups(db):
    first = make_gathering(title="Kennismakingsmiddag", start_date=MAY_22)
    second = make_gathering(title="Tweede", lon=6.5, lat=52.555)
    layer = builders.gatherings_layer(points(first, second))
    rows = layer.config["rows"]
    assert [(r["title"], r["lon"], r["lat"]) for r in rows] == [
        ("Kennismakingsmiddag", 5.911, 52.555),
        ("Tweede", 6.5, 52.555),
    ]
    assert "vrijdag 22 mei 2026" in rows[0]["popup"]
    assert f'href="{first.get_absolute_url()}"' in rows[0]["popup"]


def test_a_script_title_is_escaped_in_the_popup_and_the_page_script(db):
    title = "</script><script>alert(1)</script>"
    gathering = make_gathering(title=title, place_name="<b>x</b>")
    (point,) = points(gathering)
    popup = builders.gathering_popup_html(point)
    assert "<script>" not in popup and "<b>" not in popup
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in popup
    assert "&lt;b&gt;x&lt;/b&gt;" in popup
    layer = builders.gatherings_layer([point])
    assert "<" not in layer.config_element().removeprefix("<script").removesuffix(
        "</script>"
    )  # nothing can close the <script>


def test_no_layer_without_points_and_never_a_cancelled_one(db):
    assert builders.gatherings_layer([]) is None
    cancelled = make_gathering(status=Gathering.Status.CANCELLED)
    assert builders.gatherings_layer(points(cancelled)) is None


def test_an_approximate_point_is_marked_and_says_the_place_follows(db):
    noorden = Region.objects.get(slug="noorden")
    gathering = make_gathering(lon=None, region=noorden)
    layer = builders.gatherings_layer(points(gathering))
    (row,) = layer.config["rows"]
    assert row["approximate"] is True
    assert "plaats volgt" in row["popup"]


def test_region_map_shows_its_upcoming_gatherings(client, db, first_of_may):
    make_gathering(title="In Kampen", start_date=MAY_22)
    make_gathering(title="In Maastricht", lon=5.69, lat=50.85, start_date=MAY_22)
    response = client.get(NOORDEN)
    assert titles(response) == ["In Kampen"]
    assert b"omzien-gathering" in response.content  # the layer's own icon
    assert [g.title for g in response.context["gatherings"]] == ["In Kampen"]
    country = client.get(reverse("maps:country"))
    assert sorted(titles(country)) == ["In Kampen", "In Maastricht"]


def test_past_draft_cancelled_and_online_gatherings_stay_off(client, db, first_of_may):
    make_gathering(title="Komt", start_date=MAY_22)
    make_gathering(title="Voorbij", start_date=datetime.date(2026, 4, 20))
    make_gathering(title="Concept", status=Gathering.Status.DRAFT)
    make_gathering(title="Afgelast", status=Gathering.Status.CANCELLED)
    make_gathering(title="Online", online=True, lon=None)
    for url in (
        NOORDEN,
        reverse("maps:country"),
        reverse("maps:region-embed", args=["noorden"]),
    ):
        response = client.get(url)
        assert titles(response) == ["Komt"]
        for hidden in (b"Voorbij", b"Concept", b"Afgelast"):
            assert hidden not in response.content


def test_a_script_title_reaches_the_page_escaped(client, db, first_of_may):
    title = "</script><script>alert(1)</script>"
    make_gathering(title=title, start_date=MAY_22)
    response = client.get(NOORDEN)
    assert b"<script>alert(1)" not in response.content
    assert titles(response) == [title]  # the data still holds the real title
    assert b"&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in response.content


def test_the_cached_map_changes_when_a_gathering_is_added_or_cancelled(
    client, db, first_of_may_ticking
):
    """The clock runs, as it does between real edits (updated_at moves)."""
    assert titles(client.get(NOORDEN)) == []
    first = make_gathering(title="Eerste", start_date=MAY_22)
    assert titles(client.get(NOORDEN)) == ["Eerste"]
    make_gathering(title="Tweede", start_date=datetime.date(2026, 5, 23))
    assert titles(client.get(NOORDEN)) == ["Eerste", "Tweede"]
    gathering_services.cancel(gathering=first)
    assert titles(client.get(NOORDEN)) == ["Tweede"]


def test_a_gathering_that_is_over_leaves_the_cached_map(client, db):
    make_gathering(title="Eenmalig", start_date=MAY_22)
    morning = datetime.datetime(2026, 5, 22, 9, 0, tzinfo=AMSTERDAM)
    with time_machine.travel(morning, tick=False):
        assert titles(client.get(NOORDEN)) == ["Eenmalig"]
    with time_machine.travel(morning + datetime.timedelta(days=1), tick=False):
        assert titles(client.get(NOORDEN)) == []


def test_rendered_map_holds_the_layer_script(db):
    fmap = builders.country_map(tags=[], gatherings=points(make_gathering()))
    script = render_parts(fmap)["script"]
    assert "omzienGatherings(" in script
