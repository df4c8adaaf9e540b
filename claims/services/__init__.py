"""Every write of claims, matches, evidence and verdicts goes through these
functions, which views, admin actions and management commands all call.

One module per concern; import from `claims.services`.
"""

from claims.services.extraction import extract_claims
from claims.services.workflow import (
    IncompleteVerdict,
    InvalidInput,
    TransitionRefused,
    VerdictInput,
    VersionConflict,
    WorkflowError,
    WorkflowPermissionDenied,
    add_evidence,
    approve_verdict,
    assign_claim,
    confirm_match,
    mark_not_checkable,
    promotable_sentences,
    promote_sentence,
    reject_match,
    reopen_claim,
    return_verdict,
    reuse_verdict,
    save_verdict_draft,
    submit_verdict,
    take_claim,
    update_evidence,
)

__all__ = [
    "IncompleteVerdict",
    "InvalidInput",
    "TransitionRefused",
    "VerdictInput",
    "VersionConflict",
    "WorkflowError",
    "WorkflowPermissionDenied",
    "add_evidence",
    "approve_verdict",
    "assign_claim",
    "confirm_match",
    "extract_claims",
    "mark_not_checkable",
    "promotable_sentences",
    "promote_sentence",
    "reject_match",
    "reopen_claim",
    "return_verdict",
    "reuse_verdict",
    "save_verdict_draft",
    "submit_verdict",
    "take_claim",
    "update_evidence",
]
