"""Numbers stated in a sentence, parsed into value or range, unit and qualifier.

Pure functions over text; offsets are relative to the text passed in.

What is parsed: counts ("15 to 16 missiles", "nine separate missile impact
strikes", "(120) operations commanders"), measures ("approximately 425 km",
"3,990 m", "63 km2"), percentages and fractions ("80 percent", "80%",
"two-thirds"), money ("$2.5 billion"), vague amounts ("dozens", "tens of
thousands") as ranges, durations ("30-hour flight"), years, full dates
("January 3, 2020", "the 8th of January 2020") and times of day ("00:52 am").

What is not: ordinals ("the 2nd"), identifiers ("nr. 1", "Site 3", "B-52",
"COVID-19"), phone-like digit strings and list numbering ("1. The …").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from claims.wordgate import Gated

_UNITS_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS_WORDS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    # South Asian scales: "12 lakh rupees" is 1.2 million.
    "lakh": 100_000,
    "lakhs": 100_000,
    "crore": 10_000_000,
    "crores": 10_000_000,
}
_FRACTIONS = {
    "half": 1 / 2,
    "one-half": 1 / 2,
    "one-third": 1 / 3,
    "two-thirds": 2 / 3,
    "one-quarter": 1 / 4,
    "three-quarters": 3 / 4,
    "one-fourth": 1 / 4,
    "three-fourths": 3 / 4,
}
# Vague amounts as the range a reader would accept for them.
_VAGUE = {
    "dozens": (24, 99),
    "scores": (40, 99),
    "tens": (20, 99),
    "hundreds": (200, 999),
    "thousands": (2_000, 9_999),
    "millions": (2_000_000, 9_999_999),
    "billions": (2_000_000_000, 9_999_999_999),
}
_QUALIFIERS = [
    # Before "more than" and "fewer than", which end them: "no fewer than 27"
    # is at least 27.
    ("no fewer than", "at_least"),
    ("no less than", "at_least"),
    ("not less than", "at_least"),
    ("no more than", "at_most"),
    ("not more than", "at_most"),
    ("at least", "at_least"),
    ("more than", "at_least"),
    ("over", "at_least"),
    ("in excess of", "at_least"),
    ("upwards of", "at_least"),
    ("at most", "at_most"),
    ("less than", "at_most"),
    ("fewer than", "at_most"),
    ("up to", "at_most"),
    ("as many as", "at_most"),
    ("under", "at_most"),
    ("approximately", "about"),
    ("approx.", "about"),
    ("approx", "about"),
    ("about", "about"),
    ("around", "about"),
    ("nearly", "about"),
    ("almost", "about"),
    ("roughly", "about"),
    ("some", "about"),
    ("an estimated", "about"),
    ("estimated", "about"),
    ("circa", "about"),
    ("close to", "about"),
]
_MEASURE_UNITS = {
    "km2": "km2",
    "km²": "km2",
    "sq km": "km2",
    "square kilometres": "km2",
    "square kilometers": "km2",
    "m2": "m2",
    "km": "km",
    "kilometers": "km",
    "kilometres": "km",
    "kilometer": "km",
    "kilometre": "km",
    "m": "m",
    "meters": "m",
    "metres": "m",
    "meter": "m",
    "metre": "m",
    "cm": "cm",
    "mm": "mm",
    "miles": "miles",
    "mile": "miles",
    "feet": "feet",
    "ft": "feet",
    "kg": "kg",
    "kilograms": "kg",
    "tons": "tons",
    "ton": "tons",
    "tonnes": "tons",
    "tonne": "tons",
    "mph": "mph",
    "km/h": "km/h",
}
_DURATION_UNITS = {
    "seconds": "seconds",
    "second": "seconds",
    "minutes": "minutes",
    "minute": "minutes",
    "hours": "hours",
    "hour": "hours",
    "days": "days",
    "day": "days",
    "weeks": "weeks",
    "week": "weeks",
    "months": "months",
    "month": "months",
    "years": "years",
    "year": "years",
    "decades": "decades",
    "decade": "decades",
}
_PERCENT_UNITS = {"%", "percent", "per cent", "pct"}
_CURRENCY_PREFIX = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP"}
_CURRENCY_WORDS = {
    "dollars": "USD",
    "dollar": "USD",
    "usd": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "pounds": "GBP",
    "rials": "IRR",
    "riyals": "SAR",
    "rupees": "INR",
    "pence": "GBX",
}
# Words that name what is counted never look like these.
_NOT_UNIT = {
    "a",
    "an",
    "the",
    "and",
    "or",
    "of",
    "to",
    "in",
    "on",
    "at",
    "by",
    "for",
    "with",
    "from",
    "into",
    "than",
    "that",
    "this",
    "these",
    "those",
    "which",
    "who",
    "was",
    "were",
    "is",
    "are",
    "be",
    "been",
    "has",
    "have",
    "had",
    "will",
    "would",
    "could",
    "can",
    "may",
    "might",
    "should",
    "not",
    "as",
    "per",
    "times",
    "more",
    "less",
    "other",
    "others",
    "each",
    "apart",
    "away",
    "next",
    "like",
    "after",
    "before",
    "since",
    "until",
    "ago",
    "later",
    "earlier",
    "so",
    "it",
    "its",
    "their",
    "his",
    "her",
    "we",
    "they",
    "he",
    "she",
    "you",
    "i",
    "also",
    "only",
    "still",
    "then",
    "there",
    "here",
    "about",
    "over",
    "under",
}
_IDENTIFIER_BEFORE = re.compile(
    r"(?:\b(?:nr|no|num|number|numbers|site|sites|strike|strikes|impact|figure|fig|table|"
    r"page|part|chapter|section|article|resolution|episode|room|flight|route|road|highway|"
    r"version|level|grade|class|phase|step|item|point|rule|paragraph|line|channel|"
    r"platform|gate|bus|unit|model)\.?|#)\s*$",
    re.IGNORECASE,
)
# An aircraft's model ("Boeing 737-800", "737 MAX 8") is a name, not a range.
_AIRCRAFT_MAKER_BEFORE = re.compile(
    r"\b(?:(?i:boeing|airbus|embraer|bombardier|tupolev|antonov|ilyushin|sukhoi)|MAX|MiG)\s*$"
)


_SCALE_ABBREVIATIONS = {
    "k": 1_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "bn": 1_000_000_000,
    "tn": 1_000_000_000_000,
}


def _scale_value(scale: str) -> int:
    """ "thousand" is 1,000 and "hundred thousand" 100,000; "bn" a billion."""
    value = 1
    for word in scale.lower().split():
        value *= _SCALES.get(word) or _SCALE_ABBREVIATIONS[word]
    return value


# Every word that writes a number or a scale of one.
NUMBER_WORDS = frozenset([*_UNITS_WORDS, *TENS_WORDS, *_SCALES])
_NUMBER_WORD = (
    r"(?:(?:" + "|".join(TENS_WORDS) + r")(?:-(?:" + "|".join(list(_UNITS_WORDS)[1:10]) + r"))?"
    r"|" + "|".join(sorted(_UNITS_WORDS, key=len, reverse=True)) + r")"
)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# "one in six", "one out of every four", "82 out of 176": a share of a whole.
_SHARE = re.compile(
    r"\b(?P<part>one|\d+)\s+(?:in|out\s+of)\s+(?:every\s+)?"
    rf"(?P<whole>\d+|(?:a\s+)?hundred|thousand|{_NUMBER_WORD})\b",
    re.IGNORECASE,
)
# "1.3bn" and "1.3 billion"; after a currency also "£3.5m" and "$40k" (else
# "5m" is five metres).
_SCALE_WORDS = (
    r"(?:hundred\s+)?(?:thousand|million|billion|trillion)|hundred|lakhs?|crores?|bn|mn|tn"
)
_SCALE = rf"(?:(?:\s+|\s?(?=(?:bn|mn|tn)\b))(?P<scale>{_SCALE_WORDS})\b)?"
# Without a currency, "m" is a million only before what is counted in
# millions ("24m hectares"): "the 100m final" is metres.
_COUNTED_IN_MILLIONS = (
    r"(?=\s+(?:hectares|acres|barrels|tonnes|tons|people|users|voters|viewers|subscribers"
    r"|passengers|visitors|doses|jobs|homes|households|residents|shares|customers)\b)"
)
_MONEY_SCALE = (
    rf"(?:(?:\s+|-(?=(?:{_SCALE_WORDS})-)|\s?(?=(?:bn|mn|tn|m|k)\b))"
    rf"(?P<scale>{_SCALE_WORDS}|(?(currency)(?:m|k)|m{_COUNTED_IN_MILLIONS}))\b)?"
)
# "three hundred and four": the rest after a hundred, in words.
_AFTER_HUNDRED = re.compile(rf"^\s+(?:and\s+)?(?P<rest>{_NUMBER_WORD})\b", re.IGNORECASE)
_NUMBER = re.compile(
    rf"(?P<currency>US\$|\$|€|£)?\s?(?P<value>{_DIGITS}|\b{_NUMBER_WORD}\b){_MONEY_SCALE}",
    re.IGNORECASE,
)
_RANGE = re.compile(
    rf"^\s*(?:to|-|–|—|or)\s*(?:US\$|\$|€|£)?(?P<high>{_DIGITS}|\b{_NUMBER_WORD}\b){_SCALE}",
    re.IGNORECASE,
)
_RANGE_UNIT_REPEATED = re.compile(rf"^\s*(?:to|-|–|—)\s*(?P<high>{_DIGITS})(?!\d)")
_BETWEEN = re.compile(
    rf"^\s*and\s+(?:US\$|\$|€|£)?(?P<high>{_DIGITS}|\b{_NUMBER_WORD}\b){_SCALE}",
    re.IGNORECASE,
)
_FRACTION = re.compile(
    r"\b(?P<value>" + "|".join(sorted(_FRACTIONS, key=len, reverse=True)) + r")\b", re.I
)
_VAGUE_RE = re.compile(
    r"\b(?P<value>dozens|scores|tens|hundreds|thousands|millions|billions)"
    r"(?:\s+of\s+(?P<scale>thousands|millions|billions))?\b",
    re.IGNORECASE,
)
# "about a dozen rockets", "two dozen people": a count, unlike "dozens".
_DOZENS = {
    "half a": 6,
    "a half": 6,
    "half": 6,
    "a": 12,
    "one": 12,
    "two": 24,
    "three": 36,
    "four": 48,
    "five": 60,
}
# "A single missile" is one missile, and says so against "two missiles".
_SINGLE_RE = re.compile(r"\b(?:a|one)\s+single\b", re.IGNORECASE)
_DOZEN_RE = re.compile(
    r"\b(?P<count>half[\s-]+a|a\s+half|half|a|one|two|three|four|five)[\s-]+dozen\b",
    re.IGNORECASE,
)
# "knocked him down twice" / "three times": a count of times, like "three times".
_TIMES_IN_ONE_WORD = {"twice": 2, "thrice": 3}
_TIMES_RE = re.compile(r"\b(?:twice|thrice)\b", re.IGNORECASE)
# A temperature after its number: "1.6C", "1.5 °C", "45 degrees Celsius";
# a bare letter only written close and upper-case, so "25 F-35 jets" is none.
_TEMPERATURE_UNIT = re.compile(
    r"\s?°\s?(?P<degree>[CFcf])\b|(?P<letter>[CF])(?![\w-])"
    r"|\s+degrees?\s+(?P<scale>(?i:celsius|centigrade|fahrenheit))\b"
)
# Month names and abbreviations, shared by the parsers of dates in articles
# (sources.parsing) and in claim pairs (claims.matching).
MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_ORD = r"(?:st|nd|rd|th)?"
_DATES = [
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}}){_ORD},?\s+(?P<year>\d{{4}})\b", re.I),
    re.compile(
        rf"\b(?:the\s+)?(?P<day>\d{{1,2}}){_ORD}(?:\s+of)?\s+{_MONTH},?\s+(?P<year>\d{{4}})\b", re.I
    ),
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
]
# A day of a month without the year ("on January 5"): a date, its year unknown.
_PARTIAL_DATES = [
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}}){_ORD}\b(?!\s*,?\s*\d{{4}})(?![\d:])", re.I),
    re.compile(
        rf"\b(?:the\s+)?(?P<day>\d{{1,2}}){_ORD}(?:\s+of)?\s+{_MONTH}\b(?!,?\s*\d{{4}})", re.I
    ),
]
_TIME = re.compile(
    r"\b(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d)\s*(?P<ampm>[ap]\.m\.|[ap]m\b)?(?![\d.:]*\d)"
    r"|\b(?P<hour2>1[0-2]|0?[1-9])\s*(?P<ampm2>[ap]\.m\.|am\b|pm\b)",
    re.IGNORECASE,
)
# A race or flight time on a clock ("2:01:09", "1:59:40.2") and the same
# written out ("2 hours, 1 minute and 39 seconds"): one duration each, in
# seconds, so that the two ways of writing it compare.
# Minutes and seconds alone ("3:49.11") only with hundredths: "5:17" may be
# a time of day.
_CLOCK_DURATION = re.compile(
    r"(?<![\d:.])(?:(?P<hours>\d{1,2}):(?P<minutes>[0-5]\d):(?P<seconds>[0-5]\d(?:\.\d+)?)"
    r"|(?P<minutes2>\d{1,2}):(?P<seconds2>[0-5]\d\.\d+))(?![\d:])"
)
_SPELLED_DURATION = re.compile(
    rf"\b(?:(?P<hours>\d{{1,3}}|{_NUMBER_WORD})\s+hours?,?\s+(?:and\s+)?)?"
    rf"(?P<minutes>\d{{1,2}}|{_NUMBER_WORD})\s+minutes?"
    rf"(?:,?\s+(?:and\s+)?(?P<seconds>\d{{1,2}}(?:\.\d+)?|{_NUMBER_WORD})\s+seconds?)?\b",
    re.IGNORECASE,
)
_PHONE = re.compile(
    r"(?:\+\d{1,3}[\s-]?)?(?:\(\d{2,4}\)[\s-]?)?\d{2,4}(?:[\s-]\d{2,4}){2,}|\d{3}-\d{4}"
)
_LIST_NUMBER = re.compile(r"(?:^|\n)\s*\(?\d{1,2}[.)]\s+(?=\S)")


@dataclass(frozen=True)
class ParsedQuantity:
    text: str
    start: int
    end: int
    low: float | None
    high: float | None
    unit: str = ""
    qualifier: str = "exactly"
    kind: str = "number"
    date_value: date | None = None


def _word_value(token: str) -> float | None:
    token = token.lower()
    if token in _UNITS_WORDS:
        return float(_UNITS_WORDS[token])
    if token in TENS_WORDS:
        return float(TENS_WORDS[token])
    if "-" in token:
        tens, _, units = token.partition("-")
        if tens in TENS_WORDS and units in _UNITS_WORDS:
            return float(TENS_WORDS[tens] + _UNITS_WORDS[units])
    return None


def shares(text: str) -> list[tuple[int, int, float]]:
    """(start, end, percent) of every share the text states as "N in M"."""
    found = []
    for match in _SHARE.finditer(text):
        part_text = match.group("part").lower()
        whole_text = " ".join(match.group("whole").lower().split()).removeprefix("a ")
        part = 1.0 if part_text == "one" else float(part_text)
        whole = float(whole_text) if whole_text.isdigit() else _SCALES.get(whole_text)
        whole = whole if whole is not None else _word_value(whole_text)
        if whole and whole >= 2 and 0 < part <= whole:
            found.append((match.start(), match.end(), round(100 * part / whole, 2)))
    return found


def token_value(token: str) -> float | None:
    """A number written in digits ("1,200", "7.5") or in a word ("twelve")."""
    word = _word_value(token)
    if word is not None:
        return word
    try:
        return float(token.replace(",", ""))
    except ValueError:
        return None


class _Taken(list[tuple[int, int]]):
    """Spans already claimed, with a per-character mask so an overlap test costs
    the length of the span, not the number of spans (a long run of numbers
    without a full stop would otherwise be quadratic)."""

    def __init__(self, length: int, spans: list[tuple[int, int]]) -> None:
        super().__init__()
        self.mask = bytearray(length + 1)
        self.extend(spans)

    def append(self, span: tuple[int, int]) -> None:
        super().append(span)
        start, end = span
        self.mask[start:end] = b"\x01" * max(0, end - start)

    def extend(self, spans) -> None:  # type: ignore[no-untyped-def,override]
        for span in spans:
            self.append(span)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    if isinstance(spans, _Taken):
        return end > start and 1 in spans.mask[start:end]
    return any(start < other_end and other_start < end for other_start, other_end in spans)


@lru_cache(maxsize=1)
def _qualifier_patterns() -> list[tuple[re.Pattern[str], str, str]]:
    # Compiled once: looking them up in re's cache per number dominated the
    # time on text with many numbers.
    return [
        (re.compile(rf"(?:^|[\s(]){re.escape(phrase)}\s*$"), phrase, qualifier)
        for phrase, qualifier in _QUALIFIERS
    ]


def _qualifier_before(text: str, start: int) -> tuple[str, int]:
    before = text[max(0, start - 20) : start].lower()
    if not before.strip():
        return "", start
    for pattern, phrase, qualifier in _qualifier_patterns():
        if pattern.search(before):
            if phrase == "over" and _PHRASAL_OVER.search(before):
                continue  # "handed over 1.31 million cars": a verb's "over"
            return qualifier, start - len(before) + before.rfind(phrase)
    return "", start


_PHRASAL_OVER = re.compile(
    r"\b(?:hand|hands|handed|handing|turn|turns|turned|turning|took|take|takes|taken|taking|"
    r"sign|signs|signed|signing|pass|passes|passed|passing|win|wins|won|winning|"
    r"spread|spreads|spreading|stretched|spanning)\s+over\s*$"
)


PLURALS_WITHOUT_S = frozenset(
    [
        "people",
        "men",
        "women",
        "children",
        "police",
        "personnel",
        "staff",
        "crew",
        "militia",
        "cattle",
    ]
)


# "191.5p a litre", "shares fell 12p": pence, written onto the number.
_PENCE = re.compile(r"p(?![\w²])")
_FORCE = re.compile(r"\b(?:g-)?(?:force|impact|acceleration|deceleration)s?\b", re.IGNORECASE)
_GRAMS = re.compile(r"\s?g(?![\w²])")
_G_FORCE = re.compile(r"G(?![\w²])")


def _grams_or_g_force(text: str, end: int) -> re.Match[str] | None:
    """The unit after a number: "500g", "a force of 67g" or "67G" (grams or
    g-force, a unit either way); not "5G" alone, a network."""
    match = _GRAMS.match(text, end)
    if match is None and _FORCE.search(text, max(0, end - 40), end):
        match = _G_FORCE.match(text, end)
    return match


def _unit_after(text: str, end: int) -> tuple[str, str, int]:
    """(kind, unit, new end) for what follows a number."""
    rest = text[end : end + 60]
    lowered = rest.lower()
    for symbol in ("%", " %"):
        if lowered.startswith(symbol):
            return "percent", "percent", end + len(symbol)
    match = re.match(r"\s?-?\s?(percent|per cent|pct)\b", lowered)
    if match:
        return "percent", "percent", end + match.end()
    match = _TEMPERATURE_UNIT.match(rest)
    if match:
        scale = match.group("degree") or match.group("letter") or match.group("scale")
        return "measure", "°" + scale[0].upper(), end + match.end()
    match = _grams_or_g_force(text, end)
    if match:
        return "measure", "g", match.end()
    match = _PENCE.match(text, end)
    if match:
        return "money", "GBX", match.end()
    match = re.match(
        r"(?:\s|-)?(km2|km²|sq km|square kilomet(?:re|er)s|m2|km/h|kilomet(?:re|er)s?|"
        r"met(?:re|er)s?|km|cm|mm|m|miles?|feet|ft|kg|kilograms|tons?|tonnes?|mph)(?![\w²])",
        lowered,
    )
    if match:
        return "measure", _MEASURE_UNITS[match.group(1)], end + match.end()
    match = re.match(
        r"(?:\s|-)(seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)\b", lowered
    )
    if match:
        return "duration", _DURATION_UNITS[match.group(1)], end + match.end()
    match = re.match(r"[\s-](dollars?|usd|euros?|pounds|pence|rials|riyals|rupees)\b", lowered)
    if match:
        return "money", _CURRENCY_WORDS[match.group(1)], end + match.end()
    # A counted noun: the head of the short noun phrase after the number
    # ("nine separate missile impact strikes" → strikes).
    words = list(re.finditer(r"\s*(?:-\s*)?([A-Za-z][A-Za-z-]*)", rest))
    head = ""
    head_end = end
    position = 0
    for word in words[:4]:
        if word.start() != position:
            break
        token = word.group(1)
        lower = token.lower()
        if (
            lower in _NOT_UNIT
            or token[0].isupper()
            or (lower.endswith(("ed", "ing")) and head)
            or lower.endswith("ly")
        ):
            break
        head, head_end = lower, end + word.end()
        position = word.end()
        if lower in PLURALS_WITHOUT_S:
            break  # "176 people aboard": the people are counted, not "aboard"
        if lower.endswith("s") and not lower.endswith("ss"):
            following = words[words.index(word) + 1] if word is not words[-1] else None
            if not (
                following is not None
                and following.start() == position
                and following.group(1).islower()
                and following.group(1).endswith("s")
                and following.group(1) not in _NOT_UNIT
            ):
                break  # a plural noun ends the phrase ("operations commanders" goes on)
    if head:
        return "number", head, head_end
    return "number", "", end


def _is_identifier(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 12) : start]
    after = text[end : end + 2]
    if start > 0 and (text[start - 1].isalpha() or text[start - 1] in "_/"):
        return True
    if start > 1 and text[start - 1] == "-" and text[start - 2].isalnum():
        return True  # B-52, COVID-19, MQ-9
    if re.match(r"(?:st|nd|rd|th)\b", text[end : end + 3], re.IGNORECASE):
        return True  # ordinals: the 2nd, 8th
    if (
        after[:1].isalpha()
        and not re.match(
            r"(?:km|m\b|cm|mm|kg|ft|mph|am|pm|bn\b|mn\b|tn\b)", text[end : end + 3], re.IGNORECASE
        )
        # "$40k", "£3.5m": a scale after a currency
        and not (re.match(r"[mk]\b", text[end : end + 2]) and re.search(r"[$€£]\s?$", before))
        and not _TEMPERATURE_UNIT.match(text, end)
        and not _grams_or_g_force(text, end)
        and not _PENCE.match(text, end)
    ):
        return True  # A320-like codes: 9mm passes above, 5G does not
    if _AIRCRAFT_MAKER_BEFORE.search(before):
        return True
    if after[:1] in {"-", "/"} and text[end + 1 : end + 2].isdigit():
        return False
    # The pattern is anchored at the end: start it near the end (its longest
    # word fits in 12 characters) instead of at every character of the text.
    near = max(0, len(before.rstrip()) - 12)
    return bool(_IDENTIFIER_BEFORE.search(before, near))


def _parse_dates(text: str) -> list[ParsedQuantity]:
    found: list[ParsedQuantity] = []
    taken = _Taken(len(text), [])
    for pattern in _DATES:
        for match in pattern.finditer(text):
            if _overlaps(taken, match.start(), match.end()):
                continue
            month_text = match.group("month").lower().rstrip(".")
            month = int(month_text) if month_text.isdigit() else MONTHS[month_text]
            try:
                value = date(int(match.group("year")), month, int(match.group("day")))
            except ValueError:
                continue
            taken.append((match.start(), match.end()))
            found.append(
                ParsedQuantity(
                    text=match.group(0),
                    start=match.start(),
                    end=match.end(),
                    low=None,
                    high=None,
                    kind="date",
                    date_value=value,
                )
            )
    for pattern in _PARTIAL_DATES:
        for match in pattern.finditer(text):
            if _overlaps(taken, match.start(), match.end()):
                continue
            if (
                match.group("month").lower().rstrip(".") == "may"
                and not match.group(0)[0].isupper()
            ):
                continue  # "may 5" is a verb and a number more often than a date
            if not 1 <= int(match.group("day")) <= 31:
                continue
            taken.append((match.start(), match.end()))
            found.append(
                ParsedQuantity(
                    text=match.group(0),
                    start=match.start(),
                    end=match.end(),
                    low=None,
                    high=None,
                    kind="date",
                )
            )
    return found


def _parse_clock_durations(text: str) -> list[ParsedQuantity]:
    found: list[ParsedQuantity] = []
    for match in _CLOCK_DURATION.finditer(text):
        found.append(_duration_in_seconds(match))
    for match in _SPELLED_DURATION.finditer(text):
        # "45 minutes" alone is a duration in minutes, parsed with the others.
        if match.group("hours") or match.group("seconds"):
            found.append(_duration_in_seconds(match))
    return found


def _duration_in_seconds(match: re.Match[str]) -> ParsedQuantity:
    parts = match.groupdict()

    def part(*names: str) -> float:
        written = next((parts[name] for name in names if parts.get(name)), None)
        return (token_value(written) or 0.0) if written else 0.0

    seconds = part("hours") * 3600 + part("minutes", "minutes2") * 60 + part("seconds", "seconds2")
    return ParsedQuantity(
        text=match.group(0),
        start=match.start(),
        end=match.end(),
        low=seconds,
        high=seconds,
        unit="seconds",
        kind="duration",
    )


def _parse_times(text: str, taken: list[tuple[int, int]]) -> list[ParsedQuantity]:
    found: list[ParsedQuantity] = []
    for match in _TIME.finditer(text):
        if _overlaps(taken, match.start(), match.end()):
            continue
        hour = int(match.group("hour") or match.group("hour2"))
        minute = int(match.group("minute") or 0)
        ampm = (match.group("ampm") or match.group("ampm2") or "").lower().replace(".", "")
        if match.group("minute") and not ampm and text[match.start("minute") - 1] == ".":
            continue  # 4.55 is a decimal, not a time, unless am/pm follows
        if ampm == "pm" and hour < 12:
            hour += 12
        if ampm == "am" and hour == 12:
            hour = 0
        value = round(hour + minute / 60, 4)
        found.append(
            ParsedQuantity(
                text=match.group(0).rstrip(),
                start=match.start(),
                end=match.start() + len(match.group(0).rstrip()),
                low=value,
                high=value,
                unit="h",
                kind="time",
            )
        )
    return found


_ANY_NUMBER = re.compile(
    r"\d|\b(?:" + _NUMBER_WORD + r"|dozens|scores|tens|hundreds|thousands|millions|billions|"
    r"half|third|thirds|quarter|quarters|fourths?|dozen)\b",
    re.IGNORECASE,
)


_HAS_DIGIT = re.compile(r"\d")
_NUMBER_WORDS_ONLY = Gated(re.compile(_ANY_NUMBER.pattern.removeprefix("\\d|"), re.IGNORECASE))


def _bounded(low: float, high: float | None, qualifier: str) -> tuple[float | None, float | None]:
    """A bound keeps only its side: "at least 12" has no upper end, "fewer
    than 27" no lower one."""
    if qualifier == "at_least":
        return low, None
    if qualifier == "at_most":
        return None, low
    return low, high


