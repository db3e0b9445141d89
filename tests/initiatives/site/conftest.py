import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from initiatives.models import Tag


@pytest.fixture(autouse=True)
def default_language():
    """Requests to /en/ leave English active in the thread; reverse() in
    the next test must give the Dutch (unprefixed) paths again."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit counters from one test never reach the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def moderators(settings):
    settings.MODERATOR_EMAILS = ["moderator@omzien.example"]
    settings.SITE_URL = "https://omzien.example"
    return settings.MODERATOR_EMAILS


@pytest.fixture
def form_data(db):
    """A complete, valid submission for De Holm's village, Den Andel."""
    Tag.objects.get_or_create(slug="ontmoeting", defaults={"name": "ontmoeting"})
    return {
        "name": "Dorpskamer Den Andel",
        "summary": "Een huiskamer voor het dorp, waar iedereen binnen kan lopen.",
        "description": "Elke dinsdag koffie, soep en een praatje.",
        "themes": ["ontmoeting"],
        "website": "dorpskamer.example.nl",
        "place": "Den Andel",
        "point": "",
        "contact_name": "Anna Bakker",
        "contact_email": "anna@example.org",
        "privacy": "on",
    }
