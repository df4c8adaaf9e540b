"""Claims put in each workflow state, for the workflow, view and browser tests."""

from __future__ import annotations

import pytest
from django.utils import timezone

from claims.models import Claim, ClaimStatus, VerdictState
from tests.factories import ClaimFactory, EvidenceFactory, VerdictFactory, editor, reviewer


def claim_in(state: str, *, assignee=None, author=None, approver=None, **fields) -> Claim:
    """A claim in `state`: "new", "in_review", "submitted", "approved" or
    "not_checkable". In review and later it belongs to `assignee` (default
    alice), and from submitted on it has evidence and a verdict by `author`."""
    if state == ClaimStatus.NEW:
        return ClaimFactory(**fields)
    if state == ClaimStatus.NOT_CHECKABLE:
        return ClaimFactory(
            status=ClaimStatus.NOT_CHECKABLE, not_checkable_reason="Opinion", **fields
        )
    assignee = assignee or reviewer("alice")
    claim = ClaimFactory(status=state, assignee=assignee, **fields)
    if state == ClaimStatus.IN_REVIEW:
        return claim
    EvidenceFactory(claim=claim, added_by=assignee)
    verdict = VerdictFactory(
        claim=claim,
        author=author or assignee,
        state=VerdictState.SUBMITTED,
        submitted_at=timezone.now(),
    )
    if state == ClaimStatus.APPROVED:
        verdict.state = VerdictState.APPROVED
        verdict.approved_by = approver or editor("erin")
        verdict.approved_at = timezone.now()
        verdict.save()
    return claim


@pytest.fixture
def fast_passwords(settings):
    """Several personas per test: PBKDF2 at full strength would dominate the run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
