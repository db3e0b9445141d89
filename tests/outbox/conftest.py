import signal
import time

import pytest
from django.db import connections
from huey.contrib.djhuey import HUEY


@pytest.fixture
def worker(task_queue, monkeypatch):
    """huey's real consumer (scheduler and a worker thread) in this process.
    Its thread closes its database connection after each task, as with
    CONN_MAX_AGE=0, so none outlives the test."""
    monkeypatch.setitem(connections.settings["default"], "CONN_MAX_AGE", 0)
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    consumer = HUEY.create_consumer(
        workers=1, worker_type="thread", periodic=False, initial_delay=0.05
    )
    consumer.start()
    yield consumer
    consumer.stop(graceful=True)
    for number, handler in handlers.items():
        signal.signal(number, handler)


def wait_until(condition, seconds=10.0):
    """Poll condition() until it is true, for at most `seconds`. Not too
    often: on the in-memory SpatiaLite of the tests (shared cache) a read
    locks the table, and the worker's write meanwhile fails at once."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return False