def parse_quantities(text: str) -> list[ParsedQuantity]:
    if not (
        _HAS_DIGIT.search(text)
        or _NUMBER_WORDS_ONLY.search(text)
        or _SINGLE_RE.search(text)
        or _TIMES_RE.search(text)
    ):
        return []
    found = _parse_dates(text)
    taken = _Taken(len(text), [(q.start, q.end) for q in found])
    for match in _PHONE.finditer(text):
        if sum(ch.isdigit() for ch in match.group(0)) >= 7 or "-" in match.group(0):
            digits_only = re.fullmatch(r"[\d\s+()-]+", match.group(0))
            pair = re.fullmatch(r"(\d{1,4})\s*[-–]\s*(\d{1,4})", match.group(0))
            is_range = pair is not None and int(pair.group(1)) < int(pair.group(2))
            if digits_only and not is_range:
                taken.append((match.start(), match.end()))
    for match in _LIST_NUMBER.finditer(text):
        taken.append((match.start(), match.end()))
    durations = [q for q in _parse_clock_durations(text) if not _overlaps(taken, q.start, q.end)]
    found.extend(durations)
    taken.extend((q.start, q.end) for q in durations)
    times = _parse_times(text, taken)
    found.extend(times)
    taken.extend((q.start, q.end) for q in times)

    for match in _FRACTION.finditer(text):
        if _overlaps(taken, match.start(), match.end()):
            continue
        value = round(_FRACTIONS[match.group("value").lower()] * 100, 2)
        if match.group("value").lower() == "half" and not re.match(
            r"\s+(?:of|the)\b", text[match.end() :]
        ):
            continue
        found.append(
            ParsedQuantity(
                text=match.group(0),
                start=match.start(),
                end=match.end(),
                low=value,
                high=value,
                unit="percent",
                kind="percent",
            )
        )
        taken.append((match.start(), match.end()))

    for match in _VAGUE_RE.finditer(text):
        if _overlaps(taken, match.start(), match.end()):
            continue
        if re.search(r"\d\s*$", text[: match.start()]) or re.search(
            rf"\b{_NUMBER_WORD}\s*$", text[: match.start()], re.IGNORECASE
        ):
            continue  # "5 thousands" is a count, parsed below
        low, high = _VAGUE[match.group("value").lower()]
        if match.group("scale"):
            factor = _VAGUE[match.group("scale").lower()][0] // 2
            low, high = low * factor, high * factor * 10 + (factor * 10 - 1)
        end = match.end()
        kind, unit, unit_end = _unit_after(text, end)
        if not unit:
            of = re.match(r"\s+of\s+", text[end:])
            if of:
                kind, unit, unit_end = _unit_after(text, end + of.end() - 1)
        if unit:
            end = unit_end
        found.append(
            ParsedQuantity(
                text=text[match.start() : end],
                start=match.start(),
                end=end,
                low=float(low),
                high=float(high),
                unit=unit,
                qualifier="vague",
                kind=kind if kind != "number" else "number",
            )
        )
        taken.append((match.start(), end))

    for match in _SINGLE_RE.finditer(text):
        if _overlaps(taken, match.start(), match.end()):
            continue
        kind, unit, end = _unit_after(text, match.end())
        found.append(
            ParsedQuantity(
                text=text[match.start() : end],
                start=match.start(),
                end=end,
                low=1.0,
                high=1.0,
                unit=unit,
                kind=kind,
            )
        )
        taken.append((match.start(), end))

    for match in _DOZEN_RE.finditer(text):
        if _overlaps(taken, match.start(), match.end()):
            continue
        value = float(_DOZENS[" ".join(match.group("count").lower().replace("-", " ").split())])
        qualifier, start = _qualifier_before(text, match.start())
        kind, unit, end = _unit_after(text, match.end())
        low, high = _bounded(value, value, qualifier)
        found.append(
            ParsedQuantity(
                text=text[start:end],
                start=start,
                end=end,
                low=low,
                high=high,
                unit=unit,
                qualifier=qualifier or "exactly",
                kind=kind,
            )
        )
        taken.append((start, end))

    for match in _TIMES_RE.finditer(text):
        if _overlaps(taken, match.start(), match.end()):
            continue
        value = float(_TIMES_IN_ONE_WORD[match.group(0).lower()])
        qualifier, start = _qualifier_before(text, match.start())
        low, high = _bounded(value, value, qualifier)
        found.append(
            ParsedQuantity(
                text=text[start : match.end()],
                start=start,
                end=match.end(),
                low=low,
                high=high,
                unit="times",
                qualifier=qualifier or "exactly",
            )
        )
        taken.append((start, match.end()))

    for match in _NUMBER.finditer(text):
        start = match.start("currency") if match.group("currency") else match.start("value")
        if _overlaps(taken, match.start("value"), match.end("value")):
            continue
        token = match.group("value")
        if _is_identifier(text, match.start("value"), match.end("value")):
            continue
        low = token_value(token)
        if low is None:
            continue
        if token.lower() == "one" and re.match(
            r"\s+(?:of|another|day|by|side)\b", text[match.end() :]
        ):
            continue
        scale = match.group("scale")
        end = match.end()
        if scale:
            low *= _scale_value(scale)
            rest = _AFTER_HUNDRED.match(text[end:]) if scale.lower() == "hundred" else None
            if rest is not None and low < 1000:
                low += token_value(rest.group("rest")) or 0.0
                end += rest.end()
        high: float | None = low
        qualifier = "exactly"
        range_match = _RANGE.match(text[end:])
        before_text = text[max(0, start - 9) : start].lower()
        if range_match is None and before_text.rstrip().endswith("between"):
            range_match = _BETWEEN.match(text[end:])
        if range_match:
            high_value = token_value(range_match.group("high"))
            if high_value is not None:
                if range_match.group("scale"):
                    high_value *= _scale_value(range_match.group("scale"))
                    if not scale:
                        low *= _scale_value(range_match.group("scale"))
                elif scale:
                    high_value *= _scale_value(scale)
                if high_value >= low:
                    high = high_value
                    qualifier = "range"
                    end += range_match.end()
        qualifier_found, qualifier_start = _qualifier_before(text, start)
        if qualifier_found and qualifier == "exactly":
            qualifier = qualifier_found
            start = qualifier_start
        kind, unit, unit_end = _unit_after(text, end)
        if match.group("currency"):
            kind, unit = "money", _CURRENCY_PREFIX[match.group("currency").lower()]
            unit_end = end
        digits = token.replace(",", "")
        if (
            kind in {"number"}
            and digits.isdigit()
            and len(digits) == 4
            and 1800 <= low <= 2100
            and qualifier in {"exactly", "range"}
            and not scale
            and "," not in token
        ):
            kind, unit, unit_end = "year", "", end
        if unit:
            end = unit_end
            # "from 21 km to 34 km": the unit written after both ends.
            repeated = _RANGE_UNIT_REPEATED.match(text[end:])
            if qualifier == "exactly" and repeated:
                high_value = token_value(repeated.group("high"))
                after = end + repeated.end()
                kind2, unit2, unit_end2 = _unit_after(text, after)
                if high_value is not None and high_value >= low and (kind2, unit2) == (kind, unit):
                    high, qualifier, end = high_value, "range", unit_end2
        low, high = _bounded(low, high, qualifier)
        # "(120) operations commanders": the bracket belongs to the number.
        if (
            text[start - 1 : start] == "("
            and text[match.end("value") : match.end("value") + 1] == ")"
        ):
            kind2, unit2, unit_end2 = _unit_after(text, match.end("value") + 1)
            if unit2 and kind2 == "number":
                unit, end = unit2, unit_end2
            start -= 1
        found.append(
            ParsedQuantity(
                text=text[start:end],
                start=start,
                end=end,
                low=low,
                high=high,
                unit=unit,
                qualifier=qualifier,
                kind=kind,
            )
        )
        taken.append((start, end))
    found.sort(key=lambda q: q.start)
    return found
