"""The production setup as README's Production section describes it: gunicorn
(deploy/gunicorn.conf.py) in production mode behind nginx
(deploy/nginx/omzien.conf), as real processes on loopback.

Their database is a stand-in that accepts connections and never answers, so
every request that needs the database shows how a stuck database is met.
"""

import contextlib
import http.client
import json
import os
import shutil
import socket
import ssl
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest

from bench import servers, slow_clients

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("nginx") is None, reason="nginx (scripts/system-packages.sh test)"
    ),
]


@pytest.fixture(scope="module")
def stuck_database():
    """A listener that accepts connections and never says a word."""
    listener = socket.socket()
    port = servers.free_port(os.environ.get("OMZIEN_DB_PORTS"))
    listener.bind(("127.0.0.1", port))
    listener.listen(128)
    accepted, stop = [], threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                accepted.append(listener.accept()[0])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"postgis://omzien@127.0.0.1:{port}/omzien"
    stop.set()
    thread.join()
    for sock in [*accepted, listener]:
        sock.close()


@pytest.fixture(scope="module")
def gunicorn(stuck_database, tmp_path_factory):
    port = servers.free_port()
    env = {
        "CACHE_URL": f"filecache://{tmp_path_factory.mktemp('cache')}",
        "STATIC_ROOT": str(tmp_path_factory.mktemp("static")),
        "SECURE_SSL_REDIRECT": "0",
    }
    with servers.omzien(stuck_database, port=port, **env):
        for _ in range(4):  # load the code in both workers, as a warm server has
            get(port, "/bestaat-niet/")
        yield port


@pytest.fixture(scope="module")
def media_root():
    """MEDIA_ROOT with one stored image, as initiatives/images.py writes it,
    readable by nginx's workers (they do not run as this test's user)."""
    root = Path(tempfile.mkdtemp(prefix="omzien-media-"))
    (root / "initiatives").mkdir()
    (root / "initiatives" / "3f2a-240.jpg").write_bytes(JPEG)
    for path in (root, root / "initiatives"):
        path.chmod(0o755)
    (root / "initiatives" / "3f2a-240.jpg").chmod(0o644)
    yield root
    shutil.rmtree(root)


@pytest.fixture(scope="module")
def nginx(gunicorn, media_root):
    with servers.nginx(gunicorn, media_root=media_root) as base:
        yield int(base.rsplit(":", 1)[1])


