"""Every write of claims, matches, evidence and verdicts goes through these
functions, which views, admin actions and management commands all call.

One module per concern; import from `claims.services`.
"""

from claims.services.extraction import extract_claims

__all__ = ["extract_claims"]
