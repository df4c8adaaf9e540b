"""Gunicorn settings for `make serve-prod` (gunicorn -c workbench/gunicorn.conf.py).

Read from the environment like the Django settings: PORT, BIND, WORKERS,
WEB_TIMEOUT, ACCESS_LOG. Long jobs (imports of big folders, `rematch --all`)
run as management commands, never in a web worker, so the timeout is short.
"""

from __future__ import annotations

import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number; got {raw!r}") from None


# Loopback only: TLS and the public address belong to the proxy in front.
bind = [os.environ.get("BIND", "").strip() or f"127.0.0.1:{_int('PORT', 8000)}"]
workers = _int("WORKERS", 4)
worker_class = "sync"
timeout = _int("WEB_TIMEOUT", 30)
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that slow growth of memory cannot pile up.
max_requests = 2000
max_requests_jitter = 200
# Load Django once in the master: a settings error stops the server at start,
# instead of every worker failing in a loop.
preload_app = True
wsgi_app = "workbench.wsgi:application"

accesslog = os.environ.get("ACCESS_LOG", "-")
errorlog = "-"
# %(M)s: request time in milliseconds; the client address comes from the proxy's header.
access_log_format = '%({x-forwarded-for}i)s %(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(a)s"'
