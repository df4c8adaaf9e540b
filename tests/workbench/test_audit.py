"""The dependency audit in CI fails on a known vulnerability and only warns when offline."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
SCRIPT = PROJECT / ".ci" / "audit_dependencies.py"

_spec = importlib.util.spec_from_file_location("audit_dependencies", SCRIPT)
audit = importlib.util.module_from_spec(_spec)
# Registered first: dataclasses look their module up while the class is built.
sys.modules["audit_dependencies"] = audit
_spec.loader.exec_module(audit)


def clean(name: str, version: str = "1.0") -> dict:
    return {"name": name, "version": version, "vulns": []}


def test_a_known_vulnerability_in_a_pinned_version_fails_the_audit():
    report = {
        "dependencies": [
            clean("asgiref"),
            {
                "name": "django",
                "version": "5.2.0",
                "vulns": [
                    {
                        "id": "PYSEC-2025-1",
                        "fix_versions": ["5.2.2"],
                        "aliases": ["CVE-2025-0001"],
                        "description": "…",
                    }
                ],
            },
        ]
    }
    outcome = audit.judge(report)
    assert outcome.exit_code == 1
    text = "\n".join(outcome.lines)
    assert "VULNERABLE: django==5.2.0 PYSEC-2025-1 (CVE-2025-0001); fixed in: 5.2.2" in text


def test_a_clean_report_passes():
    outcome = audit.judge({"dependencies": [clean("django"), clean("gunicorn")]})
    assert outcome.exit_code == 0
    assert outcome.lines == ["pip-audit: no known vulnerabilities in 2 audited package(s)."]


def test_packages_the_service_could_not_audit_give_a_clear_warning_not_a_failure():
    report = {
        "dependencies": [
            clean("django"),
            {"name": "ruff", "skip_reason": "Dependency not found on PyPI"},
        ]
    }
    outcome = audit.judge(report)
    assert outcome.exit_code == 0
    assert outcome.lines[0].startswith("WARNING: 1 of 2 pinned packages were NOT audited")
    assert "ruff" in outcome.lines[1]


def test_a_vulnerability_still_fails_when_other_packages_were_skipped():
    report = {
        "dependencies": [
            {"name": "ruff", "skip_reason": "not found"},
            {"name": "django", "version": "5.2.0", "vulns": [{"id": "GHSA-x", "fix_versions": []}]},
        ]
    }
    outcome = audit.judge(report)
    assert outcome.exit_code == 1
    assert any("no fixed version yet" in line for line in outcome.lines)


def test_an_unreachable_service_is_a_warning():
    stderr = (
        "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='pypi.org', port=443): "
        "Max retries exceeded with url: /pypi/django/5.2.19/json"
    )
    outcome = audit.judge_failure(1, "", stderr)
    assert outcome.exit_code == 0
    assert "NOT audited" in outcome.lines[0]


def test_any_other_failure_of_pip_audit_fails_the_audit():
    outcome = audit.judge_failure(1, "", "ERROR: requirement django is not pinned")
    assert outcome.exit_code == 1


def test_an_unpinned_requirement_is_refused_before_any_network_access(tmp_path):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("django\n")
    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(requirements)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "is not pinned" in result.stdout


def test_every_line_of_the_constraints_file_is_pinned_so_the_audit_can_read_it():
    lines = [
        line
        for line in (PROJECT / "constraints.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines
    assert all("==" in line for line in lines), [line for line in lines if "==" not in line]
