"""Settings come from the environment and refuse bad values loudly."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]


def load_settings(**env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"}
    }
    clean.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import workbench.settings as s; print(s.DATABASES['default']['ENGINE'])",
        ],
        cwd=PROJECT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_defaults_to_an_sqlite_file_in_the_project_folder():
    result = load_settings()
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def test_it_reads_a_postgres_database_url():
    result = load_settings(DATABASE_URL="postgres://desk:secret@db.internal:5432/workbench")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.postgresql"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"DEBUG": "0", "ALLOWED_HOSTS": "desk.example"},
            "SECRET_KEY must be set when DEBUG is off",
        ),
        ({"DEBUG": "maybe"}, "DEBUG must be one of"),
        ({"DATABASE_URL": "mysql://u:p@h/db"}, "DATABASE_URL must point at SQLite or PostgreSQL"),
        ({"DATABASE_URL": "not a url at all"}, "DATABASE_URL"),
        ({"DEBUG": "0", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS must list"),
        ({"CLAIM_THRESHOLD": "high"}, "CLAIM_THRESHOLD must be a number"),
        ({"CLAIM_THRESHOLD": "1.5"}, "CLAIM_THRESHOLD must be between"),
    ],
)
def test_it_refuses_a_bad_value_with_an_improperly_configured_naming_the_variable(env, message):
    result = load_settings(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_it_starts_in_production_mode_with_a_secret_key_and_hosts():
    result = load_settings(DEBUG="0", SECRET_KEY="x" * 50, ALLOWED_HOSTS="desk.example")
    assert result.returncode == 0, result.stderr
