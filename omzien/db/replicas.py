"""Reads on PostgreSQL streaming replicas (DATABASE_REPLICA_URLS).

- Only anonymous GET and HEAD requests read from a replica: no session cookie
  and no recent write. Writes, logged-in users, commands and the task queue
  always use the primary.
- After a write a visitor gets a cookie that keeps their reads on the
  primary for READ_YOUR_WRITES_SECONDS, so they see their own change at once.
- A replica that cannot say how far behind it is (down, not streaming, not a
  replica) or is more than REPLICA_MAX_LAG_SECONDS behind is skipped. A
  request whose replica fails halfway is answered again from the primary:
  it only read, so that is safe.
"""

import contextvars
import logging
import random
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, connections

logger = logging.getLogger(__name__)

PRIMARY_COOKIE = "omzien_primary"
SAFE_METHODS = ("GET", "HEAD")

# The replica this request reads from; None means the primary.
_replica = contextvars.ContextVar("replica", default=None)
# Per process: alias -> (monotonic time of the check, usable).
_health: dict[str, tuple[float, bool]] = {}

# Seconds behind the primary: 0 when everything received is replayed, else
# the age of the last replayed transaction; NULL when it cannot tell. A
# receiver that (re)started at a segment's start has received the rest of the
# previous segment only as padding, with nothing in it to replay.
LAG_SQL = """
WITH wal AS (
    SELECT pg_last_wal_receive_lsn() AS received,
           pg_last_wal_replay_lsn() AS replayed,
           (SELECT setting::numeric FROM pg_settings
            WHERE name = 'wal_segment_size') AS segment
)
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN NULL
    WHEN NOT EXISTS (
        SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming'
    ) THEN NULL
    WHEN replayed >= received THEN 0
    WHEN pg_wal_lsn_diff(received, replayed) < 8192
         AND pg_wal_lsn_diff(received, '0/0') % segment = 0 THEN 0
    ELSE EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp())
END
FROM wal
"""


class ReplicaRouter:
    """Reads go where the request's middleware chose; writes, migrations and
    reads inside a transaction on the primary go to the primary."""

    def db_for_read(self, model, **hints):
        alias = _replica.get()
        if alias is None or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return alias

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # a replica holds the primary's rows

    def allow_migrate(self, db, app_label, **hints):
        return db == DEFAULT_DB_ALIAS


class ReadRoutingMiddleware:
    """Chooses the database a request reads from and keeps writers on the
    primary for a while. Sits inside DatabaseUnavailableMiddleware, so that a
    replica that fails is retried on the primary before anyone sees a 503."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.REPLICA_ALIASES:
            return self.get_response(request)
        token = _replica.set(replica_for(request))
        try:
            response = self.get_response(request)
            failed = getattr(request, "_replica_failed", None)
            if failed:
                logger.warning("Replica %s failed; answered from the primary", failed)
                _replica.set(None)
                response = self.get_response(request)
        finally:
            _replica.reset(token)
        if request.method not in SAFE_METHODS:
            response.set_cookie(
                PRIMARY_COOKIE,
                "1",
                max_age=settings.READ_YOUR_WRITES_SECONDS,
                secure=request.is_secure(),
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_exception(self, request, exception):
        alias = _replica.get()
        if alias and isinstance(exception, DatabaseError | InterfaceError):
            _health[alias] = (time.monotonic(), False)
            request._replica_failed = alias
        return None  # DatabaseUnavailableMiddleware answers; __call__ retries


def replica_for(request) -> str | None:
    """A usable replica for an anonymous read, or None for the primary."""
    if request.method not in SAFE_METHODS:
        return None
    if PRIMARY_COOKIE in request.COOKIES:
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None  # moderators, and anyone else with a session
    usable = [alias for alias in settings.REPLICA_ALIASES if is_usable(alias)]
    return random.choice(usable) if usable else None  # noqa: S311 (spreads load)


def is_usable(alias: str) -> bool:
    now = time.monotonic()
    checked_at, usable = _health.get(alias, (float("-inf"), False))
    if now - checked_at < settings.REPLICA_CHECK_SECONDS:
        return usable
    lag = replica_lag(alias)
    usable = lag is not None and lag <= settings.REPLICA_MAX_LAG_SECONDS
    if not usable:
        logger.warning("Replica %s skipped: lag %s s", alias, lag)
    _health[alias] = (now, usable)
    return usable


def replica_lag(alias: str) -> float | None:
    """Seconds `alias` is behind the primary; None when it is down or cannot
    tell."""
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute(LAG_SQL)
            (lag,) = cursor.fetchone()
    except (DatabaseError, InterfaceError):
        connections[alias].close()
        return None
    return None if lag is None else float(lag)
