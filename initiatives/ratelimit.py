"""A fixed-window rate limit per client address, kept in Django's cache.

Works with every cache backend that counts atomically (local memory in
development, Redis in production): one counter per address and window.
"""

import time

from django.conf import settings
from django.core.cache import cache


def client_address(request) -> str:
    if settings.USE_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


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
