"""Start and stop the servers under test, each on a loopback port.

Omzien runs under gunicorn in production mode; the peers (tipg, pygeoapi)
run from their own virtualenv (.venv-peers, see bench/requirements-peers.txt)
and serve the same PostGIS table.
"""

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from deploy.nginx import render as render_nginx

ROOT = Path(__file__).resolve().parent.parent
PEERS = ROOT / ".venv-peers" / "bin"
WORKERS = 2  # one per core, the same for every server


def free_port(ports: str | None = None) -> int:
    """A free loopback port: from `ports` ("8250-8299", by default the
    OMZIEN_PORTS variable) when given, else any the system hands out."""
    ports = ports or os.environ.get("OMZIEN_PORTS", "0-0")
    first, last = (int(port) for port in ports.split("-"))
    for port in range(first, last + 1):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise OSError(f"no free port in {ports}")


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        with (
            contextlib.suppress(OSError),
            socket.create_connection(("127.0.0.1", port), 1),
        ):
            return
        time.sleep(0.2)
    raise TimeoutError(f"nothing listens on port {port}")


def omzien_env(database_url: str) -> dict:
    """Production mode, with every variable it requires. The cache is
    CACHE_URL when set (Redis, as in production), else a file cache the
    workers share."""
    cache_dir = tempfile.mkdtemp(prefix="omzien-cache-")
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "CACHE_URL": os.environ.get("CACHE_URL") or f"filecache://{cache_dir}",
        "SITE_URL": "https://127.0.0.1",
        # No worker runs beside the benchmarks: mails stay queued.
        "EMAIL_URL": "smtp://127.0.0.1:25",
        "DJANGO_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        # nginx is the one proxy in front, as in README's Production section.
        "TRUSTED_PROXY_COUNT": "1",
        "LOG_LEVEL": "WARNING",
        # Benchmarks measure the server, not the throttle: a limit no run
        # reaches, per second, as DRF keeps the time of every request in the
        # window (about 600 here, as a partner's 1200/minute holds at most).
        "API_ANON_RATE": "1000000/second",
        "API_PARTNER_RATE": "1000000/second",
        "API_ANON_SUBMIT_RATE": "1000000/second",
        "API_PARTNER_SUBMIT_RATE": "1000000/second",
    }


@contextlib.contextmanager
def running(command: list[str], env: dict, port: int, cwd=ROOT):
    """Run a server for the duration of the block; always stop it."""
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(
        command,
        env=env,
        cwd=cwd,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}"
    except Exception:
        log.seek(0)
        sys.stderr.write(log.read().decode(errors="replace")[-3000:])
        raise
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def omzien(database_url: str, port: int | None = None, **extra_env):
    """gunicorn as in production (deploy/gunicorn.conf.py), after
    collectstatic as a deployment runs it."""
    port = port or free_port()
    env = {**omzien_env(database_url), **extra_env}
    python = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run(
        [python, "manage.py", "collectstatic", "--no-input", "-v0"],
        env=env,
        cwd=ROOT,
        check=True,
    )
    gunicorn = str(ROOT / ".venv" / "bin" / "gunicorn")
    command = [
        gunicorn,
        "--config=deploy/gunicorn.conf.py",
        "omzien.wsgi",
        f"--bind=127.0.0.1:{port}",
        f"--workers={WORKERS}",
        "--access-logfile=-"
        if os.environ.get("BENCH_ACCESS_LOG")
        else "--error-logfile=-",
    ]
    return running(command, env, port)


@contextlib.contextmanager
def nginx(upstream_port: int, port: int | None = None, tls=None, media_root=None):
    """nginx in front of gunicorn, with the configuration the repository ships
    (deploy/nginx/omzien.conf), in its own process and directory; HTTPS with
    tls=(certificate, key); the uploaded images from media_root."""
    port = port or free_port()
    runtime = Path(tempfile.mkdtemp(prefix="omzien-nginx-"))
    config = runtime / "nginx.conf"
    config.write_text(
        render_nginx(
            listen=f"127.0.0.1:{port}",
            upstream=f"127.0.0.1:{upstream_port}",
            runtime=runtime,
            tls_cert=tls and tls[0],
            tls_key=tls and tls[1],
            media_root=media_root,
            daemon=False,
        )
    )
    command = ["nginx", "-p", str(runtime), "-e", "stderr", "-c", str(config)]
    try:
        with running(command, dict(os.environ), port, cwd=runtime) as base:
            yield base
    finally:
        shutil.rmtree(runtime, ignore_errors=True)


def tipg(database_url: str, table: str):
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url.replace("postgis://", "postgresql://"),
        "TIPG_DB_SCHEMAS": '["public"]',
        "TIPG_DB_TABLES": f'["public.{table}"]',
        "TIPG_MAX_FEATURES_PER_QUERY": "10000",
    }
    command = [
        str(PEERS / "uvicorn"),
        "tipg.main:app",
        "--host=127.0.0.1",
        f"--port={port}",
        f"--workers={WORKERS}",
        "--log-level=warning",
    ]
    return running(command, env, port)


PYGEOAPI_CONFIG = """\
server:
  bind: {{host: 127.0.0.1, port: {port}}}
  url: http://127.0.0.1:{port}
  mimetype: application/json; charset=UTF-8
  encoding: utf-8
  languages: [en-US]
  limits: {{default_items: 10, max_items: 10000}}
  map: {{url: "https://tile.openstreetmap.org/{{z}}/{{x}}/{{y}}.png", attribution: OSM}}
logging: {{level: ERROR}}
metadata:
  identification: {{title: bench, description: bench, keywords: [bench], terms_of_service: none, url: http://127.0.0.1}}
  license: {{name: CC-BY 4.0, url: "https://creativecommons.org/licenses/by/4.0/"}}
  provider: {{name: bench, url: "http://127.0.0.1"}}
  contact: {{name: bench, position: bench, address: none, city: none, stateorprovince: none,
            postalcode: none, country: NL, phone: none, fax: none, email: none@example.org,
            url: "http://127.0.0.1", hours: none, instructions: none, role: pointOfContact}}
resources:
  initiatives:
    type: collection
    title: initiatives
    description: initiatives
    keywords: [initiatives]
    extents:
      spatial: {{bbox: [3.3, 50.7, 7.3, 53.6], crs: http://www.opengis.net/def/crs/OGC/1.3/CRS84}}
    providers:
      - type: feature
        name: PostgreSQL
        data: {{host: 127.0.0.1, port: 5432, dbname: {dbname}, user: postgres, password: "", search_path: [public]}}
        id_field: id
        table: {table}
        geom_field: location
"""


def pygeoapi(database_url: str, table: str):
    port = free_port()
    workdir = Path(tempfile.mkdtemp(prefix="pygeoapi-"))
    config = workdir / "config.yml"
    openapi = workdir / "openapi.yml"
    dbname = database_url.rsplit("/", 1)[1]
    config.write_text(PYGEOAPI_CONFIG.format(port=port, dbname=dbname, table=table))
    env = {
        **os.environ,
        "PYGEOAPI_CONFIG": str(config),
        "PYGEOAPI_OPENAPI": str(openapi),
    }
    subprocess.run(
        [
            str(PEERS / "pygeoapi"),
            "openapi",
            "generate",
            str(config),
            "--output-file",
            str(openapi),
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    command = [
        str(PEERS / "gunicorn"),
        "pygeoapi.flask_app:APP",
        f"--bind=127.0.0.1:{port}",
        f"--workers={WORKERS}",
        "--worker-class=gthread",
        "--threads=4",
    ]
    return running(command, env, port, cwd=workdir)
