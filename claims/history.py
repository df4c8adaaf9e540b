"""The history shown on a claim page: who changed what and when, across the
claim, its verdict, its evidence and its matches, in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q

from claims.models import Claim, ClaimMatch, Evidence, Rating, Verdict

# Fields whose changes a reviewer cares about, with the label shown.
TRACKED: dict[type, dict[str, str]] = {
    Claim: {
        "status": "status",
        "assignee_id": "assignee",
        "not_checkable_reason": "not checkable because",
        "text": "text",
        "kind": "kind",
    },
    Verdict: {
        "state": "state",
        "rating_id": "rating",
        "rationale": "rationale",
        "return_comment": "editor's comment",
        "approved_by_id": "approved by",
    },
    Evidence: {
        "url": "URL",
        "title": "title",
        "quoted_passage": "quoted passage",
        "stance": "stance",
    },
    ClaimMatch: {"state": "state", "relation": "relation"},
}
USER_FIELDS = {"assignee_id", "approved_by_id"}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    subject: str
    action: str
    changes: list[Change] = field(default_factory=list)


def _subject(record: Any, model: type, claim_id: int) -> str:
    if model is Claim:
        return "Claim"
    if model is Verdict:
        return "Verdict"
    if model is Evidence:
        return f"Evidence “{record.title or record.url}”"
    other = record.claim_b_id if record.claim_a_id == claim_id else record.claim_a_id
    return f"Match with claim {other}"


def claim_history(claim: Claim, limit: int = 200) -> list[HistoryEntry]:
    """Newest first. Six queries however long the history: one per history
    table, one for the ratings and one for the users named in the changes."""
    sources: list[tuple[type, Iterable[Any]]] = [
        (Claim, Claim.history.filter(id=claim.pk)),
        (Verdict, Verdict.history.filter(claim_id=claim.pk)),
        (Evidence, Evidence.history.filter(claim_id=claim.pk)),
        (
            ClaimMatch,
            ClaimMatch.history.filter(Q(claim_a_id=claim.pk) | Q(claim_b_id=claim.pk)),
        ),
    ]
    records: list[tuple[type, Any]] = []
    for model, queryset in sources:
        rows = queryset.select_related("history_user").order_by("id", "history_date")[:limit]
        records.extend((model, row) for row in rows)

    user_ids = {
        getattr(row, name)
        for model, row in records
        for name in USER_FIELDS & TRACKED[model].keys()
        if getattr(row, name) is not None
    }
    users = (
        {u.pk: u.get_username() for u in get_user_model().objects.filter(pk__in=user_ids)}
        if user_ids
        else {}
    )
    ratings = dict(Rating.objects.values_list("id", "label"))

    def show(name: str, value: Any) -> str:
        if value in (None, ""):
            return "—"
        if name in USER_FIELDS:
            return users.get(value, f"user {value}")
        if name == "rating_id":
            return ratings.get(value, f"rating {value}")
        return str(value)

    entries: list[HistoryEntry] = []
    previous: dict[tuple[type, int], Any] = {}
    for model, row in records:
        key = (model, row.id)
        before = previous.get(key)
        previous[key] = row
        changes = [
            Change(label, show(name, getattr(before, name)), show(name, getattr(row, name)))
            for name, label in TRACKED[model].items()
            if before is not None and getattr(before, name) != getattr(row, name)
        ]
        if before is None:
            action = row.history_change_reason or "created"
        else:
            action = row.history_change_reason or "changed"
        if row.history_type == "-":
            action = "deleted"
        entries.append(
            HistoryEntry(
                when=row.history_date,
                who=row.history_user.get_username() if row.history_user else "system",
                subject=_subject(row, model, claim.pk),
                action=action,
                changes=changes,
            )
        )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries
