"""Turn an article's text into claim and quantity rows."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from claims import extraction
from claims.models import Claim, Quantity
from sources.models import Article


def _normalize_for_matching(text: str) -> str:
    return " ".join(text.lower().split())


@transaction.atomic
def extract_claims(article: Article, threshold: float | None = None) -> list[Claim]:
    """Create the check-worthy claims of an article with their quantities.

    Idempotent: sentences already stored as claims (same span) are left alone.
    """
    if article.is_compilation:
        return []
    threshold = settings.CLAIM_THRESHOLD if threshold is None else threshold
    extracted = extraction.extract_claims(article.text, threshold, article.language or "en")
    existing = set(Claim.objects.filter(article=article).values_list("start", "end"))
    new = [item for item in extracted if (item.start, item.end) not in existing]
    claims = Claim.objects.bulk_create(
        [
            Claim(
                article=article,
                text=item.text,
                start=item.start,
                end=item.end,
                context_start=item.context_start,
                context_end=item.context_end,
                normalized_text=_normalize_for_matching(item.text),
                kind=item.kind,
                speaker=item.speaker[:300],
                checkworthiness=item.checkworthiness,
            )
            for item in new
        ]
    )
    if claims and claims[0].pk is None:
        # Backends without RETURNING on bulk insert: read the ids back by span.
        by_span = {(c.start, c.end): c for c in Claim.objects.filter(article=article)}
        claims = [by_span[(c.start, c.end)] for c in claims]
    Quantity.objects.bulk_create(
        [
            quantity
            for claim, item in zip(claims, new, strict=True)
            for quantity in quantity_rows(claim, item)
        ]
    )
    return claims


def quantity_rows(claim: Claim, item: extraction.ExtractedClaim) -> list[Quantity]:
    """Unsaved Quantity rows for the numbers the extractor found in a claim."""
    return [
        Quantity(
            claim=claim,
            kind=q.kind,
            low=q.low,
            high=q.high,
            unit=q.unit[:60],
            qualifier=q.qualifier,
            date_value=q.date_value,
            text=q.text[:300],
            start=q.start,
            end=q.end,
        )
        for q in item.quantities
    ]
