"""gunicorn in production, behind nginx (deploy/nginx/omzien.conf):

    .venv/bin/gunicorn -c deploy/gunicorn.conf.py omzien.wsgi

nginx buffers whole requests and responses, so slow clients never hold one
of these threads. Command-line options override what is set here.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))  # one per core
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A worker that stops answering its arbiter for this long is restarted. The
# database timeouts (settings.py) end a stuck query well before.
timeout = 30
graceful_timeout = 30
keepalive = 5  # nginx keeps its upstream connections open (see omzien.conf)
# gunicorn reuses its threads, so each may keep its database connection
# (checked before use: CONN_HEALTH_CHECKS); runserver may not.
raw_env = [f"CONN_MAX_AGE={os.environ.get('CONN_MAX_AGE', '60')}"]
