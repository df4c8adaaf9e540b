from pathlib import Path

import pytest
from django.conf import settings

from tests import factories


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Hashing with the production hasher costs about a second a user on a busy machine.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def seeds_dir() -> Path:
    return Path(settings.SEEDS_DIR)


@pytest.fixture
def alice(db):
    """A reviewer."""
    return factories.reviewer("alice")


@pytest.fixture
def bob(db):
    """A second reviewer."""
    return factories.reviewer("bob")


@pytest.fixture
def erin(db):
    """An editor (staff, in the Editors group)."""
    return factories.editor("erin")


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def erin_client(client, erin):
    client.force_login(erin)
    return client
