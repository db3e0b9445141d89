"""Cached values under a bounded set of keys.

A key names what is cached (e.g. the count of one region and theme); the
version of the data it was computed from is stored beside the value, not in
the key. A change of the data then replaces the one entry instead of adding
keys, so the number of keys stays that of the names the callers allow.
"""

import hashlib

from django.core.cache import cache


def remembered(key: str, version, compute, *, timeout: int):
    """The value stored under `key` for this `version`, else `compute()`'s,
    which is stored for next time."""
    stamp = hashlib.sha256(repr(version).encode()).hexdigest()
    stored = cache.get(key)
    if stored is not None and stored[0] == stamp:
        return stored[1]
    value = compute()
    cache.set(key, (stamp, value), timeout)
    return value
