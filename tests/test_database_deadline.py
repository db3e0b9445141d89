"""A PostgreSQL server that stops answering on an open connection: the
client's own deadline ends the call, so the thread is not held forever."""

import contextlib
import socket
import threading
import time

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.db.utils import load_backend

from bench import servers

APPLICATION = "omzien-deadline-test"
pytestmark = pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgis"),
    reason="a stand-in in front of PostgreSQL (PostGIS only)",
)


class StallingRelay:
    """Passes bytes between client and PostgreSQL until stalled; then
    holds every connection open and passes nothing, as a hung server does."""

    def __init__(self, target):
        self.target, self.stalled = target, threading.Event()
        self.listener = socket.create_server(("127.0.0.1", servers.free_port()))
        self.port = self.listener.getsockname()[1]
        self.sockets = [self.listener]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        with contextlib.suppress(OSError):
            while True:
                client, _ = self.listener.accept()
                upstream = socket.create_connection(self.target)
                self.sockets += [client, upstream]
                for a, b in ((client, upstream), (upstream, client)):
                    threading.Thread(
                        target=self._pipe, args=(a, b), daemon=True
                    ).start()

    def _pipe(self, source, sink):
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                while self.stalled.is_set():
                    time.sleep(0.05)
                sink.sendall(data)

    def close(self):
        for sock in self.sockets:
            sock.close()


@pytest.fixture
def relayed(db, settings):
    """A second connection to the test database, through the relay."""
    settings.DATABASE_CALL_DEADLINE = 1
    db_settings = connection.settings_dict
    relay = StallingRelay(
        (db_settings["HOST"] or "127.0.0.1", int(db_settings["PORT"]))
    )
    wrapper_class = load_backend(db_settings["ENGINE"]).DatabaseWrapper
    options = {**db_settings["OPTIONS"], "application_name": APPLICATION}
    relayed = wrapper_class(
        {**db_settings, "HOST": "127.0.0.1", "PORT": relay.port, "OPTIONS": options}
    )
    yield relay, relayed
    relay.stalled.clear()
    relayed.close()
    relay.close()
    with connection.cursor() as cursor:  # what the stalled relay left behind
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE application_name = %s",
            [APPLICATION],
        )


def test_a_query_to_a_silent_server_fails_at_the_deadline(relayed):
    relay, wrapper = relayed
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
        relay.stalled.set()
        started = time.monotonic()
        with pytest.raises(OperationalError):
            cursor.execute("SELECT 2")
    assert time.monotonic() - started < 3


def test_the_health_check_of_a_silent_connection_fails_at_the_deadline(relayed):
    relay, wrapper = relayed
    wrapper.ensure_connection()
    assert wrapper.is_usable()
    relay.stalled.set()
    started = time.monotonic()
    assert not wrapper.is_usable()
    assert time.monotonic() - started < 3


def test_a_slow_query_within_the_deadline_is_left_alone(relayed):
    relay, wrapper = relayed
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(0.5), 3")
        assert cursor.fetchone()[1] == 3


def test_a_lost_connection_is_reported_unusable_not_raised(relayed):
    """After a server restart the health check meets a lost socket: it
    says the connection is unusable, so Django opens a new one."""
    relay, wrapper = relayed
    wrapper.ensure_connection()
    relay.close()  # the server side goes away
    deadline = time.monotonic() + 5
    while wrapper.is_usable() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not wrapper.is_usable()
