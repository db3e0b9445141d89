"""Production's cache: Django's Redis cache with one client per pool
(omzien/cache.py), against a real Redis."""

import threading
import uuid

import pytest

from omzien.cache import RedisCache
from tests.conftest import REDIS_URL
from tests.test_settings import PRODUCTION, manage

pytestmark = pytest.mark.redis


@pytest.fixture
def cache():
    cache = RedisCache(REDIS_URL, {"KEY_PREFIX": f"omzien-test-{uuid.uuid4().hex}"})
    yield cache
    cache.clear()


def test_a_redis_cache_url_selects_it():
    shown = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.CACHES['default'])",
        **PRODUCTION,
    )
    assert shown.returncode == 0, shown.stderr
    assert "'BACKEND': 'omzien.cache.RedisCache'" in shown.stdout


def test_every_operation_uses_one_client(cache):
    client = cache._cache.get_client()
    cache.set("a", 1)
    assert cache.get("a") == 1
    assert cache.incr("a") == 2
    assert cache.get_many(["a", "b"]) == {"a": 2}
    assert cache._cache.get_client(write=True) is client


def test_threads_share_the_client(cache):
    wrong = []

    def work(n):
        for i in range(200):
            cache.set(f"{n}:{i}", (n, i))
            if cache.get(f"{n}:{i}") != (n, i):
                wrong.append((n, i))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []
    assert cache.get_many([f"{n}:199" for n in range(8)]) == {
        f"{n}:199": (n, 199) for n in range(8)
    }
