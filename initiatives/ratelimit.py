"""The client's address, and a fixed-window rate limit per address.

`client_address()` is the one place that decides who a request comes from:
the form limiter, the API throttles and django-axes all call it. Counters
live in Django's cache; every backend that counts atomically works (local
memory in development, Redis in production).
"""

import ipaddress
import time

from django.conf import settings
from django.core import checks
from django.core.cache import cache

# An IPv6 subscriber gets a whole /64: limits count per network, not per
# address, or rotating addresses inside it would bypass them.
IPV6_PREFIX = 64


def client_address(request) -> str:
    """REMOTE_ADDR, or, behind TRUSTED_PROXY_COUNT proxies that each append
    their peer to X-Forwarded-For, the address the outermost one saw.

    The header is read only from a trusted proxy (TRUSTED_PROXIES); an
    address that does not parse falls back to the peer.
    """
    peer = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count and _is_trusted_proxy(peer):
        hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if len(hops) >= count and _parse(hops[-count]):
            return _limit_key(_parse(hops[-count]))
    address = _parse(peer)
    return _limit_key(address) if address else peer


def _is_trusted_proxy(peer: str) -> bool:
    if not peer:
        return True  # a Unix socket: only local processes can connect
    address = _parse(peer)
    return address is not None and any(
        address in ipaddress.ip_network(network) for network in settings.TRUSTED_PROXIES
    )


def _parse(value: str):
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _limit_key(address) -> str:
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/{IPV6_PREFIX}", strict=False)[0])
    return str(address)


def allow(scope: str, address: str, *, limit: int, period: int = 3600) -> bool:
    """Count one attempt; False once the address went over the limit."""
    window = int(time.time() // period)
    key = f"ratelimit:{scope}:{address}:{window}"
    cache.add(key, 0, timeout=period)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=period)
        count = 1
    return count <= limit


def retry_after(period: int = 3600) -> int:
    """Seconds until the current window of allow() ends."""
    return period - int(time.time()) % period


@checks.register(checks.Tags.security, deploy=True)
def check_trusted_proxies(app_configs=None, **kwargs):
    """Behind the documented proxy, without TRUSTED_PROXY_COUNT every
    visitor shares the proxy's address, and so every limit."""
    if settings.TRUSTED_PROXY_COUNT:
        return []
    return [
        checks.Warning(
            "TRUSTED_PROXY_COUNT is 0: every limit counts per proxy, not per visitor.",
            hint="Set TRUSTED_PROXY_COUNT=1 behind nginx (README, Production).",
            id="omzien.W001",
        )
    ]
