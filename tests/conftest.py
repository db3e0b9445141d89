"""Fixtures every test folder shares; a folder's conftest keeps its own."""

import datetime
import os
import uuid
import zoneinfo

import pytest
import redis
import time_machine
from django.conf import settings
from django.core.cache import cache, caches
from django.core.management import call_command
from django.utils import translation
from huey.contrib.djhuey import HUEY
from huey.storage import MemoryStorage

from areas.models import Province

# The Redis the Redis-backed tests use; keys carry a fresh prefix per test.
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
# Noon in Amsterdam on 1 May 2026: April's jam session is past, the
# kennismakingsmiddag of 22 May still to come.
FIRST_OF_MAY = datetime.datetime(
    2026, 5, 1, 12, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Amsterdam")
)
pytest_plugins = ["tests.smtp"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real Dutch geography and the themes once into the test database."""
    with django_db_blocker.unblock():
        call_command("load_geography", verbosity=0)
        call_command("load_themes", verbosity=0)


@pytest.fixture
def geography(django_db_blocker):
    """The geography and the themes, reloaded when a transactional test
    flushed them away."""
    with django_db_blocker.unblock():
        if not Province.objects.exists():
            call_command("load_geography", verbosity=0)
            call_command("load_themes", verbosity=0)


@pytest.fixture(autouse=True)
def geography_in_transactional_tests(request):
    """A transactional test (every live_server test is one) empties the
    database when it ends; the next one gets the geography back, whether
    or not it asks for `geography`."""
    marker = request.node.get_closest_marker("django_db")
    if {"transactional_db", "live_server"} & set(request.fixturenames) or (
        marker and marker.kwargs.get("transaction")
    ):
        request.getfixturevalue("geography")


@pytest.fixture
def seeded(db, geography):
    """The three real initiatives from the fixtures."""
    call_command("load_initiatives", verbosity=0)


@pytest.fixture
def gatherings(seeded):
    """The real gatherings from the fixtures (after the real initiatives)."""
    call_command("load_gatherings", verbosity=0)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded images go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def clear_cache():
    """Every test starts with an empty cache: no rate-limit counter, cached
    count or rendered map of one test reaches the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts and ends in the site's language: a request to /en/
    leaves English active in the thread, and reverse() in the next test
    must give the Dutch (unprefixed) paths again."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def first_of_may():
    """The clock stands still at FIRST_OF_MAY."""
    with time_machine.travel(FIRST_OF_MAY, tick=False):
        yield FIRST_OF_MAY


@pytest.fixture
def first_of_may_ticking():
    """The clock starts at FIRST_OF_MAY and runs on: time_machine travels
    the whole process, so a live server's thread sees that date too, and
    a browser's waits and the admin's edit times still move forward."""
    with time_machine.travel(FIRST_OF_MAY, tick=True):
        yield FIRST_OF_MAY


@pytest.fixture(params=["locmem", pytest.param("redis", marks=pytest.mark.redis)])
def cache_keys(request, settings):
    """An empty cache in Django's local memory or in Redis (as CACHE_URL sets
    it in production), and a function that lists the keys stored in it."""
    prefix = f"omzien-test-{uuid.uuid4().hex}"
    if request.param == "redis":
        backend, location = "omzien.cache.RedisCache", REDIS_URL
    else:  # a cache of its own
        backend, location = "django.core.cache.backends.locmem.LocMemCache", prefix
    settings.CACHES = {
        "default": {
            "BACKEND": backend,
            "LOCATION": location,
            "KEY_PREFIX": prefix,
        }
    }

    def keys():
        if request.param == "redis":
            client = redis.Redis.from_url(REDIS_URL)
            stored = [key.decode() for key in client.scan_iter(f"{prefix}:*")]
        else:
            stored = list(caches["default"]._cache)  # LocMemCache's own dict
        return {key.split(":", 2)[2] for key in stored}  # prefix:version:key

    yield keys
    caches["default"].delete_many(list(keys()))


@pytest.fixture(scope="session", autouse=True)
def immediate_tasks():
    """Tasks run at once, in the test's thread and transaction (huey's
    immediate mode); the mails they send land in `mailoutbox`."""
    HUEY.immediate = True
    yield
    HUEY.immediate = False


@pytest.fixture
def task_queue():
    """The queue as in production: tasks wait until a worker runs them
    (kept in memory, so a test leaves nothing behind)."""
    HUEY.immediate = False
    HUEY.storage = MemoryStorage(HUEY.name)
    yield HUEY
    HUEY.immediate = True


@pytest.fixture
def sent_after_commit(django_capture_on_commit_callbacks):
    """Run what the block's transactions leave for after their commit (in
    tests, the test's transaction never commits): the mails go out."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
