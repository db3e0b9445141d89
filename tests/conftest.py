import pytest
from django.core.management import call_command

from initiatives.models import Province


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real Dutch geography once into the test database."""
    with django_db_blocker.unblock():
        call_command("load_geography", verbosity=0)


@pytest.fixture
def geography(django_db_blocker):
    """The geography, reloaded when a transactional test flushed it away."""
    with django_db_blocker.unblock():
        if not Province.objects.exists():
            call_command("load_geography", verbosity=0)


@pytest.fixture
def seeded(db, geography):
    """The three real initiatives from the fixtures."""
    call_command("load_initiatives", verbosity=0)
