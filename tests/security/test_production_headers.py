"""Security headers on site pages and API responses with the production
settings (as settings.py sets them when DJANGO_ENV=production)."""

import pytest

from .checks import LIST

PRODUCTION = {
    "DEBUG": False,
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    "SECURE_SSL_REDIRECT": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "SECURE_HSTS_SECONDS": 31_536_000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
}
URLS = [
    "/",
    "/initiatieven/",
    "/meld-aan/",
    "/bijeenkomsten/",
    "/bijeenkomsten/agenda.ics",
    "/bestaat-niet/",
    LIST,
    f"{LIST}?format=csv",
    f"{LIST}?bbox=nope",
    "/api/v1/bestaat-niet",
    "/ogc/collections/initiatives/items",
    "/api/v1/openapi.json",
]


@pytest.fixture
def production(settings):
    for name, value in PRODUCTION.items():
        setattr(settings, name, value)


@pytest.mark.parametrize("url", URLS)
def test_headers_over_https(production, seeded, client, url):
    response = client.get(url, secure=True)
    assert response.status_code in (200, 400, 404)
    assert response["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    if response["Content-Type"].startswith("text/html"):
        assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("url", URLS)
def test_plain_http_is_redirected_to_https(production, db, client, url):
    response = client.get(url)
    assert response.status_code == 301
    assert response["Location"] == f"https://testserver{url}"
    assert "Strict-Transport-Security" not in response  # only over HTTPS


def test_behind_the_proxy_https_counts(production, db, client):
    response = client.get("/", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert "Strict-Transport-Security" in response


def test_cookies_are_secure(production, db, client):
    response = client.get("/meld-aan/", secure=True)
    cookie = response.cookies["csrftoken"]
    assert cookie["secure"] and cookie["samesite"] == "Lax"
