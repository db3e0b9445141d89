import pytest
from django.urls import reverse

from initiatives import ratelimit
from initiatives.models import Initiative

URL = reverse("initiatives:submit")


def test_the_limit_counts_per_address(cache_keys):
    for _ in range(3):
        assert ratelimit.allow("t", "10.0.0.1", limit=3)
    assert not ratelimit.allow("t", "10.0.0.1", limit=3)
    assert ratelimit.allow("t", "10.0.0.2", limit=3)


def test_submissions_over_the_limit_get_a_429(cache_keys, form_data, client, settings):
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


def test_the_counter_lives_in_the_configured_cache(cache_keys):
    """The Redis run keeps its counter in Redis, not in this process."""
    ratelimit.allow("t", "10.0.0.9", limit=5)
    assert len(cache_keys()) == 1


@pytest.mark.parametrize(
    ("proxies", "peer", "forwarded", "expected"),
    [
        (0, "127.0.0.1", "203.0.113.5, 198.51.100.1", "127.0.0.1"),
        (1, "127.0.0.1", "203.0.113.5, 198.51.100.1", "198.51.100.1"),
        (2, "127.0.0.1", "203.0.113.5, 198.51.100.1", "203.0.113.5"),
        (1, "192.0.2.9", "203.0.113.5", "192.0.2.9"),  # peer is no proxy
        (1, "127.0.0.1", "", "127.0.0.1"),
        (2, "127.0.0.1", "198.51.100.1", "127.0.0.1"),  # fewer hops than proxies
        (1, "127.0.0.1", "203.0.113.5, nonsense", "127.0.0.1"),
        (1, "127.0.0.1", "198.51.100.1:8080", "127.0.0.1"),
        (1, "127.0.0.1", " ::ffff:198.51.100.1 ", "198.51.100.1"),
        (1, "", "198.51.100.1", "198.51.100.1"),  # a Unix socket is local
        (0, "2001:db8:1:2:aaaa::1", "", "2001:db8:1:2::"),
        (1, "::1", "2001:db8:1:2:bbbb::7", "2001:db8:1:2::"),
    ],
)
def test_client_address_trusts_only_the_configured_proxies(
    rf, settings, proxies, peer, forwarded, expected
):
    """X-Forwarded-For counts only from a trusted proxy, and only the hop
    the outermost proxy appended; IPv6 counts per /64."""
    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.post(URL, REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded)
    assert ratelimit.client_address(request) == expected


def submit_from(client, form_data, n, forwarded):
    data = {**form_data, "name": f"Dorpskamer {n}", "not_duplicate": "on"}
    return client.post(URL, data, HTTP_X_FORWARDED_FOR=forwarded)


def test_a_spoofed_forwarded_header_does_not_reset_the_form_limit(
    form_data, client, settings
):
    settings.SUBMISSION_RATE_LIMIT = 2
    statuses = [
        submit_from(client, form_data, n, f"198.51.100.{n}").status_code
        for n in range(4)
    ]
    assert statuses == [302, 302, 429, 429]
    assert Initiative.objects.count() == 2


def test_behind_a_proxy_the_form_limit_counts_per_visitor(form_data, client, settings):
    """The proxy appends the visitor; what the visitor sent before it is
    ignored, and another visitor has an allowance of their own."""
    settings.SUBMISSION_RATE_LIMIT = 2
    settings.TRUSTED_PROXY_COUNT = 1
    statuses = [
        submit_from(client, form_data, n, f"10.9.9.{n}, 203.0.113.5").status_code
        for n in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert submit_from(client, form_data, 9, "203.0.113.6").status_code == 302


def test_the_form_429_says_when_to_come_back(form_data, client, settings):
    settings.SUBMISSION_RATE_LIMIT = 0
    response = submit_from(client, form_data, 1, "")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600


def test_environment_redis_url_selects_djangos_redis_cache():
    import environ

    config = environ.Env.cache_url_config("redis://127.0.0.1:6379/1")
    assert config["BACKEND"] == "django.core.cache.backends.redis.RedisCache"


def test_a_bad_proxy_setting_stops_the_start():
    """The old switch trusted any sender's header; a network that does not
    parse would fail every request: both refuse to start instead."""
    from tests.test_settings import manage

    old = manage("check", USE_X_FORWARDED_FOR="true")
    assert old.returncode != 0 and "TRUSTED_PROXY_COUNT" in old.stderr
    bad = manage("check", TRUSTED_PROXIES="127.0.0.1/8,nonsense")
    assert bad.returncode != 0 and "TRUSTED_PROXIES" in bad.stderr
    assert manage("check", TRUSTED_PROXIES="10.0.0.0/8").returncode == 0
