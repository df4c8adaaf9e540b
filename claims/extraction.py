"""Split article text into sentences, score how check-worthy each is, type it
and parse its numbers. Pure: dataclasses in and out, no ORM.

Every span satisfies `text[start:end] == sentence`, which the services rely on
to anchor claims in their article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import pysbd

from claims.quantities import ParsedQuantity, parse_quantities

DEFAULT_THRESHOLD = 0.5

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_PRONOUN_START = re.compile(r"^(?:he|she|it|they|this|these|that|those|his|her|its|their)\b", re.I)
_REPORTING = re.compile(
    r"\b(?:said|says|told|stated|announced|reported|confirmed|claimed|according to|declared)\b",
    re.I,
)
_OPINION = re.compile(
    r"\b(?:I think|I believe|we must|should|must|perhaps|maybe|in my opinion|hopefully)\b", re.I
)
_COMPARISON = re.compile(
    r"\b(?:first time|largest|biggest|highest|lowest|most|least|more than|less than|record)\b",
    re.I,
)
_CAUSAL = re.compile(r"\b(?:because|due to|caused|led to|as a result|resulted in)\b", re.I)
_STATISTIC = re.compile(
    r"\b(?:average|mean|median|standard deviation|CEP|per cent|percent|rate|ratio)\b|%", re.I
)
_PROPER_NOUN = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][a-z]+")


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int


@dataclass
class ExtractedClaim:
    text: str
    start: int
    end: int
    kind: str
    checkworthiness: float
    speaker: str = ""
    context_start: int | None = None
    context_end: int | None = None
    quantities: list[ParsedQuantity] = field(default_factory=list)


@lru_cache(maxsize=4)
def _segmenter(language: str) -> pysbd.Segmenter:
    return pysbd.Segmenter(language=language, clean=False)


def _paragraphs(text: str) -> list[tuple[int, str]]:
    blocks: list[tuple[int, str]] = []
    position = 0
    for gap in _PARAGRAPH_BREAK.finditer(text):
        blocks.append((position, text[position : gap.start()]))
        position = gap.end()
    blocks.append((position, text[position:]))
    return blocks


def split_sentences(text: str, language: str = "en") -> list[Sentence]:
    """Sentences with exact spans. Paragraphs are segmented one at a time: a
    sentence never crosses a blank line, and the segmenter's cost stays linear.
    Each sentence is located in its paragraph from a moving cursor, so spans are
    exact by construction even where the segmenter's own offsets would drift."""
    segmenter = _segmenter(language if language in {"en", "ar"} else "en")
    sentences: list[Sentence] = []
    for block_start, block in _paragraphs(text):
        if not block.strip():
            continue
        cursor = 0
        for raw in segmenter.segment(block):
            stripped = raw.strip()
            if not stripped:
                continue
            found = block.find(stripped, cursor)
            if found < 0:
                continue
            cursor = found + len(stripped)
            start = block_start + found
            sentences.append(Sentence(stripped, start, start + len(stripped)))
    return sentences


def score_sentence(sentence: str, quantities: list[ParsedQuantity]) -> float:
    """Check-worthiness in 0–1: verifiable facts up, opinion and rhetoric down."""
    words = sentence.split()
    if len(words) < 5:
        return 0.05
    score = 0.25
    if quantities:
        score += 0.3
    if _REPORTING.search(sentence):
        score += 0.15
    if len(_PROPER_NOUN.findall(sentence)) >= 1:
        score += 0.15
    if _COMPARISON.search(sentence) or _CAUSAL.search(sentence):
        score += 0.1
    if sentence.rstrip().endswith("?"):
        score -= 0.35
    if _OPINION.search(sentence):
        score -= 0.25
    return max(0.0, min(1.0, score))


def classify(sentence: str, quantities: list[ParsedQuantity]) -> str:
    if _STATISTIC.search(sentence) and quantities:
        return "statistic"
    if _REPORTING.search(sentence) or "“" in sentence or '"' in sentence:
        return "quote"
    if _COMPARISON.search(sentence):
        return "comparison"
    if _CAUSAL.search(sentence):
        return "causal"
    if quantities and any(q.kind not in {"year", "date"} for q in quantities):
        return "quantity"
    if quantities:
        return "event"
    return "other"


def analyse(text: str, language: str = "en") -> list[ExtractedClaim]:
    """Every sentence of the text, scored and typed (for promotion by a reviewer)."""
    results: list[ExtractedClaim] = []
    previous: Sentence | None = None
    for sentence in split_sentences(text, language):
        quantities = [
            ParsedQuantity(
                text=q.text,
                start=q.start + sentence.start,
                end=q.end + sentence.start,
                low=q.low,
                high=q.high,
                unit=q.unit,
                qualifier=q.qualifier,
                kind=q.kind,
            )
            for q in parse_quantities(sentence.text)
        ]
        claim = ExtractedClaim(
            text=sentence.text,
            start=sentence.start,
            end=sentence.end,
            kind=classify(sentence.text, quantities),
            checkworthiness=round(score_sentence(sentence.text, quantities), 3),
            quantities=quantities,
        )
        if previous is not None and _PRONOUN_START.match(sentence.text):
            claim.context_start, claim.context_end = previous.start, previous.end
        results.append(claim)
        previous = sentence
    return results


def extract_claims(
    text: str, threshold: float = DEFAULT_THRESHOLD, language: str = "en"
) -> list[ExtractedClaim]:
    """The sentences check-worthy enough to become claims."""
    return [claim for claim in analyse(text, language) if claim.checkworthiness >= threshold]
