import uuid

import pytest
import redis
from django.core.cache import caches
from django.core.management import call_command
from huey.contrib.djhuey import HUEY
from huey.storage import MemoryStorage

from areas.models import Province

REDIS_URL = "redis://127.0.0.1:6379/15"
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


@pytest.fixture
def seeded(db, geography):
    """The three real initiatives from the fixtures."""
    call_command("load_initiatives", verbosity=0)


@pytest.fixture(params=["locmem", "redis"])
def cache_keys(request, settings):
    """An empty cache in Django's local memory or in Redis (as CACHE_URL sets
    it in production), and a function that lists the keys stored in it."""
    prefix = f"omzien-test-{uuid.uuid4().hex}"
    if request.param == "redis":
        backend, location = "redis.RedisCache", REDIS_URL
    else:
        backend, location = "locmem.LocMemCache", prefix  # a cache of its own
    settings.CACHES = {
        "default": {
            "BACKEND": f"django.core.cache.backends.{backend}",
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
