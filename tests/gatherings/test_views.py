import datetime
import json
import re

import pytest
import time_machine
from django.template.loader import render_to_string
from django.urls import reverse

from gatherings.models import Gathering
from tests.gatherings.factories import make_gathering

LIST = reverse("gatherings:list")


def section(html, heading_id):
    """The HTML of the <section> labelled by the heading with that id."""
    match = re.search(
        rf'<section aria-labelledby="{heading_id}".*?</section>', html, re.S
    )
    assert match, heading_id
    return match.group(0)


def test_list_shows_upcoming_first_and_past_in_the_archive(
    client, gatherings, first_of_may
):
    html = client.get(LIST).content.decode()
    upcoming = section(html, "upcoming-heading")
    archive = section(html, "archive-heading")
    assert upcoming.index("donderdag 21 mei 2026") < upcoming.index(
        "vrijdag 22 mei 2026"
    )
    assert "dinsdag 24 november 2026" in upcoming
    assert "dinsdag 21 april 2026" in archive
    assert "dinsdag 21 maart 2023" in archive
    assert "21 april 2026" not in upcoming
    assert "maandag 5 oktober 2026 – vrijdag 9 oktober 2026" in upcoming
    assert "Online" in upcoming
    assert "Door het hele land" in upcoming


def test_region_filter_shows_the_region_and_the_national_gatherings(
    client, gatherings, first_of_may
):
    html = client.get(LIST, {"regio": "noorden"}).content.decode()
    assert "(noorden)" in html
    assert "(midden)" not in html
    assert "Online jamsessie" in html
    assert "/bijeenkomsten/noorden/agenda.ics" in html


def test_kind_filter(client, gatherings, first_of_may):
    html = client.get(LIST, {"soort": "training"}).content.decode()
    assert "Training Lokale Zeggenschap" in html
    assert "jamsessie" not in html.lower().split("<main")[1].split("</form>")[1]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"regio": "westen"}, "Er is geen regio “westen”."),
        ({"soort": "<script>"}, "Er is geen soort bijeenkomst “&lt;script&gt;”."),
        ({"archief": "twee"}, "Een archiefpagina is een heel getal van 1 of meer."),
        ({"archief": "0"}, "Een archiefpagina is een heel getal van 1 of meer."),
    ],
)
def test_bad_filter_values_are_a_400_with_a_clear_message(
    client, gatherings, query, message
):
    response = client.get(LIST, query)
    assert response.status_code == 400
    html = response.content.decode()
    assert "<script>" not in html
    assert message in html
    assert 'href="/bijeenkomsten/?regio=noorden"' in html


def test_an_archive_page_beyond_the_last_is_404(client, gatherings):
    assert client.get(LIST, {"archief": "9"}).status_code == 404


@pytest.mark.parametrize("count", [2, 25])
def test_list_query_count_is_flat(
    client, db, first_of_may, django_assert_max_num_queries, count
):
    for number in range(count):
        make_gathering(title=f"Middag {number}")  # 22 May: upcoming
        make_gathering(title=f"Vroeger {number}", start_date=datetime.date(2026, 4, 1))
    with django_assert_max_num_queries(4):
        response = client.get(LIST)
    html = response.content.decode()
    assert section(html, "upcoming-heading").count('class="gathering"') == count
    archived = section(html, "archive-heading").count('class="gathering"')
    assert archived == min(count, 20)  # one archive page at a time


def test_detail_has_the_dates_place_and_a_calendar_link(client, gatherings):
    """A gathering to come offers its .ics; a past one says "voorbij"."""
    gathering = Gathering.objects.get(
        slug="dialoogbijeenkomst-het-8ste-werk-2023-03-21"
    )
    ics = 'href="/bijeenkomsten/dialoogbijeenkomst-het-8ste-werk-2023-03-21.ics"'
    with time_machine.travel(datetime.datetime(2023, 3, 1, 12, 0), tick=False):
        html = client.get(gathering.get_absolute_url()).content.decode()
    assert "dinsdag 21 maart 2023" in html
    assert 'href="/initiatieven/het-8ste-werk/"' in html
    assert ics in html and "voorbij" not in html
    html = client.get(gathering.get_absolute_url()).content.decode()
    assert ics not in html and "voorbij" in html


