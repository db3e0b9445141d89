import pytest
from django.apps import apps

from tests.factories import make_initiative

# The apps whose rows a refused request must leave alone.
APPS = ("areas", "initiatives", "gatherings", "api", "auth")


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for app in APPS
        for model in apps.get_app_config(app).get_models()
    }


@pytest.fixture
def unchanged(db):
    """Fails the test if any row was added or removed meanwhile."""
    make_initiative(name="Bestaand initiatief")
    before = row_counts()
    yield
    assert row_counts() == before


@pytest.fixture
def no_rate_limits(settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {name: "100000/minute" for name in rates},
    }
    settings.SUBMISSION_RATE_LIMIT = 100_000