@pytest.fixture(scope="module")
def nginx_https(gunicorn, tmp_path_factory):
    keys = tmp_path_factory.mktemp("tls")
    cert, key = keys / "cert.pem", keys / "key.pem"
    subprocess.run(  # noqa: S603 (a fixed command)
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    with servers.nginx(gunicorn, tls=(cert, key)) as base:
        yield int(base.rsplit(":", 1)[1])


JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64 + b"\xff\xd9"  # enough for a type


def send(port: int, raw: bytes, timeout: float = 10) -> tuple[int, dict, bytes]:
    """One raw HTTP/1.1 request; (status, headers, body) of the answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(raw)
        response = http.client.HTTPResponse(sock)
        response.begin()
        return response.status, dict(response.getheaders()), response.read()


def chunked(path: str, body: bytes, content_type="application/json") -> bytes:
    chunks = b"".join(
        f"{len(part):x}\r\n".encode() + part + b"\r\n"
        for part in (body[:10], body[10:])
    )
    return (
        (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
            f"Content-Type: {content_type}\r\nTransfer-Encoding: chunked\r\n\r\n"
        ).encode()
        + chunks
        + b"0\r\n\r\n"
    )


def get(port: int, path: str) -> tuple[int, dict, bytes, float]:
    started = time.monotonic()
    raw = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    status, headers, body = send(port, raw.encode())
    return status, headers, body, time.monotonic() - started


@pytest.mark.parametrize("front", ["gunicorn", "nginx"])
def test_a_stuck_database_gives_a_quick_503_page(front, request):
    status, headers, body, seconds = get(request.getfixturevalue(front), "/")
    assert status == 503
    assert headers["Retry-After"] == "5"
    assert "<h1>" in body.decode()
    assert seconds < 5


@pytest.mark.parametrize("front", ["gunicorn", "nginx"])
def test_a_stuck_database_gives_a_quick_503_problem(front, request):
    port = request.getfixturevalue(front)
    status, headers, body, seconds = get(port, "/api/v1/initiatives?format=json")
    assert status == 503
    assert headers["Content-Type"] == "application/problem+json"
    assert headers["Retry-After"] == "5"
    assert json.loads(body)["status"] == 503
    assert seconds < 5


def test_gunicorn_refuses_a_chunked_api_body(gunicorn):
    raw = chunked("/api/v1/submissions", json.dumps({"name": "x" * 300}).encode())
    status, headers, body = send(gunicorn, raw)
    assert status == 411
    assert headers["Content-Type"] == "application/problem+json"
    assert json.loads(body)["title"] in ("Length Required", "Lengte vereist")


def test_gunicorn_refuses_a_chunked_form_in_dutch(gunicorn):
    raw = chunked("/meld-aan/", b"name=Buurtkamer&summary=x", "multipart/form-data")
    status, headers, body = send(gunicorn, raw)
    assert status == 411
    assert headers["Content-Type"].startswith("text/html")
    assert '<html lang="nl">' in body.decode()
    assert "Lengte vereist" in body.decode()


def test_nginx_passes_a_chunked_body_on_whole(nginx):
    """nginx de-chunks the body: Django reads it (and finds the name too long)
    instead of refusing it or reading nothing."""
    raw = chunked("/api/v1/submissions", json.dumps({"name": "x" * 300}).encode())
    status, headers, body = send(nginx, raw)
    assert status == 400
    problem = json.loads(body)
    name = [p for p in problem["invalidParams"] if p["name"] == "name"]
    assert name and name[0]["code"] == "max_length"


@pytest.mark.parametrize(
    ("path", "content_type", "limit"),
    [
        (
            "/api/v1/submissions",
            "application/problem+json",
            "DATA_UPLOAD_MAX_MEMORY_SIZE",
        ),
        ("/nieuwe-link/", "text/html", "DATA_UPLOAD_MAX_MEMORY_SIZE"),
        ("/meld-aan/", "text/html", "FORM_UPLOAD_MAX_SIZE"),  # takes an image
    ],
)
def test_nginx_refuses_a_body_over_the_limit_unread(
    nginx, settings, path, content_type, limit
):
    size = getattr(settings, limit) + 1
    raw = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        f"Content-Type: application/json\r\nContent-Length: {size}\r\n\r\n"
    ).encode()
    status, headers, body = send(nginx, raw)  # the body is never sent
    assert status == 413
    assert headers["Server"] == "nginx"
    assert headers["Content-Type"].startswith(content_type)


def test_a_body_at_the_limit_reaches_django(nginx, settings):
    size = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    raw = (
        "POST /api/v1/submissions HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        f"Content-Type: application/json\r\nContent-Length: {size}\r\n\r\n"
    ).encode() + b" " * size
    status, headers, body = send(nginx, raw)
    assert status == 400  # Django's answer: the body is not JSON
    assert json.loads(body)["status"] == 400


def test_slow_clients_do_not_hold_up_others(nginx):
    """A short slowloris: 40 connections that trickle headers or bodies while
    normal requests (of a static file: this database answers nothing) keep
    being answered within a second. nginx cuts the stalled headers off."""
    base = f"http://127.0.0.1:{nginx}"
    paths = ["/static/omzien/site.css", "/static/omzien/favicon.svg"]
    figures = slow_clients.measure(base, nginx, 40, seconds=10, paths=paths, warm_up=1)
    assert figures["requests"] > 100
    assert figures["answered"] >= 0.99, figures
    assert figures["slow_cut"] > 0  # client_header_timeout


def test_nginx_terminates_https_and_says_so(nginx_https, nginx):
    """Django sees the request as secure (X-Forwarded-Proto) and sends HSTS,
    which it sends over HTTPS only."""
    assert "Strict-Transport-Security" not in get(nginx, "/static/omzien/site.css")[1]
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    connection = http.client.HTTPSConnection(
        "127.0.0.1", nginx_https, timeout=10, context=context
    )
    connection.request("GET", "/static/omzien/site.css")
    response = connection.getresponse()
    response.read()
    connection.close()
    assert response.status == 200
    assert response.getheader("Strict-Transport-Security").startswith("max-age=")


def test_nginx_serves_the_uploaded_images_itself(nginx):
    """The stuck database behind gunicorn would make any image it served
    slow: a quick answer is nginx's own."""
    status, headers, body, seconds = get(nginx, "/media/initiatives/3f2a-240.jpg")
    assert status == 200 and body == JPEG and seconds < 2
    assert headers["Content-Type"] == "image/jpeg"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "max-age=2592000" in headers["Cache-Control"]


@pytest.mark.parametrize(
    "path",
    [
        "/media/initiatives/",  # no listing of the images
        "/media/initiatives/bestaat-niet.jpg",
        "/media/../nginx.conf",
        "/media/..%2fnginx.conf",
    ],
)
def test_nginx_shows_nothing_else_of_the_media_folder(nginx, path):
    status, _headers, body, _seconds = get(nginx, path)
    assert status in (400, 403, 404)
    assert b"3f2a" not in body and b"upstream" not in body
