"""Read-side query helpers shared by the queue, its exports and the admin.

The review queue and "export what the current filters select" must agree to the
row, so both parse the same query parameters into `ClaimFilters` here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import QueryDict

from claims.models import Claim, ClaimStatus


@dataclass(frozen=True)
class ClaimFilters:
    outlet: int | None = None
    status: str = ""

    def as_query(self) -> dict[str, str]:
        query: dict[str, str] = {}
        if self.outlet is not None:
            query["outlet"] = str(self.outlet)
        if self.status:
            query["status"] = self.status
        return query


def parse_claim_filters(params: QueryDict | dict[str, str]) -> ClaimFilters:
    """Read filters from query parameters; unknown or malformed values are ignored."""
    outlet = params.get("outlet", "") or ""
    status = params.get("status", "") or ""
    return ClaimFilters(
        outlet=int(outlet) if outlet.isdigit() else None,
        status=status if status in ClaimStatus.values else "",
    )


def filter_claims(claims: QuerySet[Claim], filters: ClaimFilters) -> QuerySet[Claim]:
    if filters.outlet is not None:
        claims = claims.filter(article__outlet_id=filters.outlet)
    if filters.status:
        claims = claims.filter(status=filters.status)
    return claims
