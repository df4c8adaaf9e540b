"""Security headers, login throttling, passwords, logout and session expiry."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import password_validation
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, ClaimFactory
from workbench.security import client_ip, lockout_message

pytestmark = pytest.mark.django_db

PROJECT = Path(__file__).resolve().parents[2]
LOGIN_URL = "/accounts/login/"


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def page_urls() -> list[str]:
    claim = ClaimFactory()
    return [
        LOGIN_URL,
        reverse("claims:list"),
        reverse("claims:detail", args=[claim.pk]),
        reverse("sources:article", args=[claim.article_id]),
        reverse("admin:index"),
    ]


class InlineCodeFinder(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' would block on a page."""

    # Data blocks (JSON-LD) are never executed, so script-src does not apply.
    DATA_TYPES = {"application/ld+json", "application/json"}

    def __init__(self) -> None:
        super().__init__()
        self.blocked: list[str] = []
        self.external: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        for name, _ in attrs:
            if name == "style" or name.startswith("on"):
                self.blocked.append(f"<{tag} {name}=…>")
        if tag == "style":
            self.blocked.append("<style>")
        if tag == "script":
            src = attributes.get("src")
            if src:
                self.external.append(src)
            elif attributes.get("type") not in self.DATA_TYPES:
                self._in_script = True
        if tag == "link" and attributes.get("rel") == "stylesheet":
            self.external.append(attributes.get("href") or "")
        for name in ("href", "src", "action"):
            if (attributes.get(name) or "").strip().lower().startswith("javascript:"):
                self.blocked.append(f"<{tag} {name}=javascript:…>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.blocked.append(f"inline script {data.strip()[:40]!r}")


@pytest.fixture
def editor_client(client, erin):
    client.force_login(erin)
    return client


def test_every_page_sends_a_policy_that_runs_only_the_workbench_own_scripts_and_styles(
    editor_client,
):
    for url in page_urls():
        response = editor_client.get(url)
        assert response.status_code == 200, url
        directives = csp_directives(response)
        assert directives["default-src"] == ["'self'"], url
        assert directives["script-src"] == ["'self'"], url
        assert directives["style-src"] == ["'self'"], url
        assert directives["connect-src"] == ["'self'"], url
        assert directives["object-src"] == ["'none'"], url
        assert directives["base-uri"] == ["'none'"], url
        assert directives["frame-ancestors"] == ["'none'"], url
        assert "unsafe" not in response["Content-Security-Policy"], url


def test_no_page_needs_inline_code_that_the_policy_would_block(editor_client):
    for url in page_urls():
        finder = InlineCodeFinder()
        finder.feed(editor_client.get(url).content.decode())
        assert finder.blocked == [], url
        assert finder.external, url
        # Same-origin static files only: no CDN, no protocol-relative address.
        assert all(src.startswith("/static/") for src in finder.external), (url, finder.external)


# Template code the policy would block, or that needs 'unsafe-eval' in htmx: hx-on
# handlers, `js:` values and event filters in hx-trigger are evaluated as JavaScript.
BLOCKED_IN_TEMPLATES = {
    "an hx-on handler": re.compile(r"\bhx-on\b|\bhx-on[:-]"),
    "a js: value": re.compile(r"hx-(?:vals|headers|vars)\s*=\s*['\"]\s*(?:js|javascript):", re.I),
    "an hx-trigger event filter": re.compile(r"hx-trigger\s*=\s*['\"][^'\"]*\["),
    "an inline event handler": re.compile(r"<[^>]*\son[a-z]+\s*=", re.I),
    "a style attribute": re.compile(r"<[^>]*\sstyle\s*=", re.I),
    "a <style> element": re.compile(r"<style\b", re.I),
    "a javascript: link": re.compile(r"(?:href|src|action)\s*=\s*['\"]\s*javascript:", re.I),
    "an inline script": re.compile(
        r"<script\b(?![^>]*\ssrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", re.I
    ),
}


def template_files() -> list[Path]:
    folders = [PROJECT / "templates", *PROJECT.glob("*/templates")]
    return sorted(path for folder in folders for path in folder.rglob("*.html"))


def test_no_template_holds_code_the_policy_would_block():
    files = template_files()
    assert files
    found = [
        f"{path.relative_to(PROJECT)}: {what}"
        for path in files
        for what, pattern in BLOCKED_IN_TEMPLATES.items()
        if pattern.search(path.read_text())
    ]
    assert found == []


@pytest.mark.parametrize(
    ("snippet", "what"),
    [
        ('<button hx-on:click="alert(1)">', "an hx-on handler"),
        ("<div hx-vals='js:{a: 1}'>", "a js: value"),
        ("<input hx-trigger=\"keyup[key=='Enter']\">", "an hx-trigger event filter"),
        ('<img src="/x.png" onerror="alert(1)">', "an inline event handler"),
        ('<p style="color: red">', "a style attribute"),
        ("<script>alert(1)</script>", "an inline script"),
    ],
)
def test_the_template_scan_recognises_blocked_code(snippet, what):
    assert BLOCKED_IN_TEMPLATES[what].search(snippet)


def test_the_template_scan_lets_data_blocks_and_static_scripts_through():
    allowed = (
        '<script type="application/ld+json">{"@type": "ClaimReview"}</script>'
        '<script src="/static/js/app.js" defer></script>'
        '<body hx-headers=\'{"x-csrftoken": "t"}\'><a hx-get="/claims/" href="/claims/">'
    )
    assert not [what for what, pattern in BLOCKED_IN_TEMPLATES.items() if pattern.search(allowed)]


HTMX_CONFIG = '{"includeIndicatorStyles": false, "allowEval": false, "allowScriptTags": false}'


def test_htmx_is_told_not_to_inject_styles_or_evaluate_code(client):
    # Without this, htmx adds a <style> for its indicators, which the policy blocks
    # (a console error in every browser), and keeps eval-based features switched on.
    page = client.get(LOGIN_URL).content.decode()
    meta = re.search(r"<meta name=\"htmx-config\" content='([^']*)'", page)
    assert meta
    config = json.loads(meta.group(1))
    assert config["includeIndicatorStyles"] is False
    assert config["allowEval"] is False
    assert config["allowScriptTags"] is False
    assert page.index('name="htmx-config"') < page.index("/static/django_htmx/htmx")


def test_htmx_is_served_from_the_workbench_static_files(client):
    finder = InlineCodeFinder()
    finder.feed(client.get(LOGIN_URL).content.decode())
    assert any("/static/django_htmx/htmx" in src for src in finder.external)
    htmx = next(src for src in finder.external if "htmx" in src)
    assert client.get(htmx).status_code == 200


def test_pages_refuse_to_be_framed_sniffed_or_leak_their_address(client):
    response = client.get(LOGIN_URL)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_behind_a_tls_proxy_plain_http_is_redirected_and_https_gets_hsts(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 3600
    plain = client.get(LOGIN_URL)
    assert plain.status_code == 301
    assert plain["Location"] == f"https://testserver{LOGIN_URL}"
    proxied = client.get(LOGIN_URL, headers={"x-forwarded-proto": "https"})
    assert proxied.status_code == 200
    assert proxied["Strict-Transport-Security"].startswith("max-age=3600")


# --- production settings, loaded in a fresh interpreter -------------------------------

SETTING_NAMES = [
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_AGE",
    "CSRF_TRUSTED_ORIGINS",
    "AXES_FAILURE_LIMIT",
    "AXES_COOLOFF_TIME",
    "DATABASES",
]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k3y-" + "x9Qz7pLm2" * 6,
    "ALLOWED_HOSTS": "desk.example.org",
}


def production_settings(**env: str) -> dict[str, str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SECURE_", "SESSION_", "CSRF_", "LOGIN_", "HTTPS_", "BEHIND_"))
        and k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"}
    }
    clean.update(PRODUCTION)
    clean.update(env)
    code = (
        "import workbench.settings as s\n"
        f"for name in {SETTING_NAMES!r}: print(name, repr(getattr(s, name, None)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return dict(line.split(" ", 1) for line in result.stdout.splitlines())


def test_production_settings_default_to_https_only_with_secure_cookies_and_hsts():
    values = production_settings()
    assert values["SESSION_COOKIE_SECURE"] == "True"
    assert values["CSRF_COOKIE_SECURE"] == "True"
    assert values["SECURE_SSL_REDIRECT"] == "True"
    assert int(values["SECURE_HSTS_SECONDS"]) >= 365 * 24 * 3600
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] == "True"
    # The forwarded-proto header is trusted only when the operator says a proxy is there.
    assert values["SECURE_PROXY_SSL_HEADER"] == "None"


def test_a_tls_proxy_and_trusted_origins_are_configured_from_the_environment():
    values = production_settings(
        BEHIND_TLS_PROXY="1",
        CSRF_TRUSTED_ORIGINS="https://desk.example.org, https://desk2.example.org",
        SECURE_HSTS_SECONDS="600",
    )
    assert values["SECURE_PROXY_SSL_HEADER"] == "('HTTP_X_FORWARDED_PROTO', 'https')"
    assert (
        values["CSRF_TRUSTED_ORIGINS"]
        == "['https://desk.example.org', 'https://desk2.example.org']"
    )
    assert values["SECURE_HSTS_SECONDS"] == "600"


def test_https_only_can_be_switched_off_for_a_plain_http_run_on_loopback():
    values = production_settings(HTTPS_ONLY="0")
    assert values["SESSION_COOKIE_SECURE"] == "False"
    assert values["SECURE_SSL_REDIRECT"] == "False"
    assert values["SECURE_HSTS_SECONDS"] == "0"


def test_sessions_and_login_throttling_are_configured_from_the_environment():
    defaults = production_settings()
    assert 8 * 3600 <= int(defaults["SESSION_COOKIE_AGE"]) <= 12 * 3600
    assert defaults["AXES_FAILURE_LIMIT"] == "5"
    values = production_settings(
        SESSION_COOKIE_AGE="3600", LOGIN_FAILURE_LIMIT="3", LOGIN_COOLOFF_MINUTES="30"
    )
    assert values["SESSION_COOKIE_AGE"] == "3600"
    assert values["AXES_FAILURE_LIMIT"] == "3"
    assert values["AXES_COOLOFF_TIME"] == "datetime.timedelta(seconds=1800)"


def test_persistent_database_connections_are_health_checked_before_reuse():
    assert "'CONN_HEALTH_CHECKS': True" in production_settings(CONN_MAX_AGE="60")["DATABASES"]
    assert "'CONN_HEALTH_CHECKS': False" in production_settings(CONN_MAX_AGE="0")["DATABASES"]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"CSRF_TRUSTED_ORIGINS": "desk.example.org"}, "CSRF_TRUSTED_ORIGINS must list origins"),
        ({"SESSION_COOKIE_AGE": "0"}, "SESSION_COOKIE_AGE must be positive"),
        ({"SECURE_HSTS_SECONDS": "-1"}, "SECURE_HSTS_SECONDS must be 0 or more"),
        ({"LOGIN_FAILURE_LIMIT": "0"}, "LOGIN_FAILURE_LIMIT must be 1 or more"),
        ({"LOGIN_COOLOFF_MINUTES": "soon"}, "LOGIN_COOLOFF_MINUTES must be a whole number"),
        ({"HTTPS_ONLY": "perhaps"}, "HTTPS_ONLY must be one of"),
    ],
)
def test_a_bad_security_value_stops_the_process_naming_the_variable(env, message):
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", *env}}
    clean.update(PRODUCTION)
    clean.update(env)
    result = subprocess.run(
        [sys.executable, "-c", "import workbench.settings"],
        cwd=PROJECT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


# --- login throttling -------------------------------------------------------------------


def fail_login(client, username: str, times: int, address: str = "127.0.0.1") -> list[int]:
    return [
        client.post(
            LOGIN_URL, {"username": username, "password": "wrong guess"}, REMOTE_ADDR=address
        ).status_code
        for _ in range(times)
    ]


def test_a_few_mistyped_passwords_do_not_lock_a_reviewer_out(client, alice, settings):
    assert fail_login(client, "alice", settings.AXES_FAILURE_LIMIT - 1) == [200] * (
        settings.AXES_FAILURE_LIMIT - 1
    )
    response = client.post(LOGIN_URL, {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    # A success clears the count: the next mistakes start again from zero.
    client.post(reverse("logout"))
    assert fail_login(client, "alice", settings.AXES_FAILURE_LIMIT - 1)[-1] == 200


def test_it_locks_the_login_after_the_failure_limit_even_with_the_right_password(
    client, alice, settings
):
    statuses = fail_login(client, "alice", settings.AXES_FAILURE_LIMIT)
    assert statuses[-1] == 429
    response = client.post(LOGIN_URL, {"username": "alice", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    page = response.content.decode()
    assert "Too many failed log-in attempts" in page
    assert f"{settings.LOGIN_COOLOFF_MINUTES} minutes" in page
    # Still the login form, so the reviewer knows where they are; never cached.
    assert 'name="password"' in page
    assert "no-store" in response["Cache-Control"]


def test_the_lockout_is_for_one_user_name_from_one_address(client, alice, bob, settings):
    fail_login(client, "alice", settings.AXES_FAILURE_LIMIT)
    other_user = client.post(LOGIN_URL, {"username": "bob", "password": PASSWORD})
    assert other_user.status_code == 302
    client.post(reverse("logout"))
    other_address = client.post(
        LOGIN_URL, {"username": "alice", "password": PASSWORD}, REMOTE_ADDR="10.0.0.7"
    )
    assert other_address.status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, alice, settings):
    fail_login(client, "alice", settings.AXES_FAILURE_LIMIT)
    locked = client.post(LOGIN_URL, {"username": "alice", "password": PASSWORD})
    assert locked.status_code == 429
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(minutes=1)
    )
    response = client.post(LOGIN_URL, {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302


def test_the_admin_login_is_throttled_too(client, erin, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "erin", "password": "wrong guess"})
    response = client.post("/admin/login/", {"username": "erin", "password": PASSWORD})
    assert response.status_code == 429


def test_the_lockout_message_states_the_cool_off(settings):
    settings.LOGIN_COOLOFF_MINUTES = 1
    assert "1 minute;" in lockout_message()


def test_behind_the_proxy_failures_count_against_the_address_the_proxy_saw(settings):
    request = RequestFactory().post(
        LOGIN_URL,
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9",
    )
    settings.BEHIND_TLS_PROXY = False
    assert client_ip(request) == "127.0.0.1"
    settings.BEHIND_TLS_PROXY = True
    # The first entry came from the client and may be forged; the proxy appended the last.
    assert client_ip(request) == "203.0.113.9"


# --- passwords, logout, sessions ----------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short1!", "too short"),
        ("password123", "too common"),
        ("8473920174", "entirely numeric"),
        ("alice.reviewer", "too similar"),
    ],
)
def test_weak_passwords_are_refused(alice, password, reason):
    alice.first_name = "Alice"
    alice.email = "alice.reviewer@desk.example"
    with pytest.raises(ValidationError) as refused:
        password_validation.validate_password(password, user=alice)
    assert any(reason in message for message in refused.value.messages)


def test_a_long_uncommon_password_is_accepted(alice):
    assert password_validation.validate_password("tidal-ledger-47-quorum", user=alice) is None


def test_logout_by_a_plain_link_is_refused(alice_client):
    response = alice_client.get(reverse("logout"))
    assert response.status_code == 405
    assert alice_client.get(reverse("claims:list")).status_code == 200


def test_logout_by_post_ends_the_session(alice_client):
    response = alice_client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert alice_client.get(reverse("claims:list")).status_code == 302


def test_a_login_session_lasts_one_shift(client, alice, settings):
    client.post(LOGIN_URL, {"username": "alice", "password": PASSWORD})
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == settings.SESSION_COOKIE_AGE
    assert cookie["httponly"]
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


def test_an_expired_session_is_logged_out(alice_client):
    assert alice_client.get(reverse("claims:list")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = alice_client.get(reverse("claims:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)
