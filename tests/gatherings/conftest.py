import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.utils import translation

from gatherings.schedule import AMSTERDAM


@pytest.fixture(autouse=True)
def default_language():
    """A request to /en/ activates English in the test's thread; undo it."""
    yield
    translation.deactivate()


@pytest.fixture
def gatherings(seeded):
    """The real gatherings from the fixtures (after the real initiatives)."""
    call_command("load_gatherings", verbosity=0)


@pytest.fixture
def first_of_may():
    """Now is 1 May 2026, noon in Amsterdam: April's jam session is past."""
    moment = datetime.datetime(2026, 5, 1, 12, 0, tzinfo=AMSTERDAM)
    with time_machine.travel(moment, tick=False):
        yield moment
