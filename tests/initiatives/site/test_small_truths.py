"""Small truths: counts that follow the search, numbers in Dutch, past
gatherings marked as such, and empty lists that invite a submission."""

import datetime
import re

from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.formats import number_format

from tests.factories import make_initiative
from tests.gatherings.factories import make_gathering

LIST = reverse("initiatives:list")


def theme_label(text, slug) -> str:
    match = re.search(rf'value="{slug}"[^>]*> <label [^>]*>([^<]*)</label>', text)
    return match.group(1)


def test_theme_counts_follow_the_search(db, client):
    """ "wonen (3)" beside one result was wrong: counts are of the results."""
    make_initiative(name="Samen Wonen Eetclub", tags=["wonen"])
    make_initiative(name="Wonen Anders", tags=["wonen", "zorg"])
    make_initiative(name="Wonen Derde", tags=["wonen"])
    everything = client.get(LIST).text
    assert theme_label(everything, "wonen") == "wonen (3)"
    searched = client.get(LIST, {"q": "eetclub"}).text
    assert "1 initiatief gevonden." in searched
    assert theme_label(searched, "wonen") == "wonen (1)"
    assert theme_label(searched, "zorg") == "zorg (0)"
    near = client.get(LIST, {"place": "Kampen", "theme": "zorg"}).text
    assert theme_label(near, "wonen") == "wonen (1)"


def test_numbers_are_written_the_dutch_way(db):
    """One rule (USE_THOUSAND_SEPARATOR): 10.004 in Dutch, 10,004 in English."""
    with translation.override("nl"):
        assert number_format(10004) == "10.004"
    with translation.override("en"):
        assert number_format(10004) == "10,004"


def test_the_directory_count_is_in_dutch_format(db, client, monkeypatch):
    from django.core.paginator import Paginator

    monkeypatch.setattr(Paginator, "count", 10004)
    make_initiative()
    text = client.get(LIST).text
    assert "10.004 initiatieven gevonden." in text


@override_settings(USE_THOUSAND_SEPARATOR=True)
def test_a_number_in_an_attribute_stays_a_number(db, client):
    for _ in range(21):
        make_initiative()
    text = client.get(LIST, {"page": 2}).text
    assert '<ol class="initiatives" start="21">' in text


def test_a_past_gathering_says_voorbij_without_a_calendar_button(db, client):
    past = make_gathering(
        title="Jamsessie Van Vorig Jaar",
        start_date=datetime.date.today() - datetime.timedelta(days=30),
    )
    coming = make_gathering(
        title="Kennismaking Straks",
        start_date=datetime.date.today() + datetime.timedelta(days=30),
    )
    text = client.get(past.get_absolute_url()).text
    assert "voorbij" in text
    assert "Zet in mijn agenda" not in text and ".ics" not in text
    text = client.get(coming.get_absolute_url()).text
    assert "voorbij" not in text and "Zet in mijn agenda" in text
    listing = client.get(reverse("gatherings:list")).text
    archive = listing.split("Jamsessie Van Vorig Jaar", 1)[1].split("</li>")[0]
    assert "voorbij" in archive


def test_an_empty_directory_invites_a_submission(db, client):
    text = client.get(LIST).text
    assert "Er staan nog geen initiatieven op de kaart." in text
    assert "bij deze filters" not in text  # there are no filters
    assert f'href="{reverse("initiatives:submit")}"' in text
    assert "Meld het aan" in text


def test_an_empty_region_invites_a_submission(db, client):
    make_initiative()  # in Kampen: the midden region
    text = client.get(LIST, {"region": "zuiden"}).text
    assert "0 initiatieven gevonden." in text
    assert "Ken je een initiatief dat hier hoort? Meld het aan" in text
