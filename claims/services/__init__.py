"""Every write of claims, matches, evidence and verdicts goes through these
functions, which views, admin actions and management commands all call.

One module per concern; import from `claims.services`.
"""

from claims.services.extraction import extract_claims
from claims.services.matching import (
    checked_elsewhere,
    learn_name_aliases,
    match_claims,
    rematch_all,
    update_clusters,
)

__all__ = [
    "checked_elsewhere",
    "extract_claims",
    "learn_name_aliases",
    "match_claims",
    "rematch_all",
    "update_clusters",
]
