"""Records for exporting claims: one dict per claim, built from a bounded
number of queries per chunk, never one per claim."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Prefetch, QuerySet

from claims.models import Claim, ClaimMatch, Verdict

CLAIM_EXPORT_FIELDS = [
    "id",
    "article_id",
    "article_title",
    "outlet",
    "text",
    "start",
    "end",
    "kind",
    "checkworthiness",
    "status",
    "quantities",
    "cluster",
    "matches",
    "verdict",
]
CHUNK_SIZE = 1000


def claims_for_export() -> QuerySet[Claim]:
    return (
        Claim.objects.select_related("article__outlet", "verdict__rating")
        .prefetch_related(
            "quantities",
            Prefetch("matches_as_a", queryset=ClaimMatch.objects.order_by("-score")),
            Prefetch("matches_as_b", queryset=ClaimMatch.objects.order_by("-score")),
        )
        .order_by("id")
    )


def _verdict_label(claim: Claim) -> str | None:
    try:
        verdict = claim.verdict
    except Verdict.DoesNotExist:
        return None
    return verdict.rating.label if verdict.rating else None


def claim_record(claim: Claim) -> dict[str, Any]:
    matches = sorted([*claim.matches_as_a.all(), *claim.matches_as_b.all()], key=lambda m: -m.score)
    return {
        "id": claim.pk,
        "article_id": claim.article_id,
        "article_title": claim.article.title,
        "outlet": claim.article.outlet.name,
        "text": claim.text,
        "start": claim.start,
        "end": claim.end,
        "kind": claim.kind,
        "checkworthiness": claim.checkworthiness,
        "status": claim.status,
        "quantities": [
            {"low": q.low, "high": q.high, "unit": q.unit, "qualifier": q.qualifier, "text": q.text}
            for q in claim.quantities.all()
        ],
        "cluster": claim.cluster_id,
        "matches": [
            {
                "claim_id": match.other(claim.pk),
                "score": match.score,
                "relation": match.relation,
                "state": match.state,
            }
            for match in matches
        ],
        "verdict": _verdict_label(claim),
    }


def iter_claim_records(claims: QuerySet[Claim] | None = None) -> Iterator[dict[str, Any]]:
    queryset = claims if claims is not None else claims_for_export()
    for claim in queryset.iterator(chunk_size=CHUNK_SIZE):
        yield claim_record(claim)


def flatten_for_csv(record: dict[str, Any]) -> dict[str, Any]:
    """Lists and nested values as compact text for a spreadsheet cell."""
    flat = dict(record)
    flat["quantities"] = " | ".join(q["text"] for q in record["quantities"])
    flat["matches"] = " | ".join(
        f"{m['claim_id']}:{m['relation']}:{m['state']}:{m['score']:.0f}" for m in record["matches"]
    )
    flat["cluster"] = "" if record["cluster"] is None else record["cluster"]
    flat["verdict"] = record["verdict"] or ""
    return flat


def csv_rows(records: Iterable[dict[str, Any]]) -> Iterator[list[Any]]:
    for record in records:
        flat = flatten_for_csv(record)
        yield [flat[name] for name in CLAIM_EXPORT_FIELDS]
