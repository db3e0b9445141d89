"""Carry out a request once per Idempotency-Key and answer repeats with the
stored response of the first run."""

import hashlib
from collections.abc import Callable
from datetime import timedelta

import orjson
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import StoredResponse

KEEP = timedelta(hours=24)


class KeyReused(Exception):
    """The key came before with a different request body."""


def fingerprint(data) -> str:
    """The same for equal bodies, whatever their key order or spacing."""
    return hashlib.sha256(orjson.dumps(data, option=orjson.OPT_SORT_KEYS)).hexdigest()


def once(
    *, scope: str, key: str, fingerprint: str, run: Callable[[], tuple[int, dict]]
) -> tuple[int, dict, bool]:
    """(status, body, replayed): run() and store its answer in one
    transaction, or the stored answer when the key came within 24 hours.
    Raises KeyReused when it came with another body."""
    previous = _stored(scope, key, fingerprint)
    if previous is not None:
        return previous.status, previous.body, True
    try:
        with transaction.atomic():
            _expired(scope, key).delete()
            status, body = run()
            StoredResponse.objects.create(
                scope=scope, key=key, fingerprint=fingerprint, status=status, body=body
            )
    except IntegrityError:
        # The same key at the same moment: the other request stored first,
        # and this one's work was rolled back with the failed insert.
        previous = _stored(scope, key, fingerprint)
        if previous is None:
            raise
        return previous.status, previous.body, True
    return status, body, False


def _stored(scope, key, fingerprint) -> StoredResponse | None:
    since = timezone.now() - KEEP
    found = StoredResponse.objects.filter(
        scope=scope, key=key, created_at__gte=since
    ).first()
    if found is not None and found.fingerprint != fingerprint:
        raise KeyReused
    return found


def _expired(scope, key):
    since = timezone.now() - KEEP
    return StoredResponse.objects.filter(scope=scope, key=key, created_at__lt=since)


def forget_expired(*, now=None) -> int:
    """Delete responses older than 24 hours; returns how many."""
    now = now or timezone.now()
    return StoredResponse.objects.filter(created_at__lt=now - KEEP).delete()[0]
