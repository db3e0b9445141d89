import uuid

import pytest
from django.core.cache import caches
from django.urls import reverse

from initiatives import ratelimit
from initiatives.models import Initiative

URL = reverse("initiatives:submit")
REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture(params=["locmem", "redis"])
def cache_backend(request, settings):
    """Django's local-memory cache (the default) and Redis, as configured
    from CACHE_URL in production; a fresh key prefix isolates each run."""
    if request.param == "redis":
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS_URL,
                "KEY_PREFIX": f"omzien-test-{uuid.uuid4().hex}",
            }
        }
    backend = caches["default"]
    yield backend
    if request.param == "locmem":
        backend.clear()
    else:  # only this run's keys: other processes may share the Redis
        import redis

        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(f"{backend.key_prefix}*"):
            client.delete(key)


def test_the_limit_counts_per_address(cache_backend):
    for _ in range(3):
        assert ratelimit.allow("t", "10.0.0.1", limit=3)
    assert not ratelimit.allow("t", "10.0.0.1", limit=3)
    assert ratelimit.allow("t", "10.0.0.2", limit=3)


def test_submissions_over_the_limit_get_a_429(
    cache_backend, form_data, client, settings
):
    settings.SUBMISSION_RATE_LIMIT = 2
    form_data["not_duplicate"] = "on"
    for n in range(2):
        response = client.post(URL, {**form_data, "name": f"Dorpskamer {n}"})
        assert response.status_code == 302
    response = client.post(URL, {**form_data, "name": "Dorpskamer 3"})
    assert response.status_code == 429
    assert Initiative.objects.count() == 2
    other = client.post(URL, {**form_data, "name": "Elders"}, REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302


def test_the_backend_really_is_redis(cache_backend, request):
    """The Redis run stores its counter in Redis, not in this process."""
    if "redis" not in request.node.callspec.id:
        assert "LocMemCache" in type(cache_backend).__name__
        return
    import redis

    ratelimit.allow("t", "10.0.0.9", limit=5)
    keys = redis.Redis.from_url(REDIS_URL).keys(f"{cache_backend.key_prefix}*")
    assert len(keys) == 1


def test_forwarded_address_is_used_only_when_configured(rf, settings):
    request = rf.post(URL, HTTP_X_FORWARDED_FOR="203.0.113.5, 198.51.100.1")
    assert ratelimit.client_address(request) == "127.0.0.1"
    settings.USE_X_FORWARDED_FOR = True
    assert ratelimit.client_address(request) == "198.51.100.1"


def test_environment_redis_url_selects_djangos_redis_cache():
    import environ

    config = environ.Env.cache_url_config("redis://127.0.0.1:6379/1")
    assert config["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