def test_an_unpublished_host_is_neither_named_nor_linked(client, db):
    from tests.factories import make_withdrawn

    host = make_withdrawn(name="Nog Geheim")
    gathering = make_gathering(lon=None, host_initiative=host)
    html = client.get(gathering.get_absolute_url()).content.decode()
    assert "Nog Geheim" not in html
    assert "Kampen" in html  # the place still shows
    assert "organizer" not in json_ld(html)


def json_ld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_detail_has_schema_org_event_json_ld(client, gatherings):
    gathering = Gathering.objects.get(slug="kennismakingsmiddag-noorden-2026-05-22")
    data = json_ld(client.get(gathering.get_absolute_url()).content.decode())
    assert data["@type"] == "Event"
    assert data["startDate"] == data["endDate"] == "2026-05-22"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["url"].endswith(
        "/bijeenkomsten/kennismakingsmiddag-noorden-2026-05-22/"
    )


def test_timed_json_ld_has_the_local_offset(client, db):
    gathering = make_gathering(
        start_date=datetime.date(2026, 3, 29),
        start_time=datetime.time(10),
        end_time=datetime.time(12),
        online=True,
        lon=None,
    )
    data = json_ld(client.get(gathering.get_absolute_url()).content.decode())
    assert data["startDate"] == "2026-03-29T10:00:00+02:00"
    assert data["endDate"] == "2026-03-29T12:00:00+02:00"
    assert data["location"]["@type"] == "VirtualLocation"
    assert data["eventAttendanceMode"].endswith("OnlineEventAttendanceMode")


def test_json_ld_has_no_end_when_the_end_time_is_unknown(client, db):
    gathering = make_gathering(start_time=datetime.time(14))
    data = json_ld(client.get(gathering.get_absolute_url()).content.decode())
    assert data["startDate"] == "2026-05-22T14:00:00+02:00"
    assert "endDate" not in data


def test_json_ld_cannot_close_its_script_element(client, db):
    title = "</script><script>alert(1)</script>"
    gathering = make_gathering(title=title, description="<!-- & -->")
    html = client.get(gathering.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    data = json_ld(html)
    assert data["name"] == title
    assert data["description"] == "<!-- & -->"


def test_drafts_are_not_public(client, db):
    draft = make_gathering(status=Gathering.Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert draft.title not in client.get(LIST).content.decode()


def test_cancelled_gathering_is_shown_as_cancelled(client, db):
    gathering = make_gathering(status=Gathering.Status.CANCELLED)
    html = client.get(gathering.get_absolute_url()).content.decode()
    assert "Deze bijeenkomst is afgelast." in html
    assert json_ld(html)["eventStatus"] == "https://schema.org/EventCancelled"
    assert "gathering--cancelled" in client.get(LIST).content.decode()


def test_list_include_renders_for_other_pages(gatherings, first_of_may):
    """The home and initiative pages include gatherings/_list.html."""
    html = render_to_string(
        "gatherings/_list.html",
        {"gatherings": Gathering.objects.published().upcoming()[:3]},
    )
    assert html.count('class="gathering"') == 3
    assert "donderdag 21 mei 2026" in html
    empty = render_to_string("gatherings/_list.html", {"gatherings": []})
    assert "Geen bijeenkomsten gepland." in empty


def test_upcoming_gatherings_tag_for_home_and_host_pages(gatherings):
    from django.template import Context, Template

    template = Template(
        "{% load gatherings %}{% upcoming_gatherings 2 as next %}"
        "{% for g in next %}{{ g.slug }} {% endfor %}"
        "{% upcoming_gatherings 3 host=host as hosted %}{{ hosted|length }}"
    )
    kampen = Gathering.objects.get(slug="dialoogbijeenkomst-het-8ste-werk-2023-03-21")
    import time_machine

    from gatherings.schedule import local_datetime

    with time_machine.travel(local_datetime(kampen.start_date), tick=False):
        out = template.render(Context({"host": kampen.host_initiative}))
    assert out == (
        "dialoogbijeenkomst-het-8ste-werk-2023-03-21 "
        "online-jamsessie-leren-van-vernieuwers-2026-04-21 1"
    )


def test_english_page_keeps_english_dates(client, gatherings, first_of_may):
    html = client.get("/en" + LIST).content.decode()
    assert "Thursday 21 May 2026" in html
