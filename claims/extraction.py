"""Split article text into sentences, score how check-worthy each is, type it
and parse its numbers. Pure: dataclasses in and out, no ORM.

Every span satisfies `text[start:end] == sentence`, which the services rely on
to anchor claims in their article.

Segmentation uses sentencex (rule-based, ~300 languages including Arabic,
compiled: a 195 KB page takes milliseconds), with a repair pass for the
abbreviations it splits on ("approx. 27 m", "nr. 1", "Lt. Gen.") so that
initials, titles and decimals stay inside their sentence.

Check-worthiness comes from `claims.checkworthiness` (a small trained model);
a sentence becomes a claim when its score reaches the threshold
(`settings.CLAIM_THRESHOLD`, 0.5 by default: the model's cross-validated best
cut-off is mapped to 0.5 when it is trained).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import sentencex

from claims import checkworthiness
from claims.quantities import ParsedQuantity, parse_quantities, shares
from claims.wordgate import Gated

DEFAULT_THRESHOLD = 0.5

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_PRONOUN_START = re.compile(
    r"^[\"“‘']?(?:he|she|it|they|this|these|that|those|his|her|its|their|them|such|"
    r"the\s+latter|the\s+former)\b",
    re.I,
)
# Abbreviations after which sentencex may wrongly end a sentence.
_ABBREVIATION_END = re.compile(
    r"(?:^|[\s(])(?:approx|nr|no|nos|vs|etc|e\.g|i\.e|cf|fig|figs|ca|est|gen|lt|col|maj|capt|"
    r"sgt|cmdr|adm|brig|dr|mr|mrs|ms|prof|sr|jr|st|mt|ft|inc|ltd|co|corp|dept|gov|sen|rep|rev|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|u\.s|u\.k|u\.n|(?-i:[A-Z]))\.$",
    re.I,
)
# sentencex reads "8.5 m. So …" as an abbreviation; a unit after a number that
# ends with a full stop before a capital ends the sentence.
_UNIT_END = re.compile(r"\d\s?(?:m|km|cm|mm|kg|ft)\.(\s+)(?=[A-Z“\"‘])")


def _split_after_units(piece: str) -> list[str]:
    parts: list[str] = []
    position = 0
    for match in _UNIT_END.finditer(piece):
        parts.append(piece[position : match.start(1)])
        position = match.end(1)
    parts.append(piece[position:])
    return parts


_STATISTIC = re.compile(
    r"\b(?:average|averaged|mean|median|standard\s+deviation|deviation|CEP|circular\s+error|"
    r"spread|variance|per\s+capita|rate|ratio|percentile|on\s+average|margin\s+of\s+error)\b",
    re.I,
)
_COMPARISON = re.compile(
    r"\b(?:first\s+time|for\s+the\s+first|largest|biggest|highest|lowest|longest|shortest|"
    r"greatest|smallest|deadliest|worst|best|record|most\s+(?!of\b)\w+|more\s+than\s+"
    r"(?:any|ever|double|twice)|twice|double(?:d)?|tripled?|than\s+(?:any|ever|before|the)|"
    r"compared\s+(?:to|with)|unprecedented)\b",
    re.I,
)
_CAUSAL = re.compile(
    r"\b(?:because|due\s+to|caused|causing|led\s+to|lead\s+to|leads\s+to|as\s+a\s+result|"
    r"resulted\s+in|result\s+of|thanks\s+to|owing\s+to|triggered|provoked|so\s+that)\b",
    re.I,
)
_REPORTING_VERB = (
    r"(?:said|says|told|stated|announced|reported|confirmed|claimed|declared|revealed|"
    r"added|noted|stressed|warned|admitted|denied|accused|insisted|asserted|explained|"
    r"underlined|underscored|emphasized|emphasised|pointed\s+out|recalled|affirmed|tweeted|"
    r"wrote|argued|vowed|pledged|urged|labelled|labeled|described|highlighted|commented|"
    r"cited|tells|made\s+clear)"
)
_NAME = (
    r"(?:(?:The|the)\s+)?(?:[A-Z][\w’'.-]*(?:\s+(?:of|al|bin|de|the|and|for|al-)\s*)?"
    r"(?:\s+|-)?){1,6}"
)
_SPEAKER_BEFORE = re.compile(
    rf"(?P<speaker>{_NAME})(?:,[^,]{{1,80}},\s*)?\s*"
    r"(?:has\s+|had\s+|also\s+|further\s+|then\s+|(?-i:[a-z]+ly)\s+)?"
    rf"{_REPORTING_VERB}\b"
)
_SPEAKER_AFTER = re.compile(rf"[,”\"]\s*(?:{_REPORTING_VERB})\s+(?P<speaker>{_NAME})", re.UNICODE)
# “…,” the source told the paper / “…,” the Hezbollah leader said
_ROLE_AFTER_QUOTE = re.compile(
    rf"[”\"],?\s+(?P<speaker>(?:the|a|an)\s+[\w’'-]+(?:\s+[\w’'-]+){{0,4}}?)\s+"
    rf"(?:also\s+)?{_REPORTING_VERB}\b"
)
_PAST_TENSE = re.compile(
    r"\b(?:was|were|had|did|began|begun|came|went|took|made|gave|met|held|led|left|fled|"
    r"fought|won|lost|sent|shot|struck|became|brought|built|bought|caught|drew|fell|flew|"
    r"hit|kept|knew|paid|ran|rose|saw|set|spent|stood|threw|wrote|[a-z]{3,}ed)\b"
)
_ACCORDING = re.compile(rf"\b(?i:according)\s+to\s+(?P<speaker>{_NAME})")
# Unnamed speakers by role: "The jihadist leader tells …", "According to the
# report, …" (the role is the speaker a reviewer can trace).
_ROLE_BEFORE = re.compile(
    rf"(?:^|[,;:]\s+)[\"“]?(?P<speaker>(?:The|the)\s+[a-z][\w’'-]+(?:\s+[a-z][\w’'-]+){{0,2}}?)"
    rf"\s+(?:also\s+|further\s+|then\s+)?{_REPORTING_VERB}\b"
)
_ACCORDING_ROLE = re.compile(
    r"\b(?i:according)\s+to\s+(?P<speaker>(?:the|a|an)\s+[a-z][\w’'-]+(?:\s+[a-z][\w’'-]+){0,2}?)"
    r"(?=\s*[,.;:“\"])"
)
_SPEAKER_ROLE = re.compile(
    rf"(?P<speaker>\b(?:The|the)\s+[A-Z][\w’'-]*(?:\s+(?!also\b|has\b|had\b)[a-z][\w-]*){{1,3}})\s+"
    rf"(?:has\s+|had\s+|also\s+)?{_REPORTING_VERB}\b"
)
_EVENT_VERB = checkworthiness._EVENT  # shared vocabulary of things that happen
_REPORTING = checkworthiness._REPORTING
_ANY_ATTRIBUTION = Gated(re.compile(rf"\b(?:{_REPORTING_VERB}|according)\b", re.I))
_STATISTIC, _COMPARISON, _CAUSAL = (Gated(p) for p in (_STATISTIC, _COMPARISON, _CAUSAL))
_QUOTE_MARK = re.compile(r"[“”\"]")
_NOT_SPEAKERS = {"he", "she", "they", "it", "we", "i", "you", "this", "that", "the", "there"}


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


def _paragraphs(text: str) -> list[tuple[int, str]]:
    blocks: list[tuple[int, str]] = []
    position = 0
    for gap in _PARAGRAPH_BREAK.finditer(text):
        blocks.append((position, text[position : gap.start()]))
        position = gap.end()
    blocks.append((position, text[position:]))
    return blocks


def _segment_language(language: str) -> str:
    return language if language and language.isalpha() and len(language) <= 3 else "en"


def split_sentences(text: str, language: str = "en") -> list[Sentence]:
    """Sentences with exact spans. Paragraphs are segmented one at a time: a
    sentence never crosses a blank line. Each sentence is located in its
    paragraph from a moving cursor, so spans are exact by construction."""
    code = _segment_language(language)
    sentences: list[Sentence] = []
    for block_start, block in _paragraphs(text):
        if not block.strip():
            continue
        cursor = 0
        pieces: list[tuple[int, int]] = []
        try:
            raw_pieces = sentencex.segment(code, block)
        except Exception:  # an unknown language code: English rules are the safe default
            raw_pieces = sentencex.segment("en", block)
        for raw in (part for piece in raw_pieces for part in _split_after_units(piece)):
            stripped = raw.strip()
            if not stripped:
                continue
            found = block.find(stripped, cursor)
            if found < 0:
                continue
            cursor = found + len(stripped)
            if pieces and _continues(block[pieces[-1][0] : pieces[-1][1]], stripped):
                pieces[-1] = (pieces[-1][0], cursor)
            else:
                pieces.append((found, cursor))
        for start, end in pieces:
            sentences.append(Sentence(block[start:end], block_start + start, block_start + end))
    return sentences


def _continues(previous: str, following: str) -> bool:
    """Repair a split after an abbreviation or inside a decimal."""
    # Anchored at the end; its longest abbreviation fits in 12 characters.
    if _ABBREVIATION_END.search(previous, max(0, len(previous) - 12)) and (
        following[:1].isdigit() or following[:1].islower() or previous.endswith(("Gen.", "Lt."))
    ):
        return True
    if following[:1].islower() and not previous.endswith(("?", "!", "؟")):
        return True
    return bool(re.search(r"\d\.$", previous) and following[:1].isdigit())


# A speaker's name stands within a few words of its reporting verb.
_SPEAKER_WINDOW = 240
_SPEAKER_TRIES = 4


def find_speaker(sentence: str) -> str:
    """The named person or organisation a statement is attributed to, if any."""
    if len(sentence) <= 2 * _SPEAKER_WINDOW:
        return _speaker_in(sentence) if _ANY_ATTRIBUTION.search(sentence) else ""
    # The name patterns backtrack over runs of capitalised words, which is
    # quadratic on a very long "sentence" (a page without full stops); look
    # only around the first few reporting verbs instead.
    for match in _ANY_ATTRIBUTION.finditer(sentence)[:_SPEAKER_TRIES]:
        window = sentence[max(0, match.start() - _SPEAKER_WINDOW) : match.end() + _SPEAKER_WINDOW]
        speaker = _speaker_in(window)
        if speaker:
            return speaker
    return ""


def _speaker_in(sentence: str) -> str:
    patterns = (
        _SPEAKER_AFTER,
        _ROLE_AFTER_QUOTE,
        _ACCORDING,
        _SPEAKER_ROLE,
        _SPEAKER_BEFORE,
        _ACCORDING_ROLE,
        _ROLE_BEFORE,
    )
    for pattern in patterns:
        for match in pattern.finditer(sentence):
            speaker = match.group("speaker").strip(" ,.-")
            role = pattern in (_ROLE_AFTER_QUOTE, _ROLE_BEFORE, _ACCORDING_ROLE)
            if speaker.lower() in _NOT_SPEAKERS or not (
                role or any(ch.isupper() for ch in speaker)
            ):
                continue
            speaker = re.sub(r"^(?:The|the)\s+", "", speaker)
            if len(speaker) >= 3:
                return speaker[:300]
    return ""


def classify(sentence: str, quantities: list[ParsedQuantity], speaker: str = "") -> str:
    counts = [q for q in quantities if q.kind not in {"year", "date", "time"}]
    # A share ("47 percent", "two-thirds", "one in nine") is worked out from
    # two counts: a derived figure, checked like a mean or a rate.
    if counts and (
        _STATISTIC.search(sentence) or any(q.kind == "percent" for q in counts) or shares(sentence)
    ):
        return "statistic"
    if speaker and (not counts or _QUOTE_MARK.search(sentence)):
        # "X said 22 missiles were fired" is first a number to check; the
        # speaker is kept either way.
        return "quote"
    if _COMPARISON.search(sentence):
        return "comparison"
    if _CAUSAL.search(sentence):
        return "causal"
    if counts:
        return "quantity"
    if quantities or _EVENT_VERB.search(sentence):
        return "event"
    if _PAST_TENSE.search(sentence) and re.search(r"(?<!^)\b[A-Z][A-Za-z]", sentence):
        # Something that happened, to or by someone named.
        return "event"
    if _REPORTING.search(sentence) and re.search(r"[“\"]", sentence):
        return "quote"
    return "other"


_ARABIC_REPORTING = re.compile(r"(?:قال|أكد|أعلن|كشف|صرح|أوضح|أشار|ذكر|نقل|وفق|بحسب)")
_ARABIC_OPINION = re.compile(r"(?:يا\s|!|؟|…|الله)")


def score_sentence(sentence: str, language: str = "en") -> float:
    """Check-worthiness in 0–1: verifiable facts up, opinion and rhetoric down."""
    if len(sentence.split()) < 4:
        return round(min(checkworthiness.score(sentence), 0.2), 3)
    if language == "ar" or (not language and re.search(r"[\u0600-\u06ff]", sentence[:40])):
        # The trained model reads English; Arabic gets the language-neutral signals.
        value = 0.3
        if re.search(r"[\d٠-٩]", sentence):
            value += 0.25
        if _ARABIC_REPORTING.search(sentence):
            value += 0.2
        if _ARABIC_OPINION.search(sentence):
            value -= 0.25
        return round(max(0.0, min(1.0, value)), 3)
    return round(checkworthiness.score(sentence), 3)


def analyse(text: str, language: str = "en") -> list[ExtractedClaim]:
    """Every sentence of the text, scored and typed (for promotion by a reviewer)."""
    results: list[ExtractedClaim] = []
    previous: Sentence | None = None
    for sentence in split_sentences(text, language):
        offset = sentence.start
        quantities = [
            replace(q, start=q.start + offset, end=q.end + offset)
            for q in parse_quantities(sentence.text)
        ]
        speaker = find_speaker(sentence.text)
        claim = ExtractedClaim(
            text=sentence.text,
            start=sentence.start,
            end=sentence.end,
            kind=classify(sentence.text, quantities, speaker),
            checkworthiness=score_sentence(sentence.text, language),
            speaker=speaker,
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
