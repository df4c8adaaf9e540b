"""Numbers stated in a sentence, parsed into value or range, unit and qualifier.

Pure functions over text; offsets are relative to the text passed in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD_NUMBERS = {
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
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
}
_QUALIFIERS = {
    "at least": "at_least",
    "more than": "at_least",
    "over": "at_least",
    "at most": "at_most",
    "less than": "at_most",
    "fewer than": "at_most",
    "up to": "at_most",
    "about": "about",
    "around": "about",
    "approximately": "about",
    "nearly": "about",
    "almost": "about",
    "some": "about",
    "roughly": "about",
}
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORD = "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True))
_QUALIFIER = "|".join(sorted(_QUALIFIERS, key=len, reverse=True))
_QUANTITY = re.compile(
    rf"(?:(?P<qualifier>{_QUALIFIER})\s+)?"
    rf"(?P<low>{_NUMBER}|\b(?:{_WORD})\b)"
    rf"(?:\s*(?:to|-|–|and)\s*(?P<high>{_NUMBER}))?"
    r"(?:\s*(?P<unit>%|percent\b|per cent\b|km2|km|m\b|kilometers?\b|kilometres?\b|"
    r"meters?\b|metres?\b|miles?\b|[A-Za-z][A-Za-z-]{2,}))?",
    re.IGNORECASE,
)
_STOP_UNITS = {"and", "the", "of", "to", "in", "on", "at", "a", "an", "or", "for", "with", "by"}


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


def _value(token: str) -> float:
    token = token.lower()
    if token in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[token])
    return float(token.replace(",", ""))


def parse_quantities(text: str) -> list[ParsedQuantity]:
    found: list[ParsedQuantity] = []
    for match in _QUANTITY.finditer(text):
        low = _value(match.group("low"))
        high = _value(match.group("high")) if match.group("high") else low
        if high < low:
            low, high = high, low
        unit = (match.group("unit") or "").lower()
        end = match.end()
        if unit in _STOP_UNITS:
            end = match.start("unit")
            unit = ""
            while end > match.start() and text[end - 1].isspace():
                end -= 1
        qualifier_text = (match.group("qualifier") or "").lower()
        qualifier = _QUALIFIERS.get(qualifier_text, "exactly")
        if match.group("high"):
            qualifier = "range"
        kind = "number"
        if unit in {"%", "percent", "per cent"}:
            kind, unit = "percent", "percent"
        elif not unit and 1900 <= low <= 2100 and low == high and "." not in match.group("low"):
            kind = "year"
        found.append(
            ParsedQuantity(
                text=text[match.start() : end],
                start=match.start(),
                end=end,
                low=low,
                high=high,
                unit=unit,
                qualifier=qualifier,
                kind=kind,
            )
        )
    return found
