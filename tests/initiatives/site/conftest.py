import pytest

from initiatives.models import Tag


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
