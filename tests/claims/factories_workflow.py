"""Claims put in each workflow state, for the workflow, view and browser tests."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from claims.models import Claim, ClaimMatch, ClaimStatus, VerdictState
from tests.factories import (
    ClaimFactory,
    ClaimMatchFactory,
    EvidenceFactory,
    VerdictFactory,
    editor,
    reviewer,
)


def _person(username: str, make):
    """An existing persona as is: re-running the factory would reset its
    password and log out a client that already logged in as it."""
    return get_user_model().objects.filter(username=username).first() or make(username)


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
    assignee = assignee or _person("alice", reviewer)
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
        verdict.approved_by = approver or _person("erin", editor)
        verdict.approved_at = timezone.now()
        verdict.save()
    return claim


@pytest.fixture
def fast_passwords(settings):
    """Several personas per test: PBKDF2 at full strength would dominate the run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def match_between(one: Claim, other: Claim, **fields) -> ClaimMatch:
    """A match stored the one way the table allows: lower claim id first."""
    a, b = sorted([one, other], key=lambda claim: claim.pk)
    return ClaimMatchFactory(claim_a=a, claim_b=b, **fields)
