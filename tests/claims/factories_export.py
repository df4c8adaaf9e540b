"""Verdicts in the states the exports care about, built on tests/factories.py."""

from __future__ import annotations

from datetime import UTC, datetime

from django.contrib.auth import get_user_model

from claims.models import Verdict
from tests.factories import ArticleFactory, ClaimFactory, OutletFactory, VerdictFactory, editor

SUBMITTED_AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
APPROVED_AT = datetime(2026, 3, 3, 14, 5, 7, tzinfo=UTC)


def _approver():
    # Reuse a logged-in editor as is: re-creating the user resets its password
    # and ends its test client's session.
    existing = get_user_model().objects.filter(username="erin").first()
    return existing or editor("erin")


def approved_verdict(claim=None, approver=None, **kwargs) -> Verdict:
    approver = approver or _approver()
    fields = {
        "state": "approved",
        "submitted_at": SUBMITTED_AT,
        "approved_by": approver,
        "approved_at": APPROVED_AT,
    }
    fields.update(kwargs)
    if claim is not None:
        fields["claim"] = claim
    verdict = VerdictFactory(**fields)
    # The workflow approves claim and verdict together; keep test data as real.
    verdict.claim.status = "approved"
    verdict.claim.save(update_fields=["status"])
    return verdict


def submitted_verdict(claim=None, **kwargs) -> Verdict:
    fields = {"state": "submitted", "submitted_at": SUBMITTED_AT}
    fields.update(kwargs)
    if claim is not None:
        fields["claim"] = claim
    return VerdictFactory(**fields)


def claim_in(outlet_name: str, *, url: str = "", published=None, **kwargs):
    article = ArticleFactory(outlet=OutletFactory(name=outlet_name), url=url, published=published)
    return ClaimFactory(article=article, **kwargs)
