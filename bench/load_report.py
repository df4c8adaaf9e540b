"""Figures of a bench/load_test run, and the check that the database holds
exactly the writes that got a success answer.

    DATABASE_URL=… .venv/bin/python bench/load_report.py SAMPLES LEDGER SECONDS [ACCESS_LOG]

Prints one `name: value` line per figure; exits 1 when a write is lost or
duplicated.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")

PAGES_TARGET_P95_MS = 300


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))
    return ordered[index]


def line(name: str, value: object) -> None:
    if isinstance(value, float):
        value = f"{value:.1f}"
    print(f"{name}: {value}")


def timing(prefix: str, values: list[float]) -> None:
    line(f"{prefix}_requests", len(values))
    for share in (0.5, 0.95, 0.99):
        line(f"{prefix}_p{round(share * 100)}_ms", percentile(values, share))


ACCESS_LINE = re.compile(r'"(\w+) (\S+) HTTP/[\d.]+" (\d{3}) \S+ (\d+)ms "([^"]*)"')


def server_side(access_log: Path) -> None:
    """Time spent inside a gunicorn worker per request (its access log), for the
    locust requests only (the warm-up runs with urllib's agent and is skipped):
    what the desk costs, without the wait for a free worker."""
    spent: dict[str, list[float]] = defaultdict(list)
    for row in access_log.read_text(errors="replace").splitlines():
        found = ACCESS_LINE.search(row)
        if not found or found[5].startswith("Python-urllib"):
            continue
        method, path, ms = found[1], found[2], float(found[4])
        if path.startswith("/static/"):
            kind = "static"
        elif path.startswith("/accounts/login/"):
            kind = "login_page"
        elif method == "POST":
            kind = "writes"
        else:
            kind = "pages"
        spent[kind].append(ms)
    for kind in ("pages", "writes", "login_page", "static"):
        values = spent.get(kind, [])
        line(f"server_side_{kind}_p50_ms", percentile(values, 0.5))
        line(f"server_side_{kind}_p95_ms", percentile(values, 0.95))


def main() -> int:
    samples_path, ledger_path, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
    samples = json.loads(Path(samples_path).read_text())
    by_name: dict[str, list[float]] = defaultdict(list)
    errors: Counter[str] = Counter()
    for name, ms, ok in samples:
        by_name[name].append(ms)
        if not ok:
            errors[name] += 1

    line("requests_total", len(samples))
    line("errors_total", sum(errors.values()))
    for name, count in sorted(errors.items()):
        line(f"errors[{name}]", count)
    line("throughput_requests_per_s", len(samples) / seconds)
    pages = [ms for name, values in by_name.items() if name.startswith("page:") for ms in values]
    writes = [ms for name, values in by_name.items() if name.startswith("write:") for ms in values]
    timing("pages", pages)
    timing("writes", writes)
    for name in sorted(by_name):
        slug = name.replace(": ", "_").replace(" ", "_").replace("(", "").replace(")", "")
        slug = slug.replace(",", "")
        line(f"{slug}_p50_ms", percentile(by_name[name], 0.5))
        line(f"{slug}_p95_ms", percentile(by_name[name], 0.95))
    login = by_name.get("baseline: login page", [])
    if login and pages:
        line(
            "pages_p95_over_login_page_p95",
            percentile(pages, 0.95) / max(percentile(login, 0.95), 0.001),
        )

    if len(sys.argv) > 4:
        server_side(Path(sys.argv[4]))

    import django

    django.setup()
    from claims.models import Evidence, Verdict

    ledger = [json.loads(row) for row in Path(ledger_path).read_text().splitlines() if row]
    evidence_ok = [row["url"] for row in ledger if row["kind"] == "evidence"]
    stored = list(
        Evidence.objects.filter(url__startswith="https://evidence.example/").values_list(
            "url", flat=True
        )
    )
    stored_counts = Counter(stored)
    lost_evidence = len(set(evidence_ok) - set(stored))
    unexpected_evidence = len(set(stored) - set(evidence_ok))
    duplicated_evidence = sum(count - 1 for count in stored_counts.values() if count > 1)
    evidence_history = Evidence.history.filter(
        url__startswith="https://evidence.example/", history_type="+"
    ).count()
    line("evidence_success_answers", len(evidence_ok))
    line("evidence_rows_in_database", len(stored))
    line("evidence_history_records", evidence_history)
    line("evidence_lost", lost_evidence)
    line("evidence_unexpected_or_duplicated", unexpected_evidence + duplicated_evidence)

    saves: dict[int, list[str]] = defaultdict(list)
    for row in ledger:
        if row["kind"] == "verdict":
            saves[row["claim"]].append(row["rationale"])
    verdicts = {
        verdict.claim_id: verdict
        for verdict in Verdict.objects.filter(rationale__startswith="Checked by ")
    }
    lost_updates = 0
    wrong_versions = 0
    for claim_id, rationales in saves.items():
        verdict = verdicts.get(claim_id)
        if verdict is None or verdict.rationale != rationales[-1]:
            lost_updates += 1
        if verdict is None or verdict.version != len(rationales):
            wrong_versions += 1
    unexpected_verdicts = len(set(verdicts) - set(saves))
    verdict_history = Verdict.history.filter(claim_id__in=list(saves)).count()
    line("verdict_save_success_answers", sum(len(r) for r in saves.values()))
    line("verdict_history_records", verdict_history)
    line("verdicts_in_database", len(verdicts))
    line("verdict_claims_with_success_answers", len(saves))
    line("verdicts_lost_updates", lost_updates)
    line("verdicts_with_wrong_version", wrong_versions)
    line("verdicts_unexpected", unexpected_verdicts)

    exact = (
        lost_evidence == 0
        and unexpected_evidence == 0
        and duplicated_evidence == 0
        and evidence_history == len(evidence_ok)
        and lost_updates == 0
        and wrong_versions == 0
        and unexpected_verdicts == 0
        and verdict_history == sum(len(r) for r in saves.values())
    )
    line("target_zero_errors", "met" if not errors else "MISSED")
    line(
        f"target_pages_p95_under_{PAGES_TARGET_P95_MS}ms",
        "met" if pages and percentile(pages, 0.95) < PAGES_TARGET_P95_MS else "MISSED",
    )
    line("target_no_lost_or_duplicated_writes", "met" if exact else "MISSED")
    return 0 if exact else 1


if __name__ == "__main__":
    sys.exit(main())
