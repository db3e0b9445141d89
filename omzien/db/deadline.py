"""A deadline for every call to PostgreSQL, kept by the client.

statement_timeout needs a server that still answers. One that stops
answering on an open connection (a hung host, a stalled proxy) would hold
the calling thread forever, and with a few such threads the whole site. A
watchdog thread shuts the socket of a call that outlives the deadline: the
call then fails as a lost connection does, and the request gets a 503
(omzien.middleware.DatabaseUnavailableMiddleware).
"""

import contextlib
import os
import socket
import threading
import time

import psycopg
from django.conf import settings

_calls = {}  # thread id -> (deadline, socket file descriptor)
_lock = threading.Lock()
_watchdog = None


@contextlib.contextmanager
def deadline(connection):
    """Arm the deadline around one call on an open psycopg connection."""
    fd = _socket_of(connection)
    if fd is None:  # a lost connection: the call fails at once by itself
        yield
        return
    key = threading.get_ident()
    due = time.monotonic() + settings.DATABASE_CALL_DEADLINE
    with _lock:
        outer = _calls.get(key)
        _calls[key] = (due, fd)
    _ensure_watchdog()
    try:
        yield
    finally:
        with _lock:
            _calls.pop(key, None)  # the watchdog removes what it shut
            if outer is not None:
                _calls[key] = outer


def _socket_of(connection) -> int | None:
    try:
        return connection.fileno()
    except psycopg.OperationalError:
        return None


def _ensure_watchdog():
    global _watchdog
    if _watchdog is None or not _watchdog.is_alive():
        with _lock:
            if _watchdog is None or not _watchdog.is_alive():
                _watchdog = threading.Thread(
                    target=_watch, daemon=True, name="db-deadline"
                )
                _watchdog.start()


def _watch():
    while True:
        time.sleep(0.2)
        now = time.monotonic()
        with _lock:  # a call cannot finish, and its socket close, meanwhile
            for key, (due, fd) in list(_calls.items()):
                if now > due:
                    _shut(fd)
                    del _calls[key]


def _shut(fd: int):
    with contextlib.suppress(OSError):
        sock = socket.socket(fileno=os.dup(fd))
        try:
            sock.shutdown(socket.SHUT_RDWR)
        finally:
            sock.close()
