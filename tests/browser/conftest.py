"""Playwright against a live server, driving Debian's Chromium.

No browser is ever downloaded: `make test` installs the `chromium` package
with apt-get where it is missing, and these tests skip, saying why, only
when it could not be installed.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _skip_reason() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed: run `make install`"
    if not CHROMIUM.exists():
        how = (
            "run `make test`, which installs it with apt-get"
            if shutil.which("apt-get")
            else "this system has no apt-get to install it"
        )
        return f"Chromium is not installed at {CHROMIUM}: {how}"
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the ORM calls
    # the tests make between browser steps are still plain synchronous code.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def restore_desk_data() -> None:
    """The rating scale and the role groups, as the data migration makes them.
    A committed (transactional) test ends with a flush that empties every
    table, migration data included, so the next one puts them back."""
    from importlib import import_module

    from django.contrib.auth.models import Group, Permission

    from claims.models import Rating
    from claims.roles import EDITOR_PERMISSIONS, EDITORS, REVIEWER_PERMISSIONS, REVIEWERS

    migration = import_module("claims.migrations.0002_default_ratings_and_roles")
    for label, value, order, requires_evidence, description in migration.DEFAULT_RATINGS:
        Rating.objects.get_or_create(
            label=label,
            defaults={
                "value": value,
                "order": order,
                "requires_evidence": requires_evidence,
                "description": description,
            },
        )
    for name, wanted in [(REVIEWERS, REVIEWER_PERMISSIONS), (EDITORS, EDITOR_PERMISSIONS)]:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *[
                Permission.objects.get(content_type__app_label=app, codename=codename)
                for app, codename in wanted
            ]
        )
