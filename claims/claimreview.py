"""schema.org ClaimReview documents for approved verdicts, built from plain
dataclasses (no ORM), so that the page, the JSON endpoint, the bulk export and
the command all describe a verdict the same way.

Follows https://schema.org/ClaimReview and Google's fact-check markup guide:
the review's `itemReviewed` is a `Claim` whose `appearance` lists the
articles that carried it and whose `firstAppearance` is the earliest of them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

SCHEMA_CONTEXT = "https://schema.org"

# Characters that would let a string end the <script> element or open an HTML
# comment inside it; JSON allows their \u escapes, so the data is unchanged.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@dataclass(frozen=True)
class Organization:
    name: str
    url: str = ""

    def as_jsonld(self) -> dict[str, Any]:
        data: dict[str, Any] = {"@type": "Organization", "name": self.name}
        if self.url:
            data["url"] = self.url
        return data


@dataclass(frozen=True)
class Appearance:
    """An article that carried the claim."""

    article_id: int
    url: str
    headline: str
    published: date | None
    outlet: Organization

    def as_jsonld(self) -> dict[str, Any]:
        data: dict[str, Any] = {"@type": "CreativeWork"}
        if self.url:
            data["url"] = self.url
        if self.headline:
            data["headline"] = self.headline
        if self.published is not None:
            data["datePublished"] = self.published.isoformat()
        data["author"] = self.outlet.as_jsonld()
        return data


@dataclass(frozen=True)
class ReviewedClaim:
    """What a ClaimReview says about one approved verdict."""

    claim_id: int
    claim_text: str
    page_url: str
    approved_at: datetime
    rating_label: str
    rating_value: int
    best_rating: int
    worst_rating: int
    publisher: Organization
    # The claim's own article first; near-duplicates from other articles after.
    appearance: Appearance
    other_appearances: list[Appearance] = field(default_factory=list)


def _first_key(item: tuple[int, Appearance]) -> tuple[bool, date, int]:
    position, appearance = item
    # Undated articles cannot be shown to be first; the claim's own article
    # wins a tie on date.
    return (appearance.published is None, appearance.published or date.min, position)


def appearances(review: ReviewedClaim) -> list[Appearance]:
    """The claim's article and the near-duplicates' articles, one entry per
    article, in the order given."""
    seen: set[int] = set()
    unique: list[Appearance] = []
    for appearance in [review.appearance, *review.other_appearances]:
        if appearance.article_id in seen:
            continue
        seen.add(appearance.article_id)
        unique.append(appearance)
    return unique


def first_appearance(items: list[Appearance]) -> Appearance:
    return min(enumerate(items), key=_first_key)[1]


def build_claimreview(review: ReviewedClaim) -> dict[str, Any]:
    items = appearances(review)
    first = first_appearance(items)
    item_reviewed: dict[str, Any] = {
        "@type": "Claim",
        "author": review.appearance.outlet.as_jsonld(),
    }
    if review.appearance.published is not None:
        item_reviewed["datePublished"] = review.appearance.published.isoformat()
    item_reviewed["appearance"] = [item.as_jsonld() for item in items]
    item_reviewed["firstAppearance"] = first.as_jsonld()
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "ClaimReview",
        "url": review.page_url,
        "claimReviewed": review.claim_text,
        "datePublished": review.approved_at.date().isoformat(),
        "author": review.publisher.as_jsonld(),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": review.rating_value,
            "bestRating": review.best_rating,
            "worstRating": review.worst_rating,
            "alternateName": review.rating_label,
        },
        "itemReviewed": item_reviewed,
    }


def to_json(document: dict[str, Any]) -> str:
    """One line of compact UTF-8 JSON, as in a .jsonl file."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def to_script_json(document: dict[str, Any]) -> str:
    """JSON safe to place inside a <script type="application/ld+json"> element."""
    return json.dumps(document, ensure_ascii=False, indent=2).translate(_SCRIPT_ESCAPES)
