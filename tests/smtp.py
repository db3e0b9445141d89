"""SMTP stand-ins on loopback: a real server, one that never answers."""

import contextlib
import socket
import threading

import pytest
from aiosmtpd.controller import Controller

# Loopback ports of this project's tests for SMTP stand-ins.
SMTP_PORT, DEAD_SMTP_PORT, CLOSED_PORT = 8242, 8243, 8244


@pytest.fixture
def smtp_to(settings):
    """Point the real SMTP backend at a port on this machine."""

    def point(port, timeout=1):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_TIMEOUT = timeout

    return point


class Collector:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server():
    """A real SMTP server (aiosmtpd) that keeps what it receives."""
    collector = Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=SMTP_PORT)
    controller.start()
    yield collector
    controller.stop()


@pytest.fixture
def dead_smtp_server():
    """A mail server that accepts connections and never says a word."""
    listener = socket.create_server(("127.0.0.1", DEAD_SMTP_PORT))
    listener.settimeout(0.2)
    held, stop = [], threading.Event()

    def accept():
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                held.append(listener.accept()[0])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield DEAD_SMTP_PORT
    stop.set()
    thread.join(timeout=2)
    for connection in held:
        connection.close()
    listener.close()
