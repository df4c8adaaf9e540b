"""Audit the pinned dependencies (constraints.txt) with pip-audit.

Exit 1 when a pinned version has a known vulnerability, or when pip-audit
fails for a reason other than the network. When the vulnerability service
cannot be reached, or answers nothing for some packages, print a clear warning
and exit 0: an offline machine must still be able to run the tests.

Usage: .venv/bin/python .ci/audit_dependencies.py [constraints.txt]
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass, field

NETWORK_SIGNS = (
    "connectionerror",
    "connection refused",
    "connection aborted",
    "max retries exceeded",
    "name or service not known",
    "temporary failure in name resolution",
    "failed to resolve",
    "timed out",
    "readtimeout",
    "connecttimeout",
    "proxyerror",
    "sslerror",
    "network is unreachable",
)


@dataclass
class Outcome:
    exit_code: int
    lines: list[str] = field(default_factory=list)


def judge(report: dict) -> Outcome:
    """Turn pip-audit's JSON report into an exit code and what to print."""
    dependencies = report.get("dependencies", [])
    vulnerable = [dep for dep in dependencies if dep.get("vulns")]
    skipped = [dep for dep in dependencies if dep.get("skip_reason")]
    audited = len(dependencies) - len(skipped)
    lines: list[str] = []
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
            aliases = ", ".join(vuln.get("aliases") or [])
            lines.append(
                f"VULNERABLE: {dep['name']}=={dep['version']} {vuln['id']}"
                f"{f' ({aliases})' if aliases else ''}; fixed in: {fixes}"
            )
    if skipped:
        lines.append(
            f"WARNING: {len(skipped)} of {len(dependencies)} pinned packages were NOT audited: "
            "the vulnerability service could not be reached or had no data for them "
            f"(first reason: {skipped[0]['skip_reason']}). Run `make audit` where PyPI's "
            "vulnerability data can be reached."
        )
        lines.append("  not audited: " + ", ".join(dep["name"] for dep in skipped))
    if vulnerable:
        lines.append(
            f"pip-audit: {len(vulnerable)} pinned package(s) with known vulnerabilities: "
            "raise the pins in constraints.txt."
        )
        return Outcome(1, lines)
    if audited:
        lines.append(f"pip-audit: no known vulnerabilities in {audited} audited package(s).")
    return Outcome(0, lines)


def judge_failure(returncode: int, stdout: str, stderr: str) -> Outcome:
    """pip-audit exited without a report: tell a network failure from a real one."""
    text = f"{stdout}\n{stderr}"
    if any(sign in text.lower() for sign in NETWORK_SIGNS):
        last = text.strip().splitlines()[-1] if text.strip() else ""
        return Outcome(
            0,
            [
                "WARNING: pip-audit could not reach the vulnerability service; "
                "the dependencies were NOT audited.",
                f"  {last}",
            ],
        )
    return Outcome(returncode or 1, [f"pip-audit failed (exit {returncode}):", text.strip()])


def main(argv: list[str]) -> int:
    requirements = argv[1] if len(argv) > 1 else "constraints.txt"
    # Every line of constraints.txt is pinned (==), so pip-audit needs no resolver
    # and installs nothing.
    command = [
        sys.executable,
        "-m",
        "pip_audit",
        "--requirement",
        requirements,
        "--disable-pip",
        "--no-deps",
        "--progress-spinner",
        "off",
        "--format",
        "json",
        "--timeout",
        "30",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        outcome = judge_failure(result.returncode, result.stdout, result.stderr)
    else:
        outcome = judge(report)
    for line in outcome.lines:
        print(line)
    return outcome.exit_code


if __name__ == "__main__":
    sys.exit(main(sys.argv))
