"""Read-side query helpers shared by the queue, its exports and the admin.

The review queue and "export what the current filters select" must agree to the
row, so both parse the same query parameters into `ClaimFilters` here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import QueryDict

from claims.models import Claim, ClaimKind, ClaimMatch, ClaimStatus, MatchRelation, MatchState

ORDERS = {
    # Both orders end on id so pages never overlap; each is served by an index
    # (claim_queue_status_score_idx, claim_queue_newest_idx).
    "score": ("-checkworthiness", "-id"),
    "newest": ("-created_at", "-id"),
}
DEFAULT_ORDER = "score"


@dataclass(frozen=True)
class ClaimFilters:
    outlet: int | None = None
    status: str = ""
    kind: str = ""
    # "me": claims assigned to the requesting user; "none": unassigned.
    assignee: str = ""
    has_conflict: bool = False
    has_duplicates: bool = False
    rating: int | None = None
    q: str = ""
    order: str = DEFAULT_ORDER

    def as_query(self) -> dict[str, str]:
        query: dict[str, str] = {}
        if self.outlet is not None:
            query["outlet"] = str(self.outlet)
        if self.status:
            query["status"] = self.status
        if self.kind:
            query["kind"] = self.kind
        if self.assignee:
            query["assignee"] = self.assignee
        if self.has_conflict:
            query["conflict"] = "1"
        if self.has_duplicates:
            query["duplicates"] = "1"
        if self.rating is not None:
            query["rating"] = str(self.rating)
        if self.q:
            query["q"] = self.q
        if self.order != DEFAULT_ORDER:
            query["order"] = self.order
        return query

    @property
    def is_filtered(self) -> bool:
        return bool(set(self.as_query()) - {"order"})


def _int_or_none(value: str) -> int | None:
    return int(value) if value.isdigit() else None


def _flag(value: str) -> bool:
    return value.strip().lower() in {"1", "on", "true", "yes"}


def parse_claim_filters(params: QueryDict | dict[str, str]) -> ClaimFilters:
    """Read filters from query parameters; unknown or malformed values are ignored."""

    def get(name: str) -> str:
        return (params.get(name, "") or "").strip()

    status, kind, assignee, order = get("status"), get("kind"), get("assignee"), get("order")
    return ClaimFilters(
        outlet=_int_or_none(get("outlet")),
        status=status if status in ClaimStatus.values else "",
        kind=kind if kind in ClaimKind.values else "",
        assignee=assignee if assignee in {"me", "none"} else "",
        has_conflict=_flag(get("conflict")),
        has_duplicates=_flag(get("duplicates")),
        rating=_int_or_none(get("rating")),
        q=get("q")[:200],
        order=order if order in ORDERS else DEFAULT_ORDER,
    )


def _matches(relation: str) -> Q:
    """Claims on either side of a live (not rejected) match of this relation.

    One IN over a UNION ALL of both sides: PostgreSQL plans it as a semi-join
    with a sound row estimate. The equivalent OR of two EXISTS is estimated so
    badly that JIT compilation alone costs more than the query at 100k claims.
    """
    live = (
        ClaimMatch.objects.filter(relation=relation).exclude(state=MatchState.REJECTED).order_by()
    )
    either_side = live.values("claim_a_id").union(live.values("claim_b_id"), all=True)
    return Q(pk__in=either_side)


def filter_claims(
    claims: QuerySet[Claim], filters: ClaimFilters, user: Any = None
) -> QuerySet[Claim]:
    """Apply the filters. `user` resolves assignee "me"; without one that
    filter selects nothing rather than everything."""
    if filters.outlet is not None:
        claims = claims.filter(article__outlet_id=filters.outlet)
    if filters.status:
        claims = claims.filter(status=filters.status)
    if filters.kind:
        claims = claims.filter(kind=filters.kind)
    if filters.assignee == "me":
        if user is None or not user.is_authenticated:
            return claims.none()
        claims = claims.filter(assignee=user)
    elif filters.assignee == "none":
        claims = claims.filter(assignee__isnull=True)
    if filters.has_conflict:
        claims = claims.filter(_matches(MatchRelation.CONFLICT))
    if filters.has_duplicates:
        claims = claims.filter(_matches(MatchRelation.SAME))
    if filters.rating is not None:
        claims = claims.filter(verdict__rating_id=filters.rating)
    if filters.q:
        claims = claims.filter(text__icontains=filters.q)
    return claims


def order_claims(claims: QuerySet[Claim], filters: ClaimFilters) -> QuerySet[Claim]:
    return claims.order_by(*ORDERS[filters.order])


def status_counts(claims: QuerySet[Claim], limit: int | None = None) -> StatusCounts:
    """Claims per status in one grouped query; statuses with none count 0.

    With a `limit`, only the first `limit + 1` selected claims are counted.
    A broad text search ("Iran", "missiles") matches a large share of a big
    corpus, and an exact count re-reads every match on every page view;
    past the limit the desk needs "more than N, narrow it", not the number."""
    counts = dict.fromkeys(ClaimStatus.values, 0)
    if limit is not None:
        claims = Claim.objects.filter(pk__in=claims.order_by().values("pk")[: limit + 1])
    # COUNT(*), not COUNT(id): PostgreSQL can then answer from an index
    # holding the status alone (index-only scan) instead of reading the table.
    for row in claims.order_by().values("status").annotate(n=Count("*")):
        counts[row["status"]] = row["n"]
    complete = limit is None or sum(counts.values()) <= limit
    return StatusCounts(by_status=counts, complete=complete)


def capped_count(claims: QuerySet[Claim], limit: int) -> int:
    """How many claims are selected, counting no further than `limit + 1`."""
    return claims.order_by()[: limit + 1].count()


@dataclass(frozen=True)
class StatusCounts:
    by_status: dict[str, int]
    # False when counting stopped at the limit: the figures are lower bounds.
    complete: bool

    @property
    def total(self) -> int:
        return sum(self.by_status.values())
