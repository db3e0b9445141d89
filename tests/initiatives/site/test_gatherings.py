"""Gatherings on the site's own pages: navigation, home, an initiative."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from gatherings.models import Gathering
from initiatives.models import Initiative
from tests.conftest import FIRST_OF_MAY
from tests.factories import make_initiative
from tests.gatherings.factories import make_gathering

TODAY = FIRST_OF_MAY.date()


def day(offset):
    return TODAY + dt.timedelta(days=offset)


def titles(html, section_id):
    """The gathering titles inside the section labelled by section_id."""
    match = re.search(
        rf'<section[^>]*aria-labelledby="{section_id}".*?</section>', html, re.S
    )
    assert match, section_id
    return re.findall(r'class="gathering-title"[^>]*>([^<]*)</a>', match.group(0))


def nav_links(html):
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
    return re.findall(r'<a href="([^"]*)"( aria-current="page")?', nav)


def test_the_navigation_leads_to_the_gatherings(db, client):
    links = dict(nav_links(client.get(reverse("initiatives:home")).text))
    assert links["/bijeenkomsten/"] == ""
    links = dict(nav_links(client.get(reverse("gatherings:list")).text))
    assert links["/bijeenkomsten/"] == ' aria-current="page"'
    assert links["/initiatieven/"] == ""  # both views are called "list"
    links = dict(nav_links(client.get(reverse("initiatives:list")).text))
    assert links["/initiatieven/"] == ' aria-current="page"'
    assert links["/bijeenkomsten/"] == ""


def test_english_navigation_links_to_english_gatherings(db, client):
    assert "/en/bijeenkomsten/" in dict(nav_links(client.get("/en/").text))


def test_home_shows_the_next_three_gatherings(db, client, first_of_may):
    make_gathering(title="Voorbij", start_date=day(-1))
    make_gathering(title="Geheim", start_date=day(1), status=Gathering.Status.DRAFT)
    make_gathering(title="Vierde", start_date=day(20))
    make_gathering(title="Tweede", start_date=day(5))
    make_gathering(
        title="Vandaag",
        start_date=TODAY,
        start_time=dt.time(10),
        end_time=dt.time(13),
        online=True,
        lon=None,
    )  # still going on at noon
    make_gathering(title="Derde", start_date=day(9), status="cancelled")
    html = client.get(reverse("initiatives:home")).text
    assert titles(html, "gatherings-title") == ["Vandaag", "Tweede", "Derde"]
    assert "zaterdag 2 mei 2026" not in html  # the draft's day
    assert 'href="/bijeenkomsten/"' in html


def test_home_says_when_no_gathering_is_planned(db, client, first_of_may):
    make_gathering(title="Voorbij", start_date=day(-3))
    html = client.get(reverse("initiatives:home")).text
    assert titles(html, "gatherings-title") == []
    assert 'class="gathering-none"' in html


def test_an_initiative_shows_the_gatherings_it_hosts(db, client, first_of_may):
    host = make_initiative(name="Het Erf")
    other = make_initiative(name="Elders")
    make_gathering(title="Straks", start_date=day(10), host_initiative=host, lon=None)
    make_gathering(title="Eerder", start_date=day(-30), host_initiative=host, lon=None)
    make_gathering(
        title="Concept",
        start_date=day(3),
        host_initiative=host,
        lon=None,
        status="draft",
    )
    make_gathering(title="Bij anderen", start_date=day(4), host_initiative=other)
    html = client.get(host.get_absolute_url()).text
    section = re.search(r'aria-labelledby="hosted-title".*?</section>', html, re.S)
    text = section.group(0)
    assert "Straks" in text and "Eerder" in text
    assert text.index("Straks") < text.index("Eerder")
    assert "Concept" not in html and "Bij anderen" not in html


def test_no_hosted_section_without_gatherings(db, client):
    initiative = make_initiative()
    make_gathering(title="Ergens anders")
    html = client.get(initiative.get_absolute_url()).text
    assert "hosted-title" not in html


def test_a_gathering_page_links_its_published_host(db, client):
    host = make_initiative(name="Het Erf")
    gathering = make_gathering(host_initiative=host, lon=None)
    html = client.get(gathering.get_absolute_url()).text
    assert f'href="{host.get_absolute_url()}"' in html
    Initiative.objects.filter(pk=host.pk).update(status="archived")
    html = client.get(gathering.get_absolute_url()).text
    assert f'href="{host.get_absolute_url()}"' not in html


@pytest.mark.parametrize("name", ["initiatives:home", "gatherings:list"])
def test_one_stylesheet_holds_the_gathering_styles(db, client, first_of_may, name):
    make_gathering(title="Kennismakingsmiddag in Kampen", start_date=day(21))
    html = client.get(reverse(name)).text
    assert "Kennismakingsmiddag in Kampen" in html  # a page with a gathering
    assert re.findall(r'<link rel="stylesheet" href="([^"]*)"', html) == [
        "/static/omzien/site.css"
    ]
