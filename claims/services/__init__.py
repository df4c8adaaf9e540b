"""Every write of claims, matches, evidence and verdicts goes through these
functions, which views, admin actions and management commands all call.

One module per concern; import from `claims.services`.
"""

from claims.services.exports import (
    ExportNotAllowed,
    ExportSelectionError,
    VerdictSelection,
    claimreview_for_claim,
    claimreview_lines,
    claimreviews,
    ensure_can_export,
    parse_verdict_selection,
    select_verdicts,
    verdicts_csv,
    verdicts_of_claims,
)
from claims.services.extraction import extract_claims

__all__ = [
    "ExportNotAllowed",
    "ExportSelectionError",
    "VerdictSelection",
    "claimreview_for_claim",
    "claimreview_lines",
    "claimreviews",
    "ensure_can_export",
    "extract_claims",
    "parse_verdict_selection",
    "select_verdicts",
    "verdicts_csv",
    "verdicts_of_claims",
]
