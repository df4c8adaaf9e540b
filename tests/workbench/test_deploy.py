"""Production deployment: check --deploy, gunicorn settings and `make serve-prod`."""

from __future__ import annotations

import os
import re
import runpy
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
STRONG_SECRET = "k3y-" + "x9Qz7pLm2Rt" * 5

# Variables a developer's shell may hold that would change what production means.
OVERRIDES = (
    # Set by the browser tests for Playwright's event loop; never in production.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "HTTPS_ONLY",
    "BEHIND_TLS_PROXY",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "CSRF_TRUSTED_ORIGINS",
    "PORT",
    "WORKERS",
)


def environment(**env: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if k not in OVERRIDES}
    clean.update(env)
    return clean


def check_deploy(**env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT,
        env=environment(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = check_deploy(DEBUG="0", SECRET_KEY=STRONG_SECRET, ALLOWED_HOSTS="desk.example.org")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_is_clean_behind_a_tls_proxy_too():
    result = check_deploy(
        DEBUG="0",
        SECRET_KEY=STRONG_SECRET,
        ALLOWED_HOSTS="desk.example.org",
        BEHIND_TLS_PROXY="1",
        CSRF_TRUSTED_ORIGINS="https://desk.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_names_what_a_plain_http_setup_leaves_open():
    result = check_deploy(
        DEBUG="0", SECRET_KEY=STRONG_SECRET, ALLOWED_HOSTS="desk.example.org", HTTPS_ONLY="0"
    )
    assert result.returncode != 0
    found = set(re.findall(r"security\.W\d+", result.stderr + result.stdout))
    # HSTS, SSL redirect, session cookie, CSRF cookie.
    assert found == {"security.W004", "security.W008", "security.W012", "security.W016"}


def gunicorn_config(monkeypatch, **env: str) -> dict:
    for name in ("PORT", "BIND", "WORKERS", "WEB_TIMEOUT", "ACCESS_LOG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(PROJECT / "workbench" / "gunicorn.conf.py"))


def test_gunicorn_serves_on_loopback_with_several_workers_by_default(monkeypatch):
    config = gunicorn_config(monkeypatch)
    assert config["bind"] == ["127.0.0.1:8000"]
    assert config["workers"] >= 2
    assert config["wsgi_app"] == "workbench.wsgi:application"
    # The access log carries the request time.
    assert "%(M)s" in config["access_log_format"]


def test_gunicorn_takes_port_and_workers_from_the_environment(monkeypatch):
    config = gunicorn_config(monkeypatch, PORT="9123", WORKERS="7", WEB_TIMEOUT="12")
    assert config["bind"] == ["127.0.0.1:9123"]
    assert config["workers"] == 7
    assert config["timeout"] == 12


def test_gunicorn_refuses_a_worker_count_that_is_not_a_number(monkeypatch):
    with pytest.raises(SystemExit, match="WORKERS must be a whole number"):
        gunicorn_config(monkeypatch, WORKERS="many")


def make_serve_prod(**env: str) -> subprocess.Popen:
    # `-o install`: the suite already runs inside the installed virtualenv.
    return subprocess.Popen(
        ["make", "--no-print-directory", "-o", "install", "serve-prod"],
        cwd=PROJECT,
        env=environment(**env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def test_serve_prod_refuses_to_start_without_a_secret_key():
    process = make_serve_prod()
    output, _ = process.communicate(timeout=60)
    assert process.returncode != 0
    assert "SECRET_KEY is not set" in output
    assert "gunicorn" not in output.split("SECRET_KEY is not set", 1)[1].lower()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def serve_prod_database_url(tmp_path):
    """A database of its own: PostgreSQL when the suite runs on it, else an SQLite file."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp_path / 'prod.sqlite3'}"
        return
    import psycopg

    base, _, name = url.rpartition("/")
    name = name.split("?", 1)[0]
    scratch = f"{name}_serve_prod"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        connection.execute(f'CREATE DATABASE "{scratch}"')
    try:
        yield f"{base}/{scratch}"
    finally:
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')


def test_serve_prod_runs_gunicorn_with_debug_off_and_serves_the_static_files(
    serve_prod_database_url,
):
    port = free_port()
    process = make_serve_prod(
        SECRET_KEY=STRONG_SECRET,
        ALLOWED_HOSTS="127.0.0.1",
        HTTPS_ONLY="0",
        PORT=str(port),
        WORKERS="2",
        DATABASE_URL=serve_prod_database_url,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        status = None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                status, headers, body = fetch(f"{base}/accounts/login/")
                break
            except OSError:
                time.sleep(0.5)
        assert status == 200, f"server did not come up (exit {process.poll()})"
        assert "'self'" in headers["Content-Security-Policy"]
        page = body.decode()
        stylesheet = re.search(r'href="(/static/css/workbench\.(?:[0-9a-f]{12}\.)?css)"', page)
        htmx = re.search(r'src="(/static/django_htmx/htmx[^"]*\.js)"', page)
        assert stylesheet and htmx, page
        # The server itself delivers them; names with a content hash are cacheable for good.
        for path in (stylesheet.group(1), htmx.group(1)):
            status, headers, body = fetch(base + path)
            assert status == 200, path
            assert body
            if re.search(r"\.[0-9a-f]{12}\.(?:css|js)$", path):
                assert "immutable" in headers.get("Cache-Control", ""), path
        # A missing page is a plain 404, not Django's debug page.
        status, _, body = fetch(f"{base}/no-such-page/")
        assert status == 404
        assert b"URLconf" not in body
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        output, _ = process.communicate(timeout=60)
    workers = re.findall(r"Booting worker with pid", output)
    assert len(workers) >= 2, output
