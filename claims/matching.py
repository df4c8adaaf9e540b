"""Near-duplicate and conflicting claims: normalisation, name aliases, rapidfuzz
scores, conflicts on numbers, dates and places, clusters, and a candidate index
that keeps the cost of matching a new claim sub-linear in the corpus.

Pure: dataclasses and plain values in and out, no ORM. `claims.services.matching`
turns the results into rows.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property, lru_cache
from typing import Any, NamedTuple

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from claims import embedding, synonyms
from claims.quantities import (
    MONTHS,
    NUMBER_WORDS,
    PLURALS_WITHOUT_S,
    TENS_WORDS,
    ParsedQuantity,
    parse_quantities,
    shares,
    token_value,
)

# --------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------

_PUNCTUATION_STYLES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u200b": "",
        "\u200e": "",
        "\u200f": "",
    }
)


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_POSSESSIVE = re.compile(r"'s\b", re.IGNORECASE)
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
# "A.J. Hinch" / "AJ Hinch", "N.J." / "NJ": a desk's style, one name. "U.S."
# stays two letters, which `_one_name_for_the_united_states` reads as "US".
_DOTTED_INITIALS = re.compile(r"\b[A-Z]\.(?:[A-Z]\.)+(?![A-Za-z])")
# A token is a run of letters/digits, keeping a decimal point between digits.
_TOKEN = re.compile(r"\d+(?:\.\d+)?|[^\W\d_]+|\d+", re.UNICODE)
_NUMBER_TOKEN = re.compile(r"^\d+(?:\.\d+)?$")
# Marks that only change how a letter is written: accents, ʿayn/hamza signs.
_DROPPED_CATEGORIES = {"Mn", "Lm", "Sk", "Cf"}


def _joined_initials(match: re.Match[str]) -> str:
    letters = "".join(ch for ch in match.group(0) if ch.isalpha())
    return match.group(0) if letters == "US" else letters + " "


def _fold_characters(text: str) -> str:
    """Quote and dash styles, markdown and HTML residue, URLs and diacritics
    removed; case kept (names are told apart by their capital letters)."""
    text = text.translate(_PUNCTUATION_STYLES)
    text = _MARKDOWN_LINK.sub(r"\1", text)
    text = _URL.sub(" ", text)
    text = _HTML_TAG.sub(" ", text)
    text = _POSSESSIVE.sub("", text)
    text = text.replace("'", "")
    text = _THOUSANDS.sub("", text)
    text = _DOTTED_INITIALS.sub(_joined_initials, text)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) not in _DROPPED_CATEGORIES)


@dataclass(frozen=True)
class Token:
    text: str  # folded, lower case, alias applied
    capitalised: bool
    start: int  # offset in the folded text, for reading the original words back


class AliasFolder:
    """Applies name aliases (variant → canonical) to token sequences. Variants
    and canonicals are folded like the text, so "al-Muhandes" and "al muhandes"
    are the same entry; multi-word variants are replaced longest first."""

    def __init__(self, aliases: Mapping[str, str] | None = None) -> None:
        self._map: dict[tuple[str, ...], tuple[str, ...]] = {}
        for variant, canonical in (aliases or {}).items():
            key = tuple(_plain_tokens(variant))
            value = tuple(_plain_tokens(canonical))
            if key and value and key != value:
                self._map[key] = value
        self._resolve_chains()
        self._longest = max((len(key) for key in self._map), default=0)
        self.firsts = frozenset(key[0] for key in self._map)

    def _resolve_chains(self) -> None:
        # Sulaimani → Suleimani → Soleimani folds straight to Soleimani; a cycle stops.
        for key in list(self._map):
            seen = {key}
            value = self._map[key]
            while value in self._map and value not in seen:
                seen.add(value)
                value = self._map[value]
            self._map[key] = value

    def __bool__(self) -> bool:
        return bool(self._map)

    def fold_words(self, words: list[str]) -> list[str]:
        if not self._map:
            return words
        return [t.text for t in self.fold([Token(w, False, 0) for w in words])]

    def fold(self, tokens: list[Token]) -> list[Token]:
        if not self._map:
            return tokens
        out: list[Token] = []
        i = 0
        n = len(tokens)
        while i < n:
            if tokens[i].text in self.firsts:
                for size in range(min(self._longest, n - i), 0, -1):
                    key = tuple(t.text for t in tokens[i : i + size])
                    value = self._map.get(key)
                    if value is not None:
                        head = tokens[i]
                        out.extend(Token(word, head.capitalised, head.start) for word in value)
                        i += size
                        break
                else:
                    out.append(tokens[i])
                    i += 1
            else:
                out.append(tokens[i])
                i += 1
        return out


def _plain_tokens(text: str) -> list[str]:
    return [match.group(0).casefold() for match in _TOKEN.finditer(_fold_characters(text))]


# A wire dateline ("BAGHDAD (Reuters) -", "OTTAWA —") says where the copy was
# filed, not what happened: a reprint with or without it is the same claim.
_DATELINE = re.compile(
    # A word of two letters only before another ("LE MANS"): "UN:" and "EU -"
    # open claims.
    r"^\s*(?:[A-Z][A-Z'./-]{2,}|[A-Z]{2}(?=\s+[A-Z][A-Z'./-]{2,}))"
    r"(?:\s+[A-Z][A-Z'./-]{1,}){0,3}"
    # ", South Korea", ", British Columbia", ", June 6"
    r"(?:,\s*[A-Z][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*){0,2}(?:\s+\d{1,2})?)?"
    r"\s*(?:\([^()\n]{1,40}\))?\s*(?:—|–|--|-|:)\s+(?=\S)"
)


# An embedded tweet's signature ("— Facts Zone (@facts_zone) April 8, 2016")
# says who posted it and when, not what it claims.
_TWEET_SIGNATURE = re.compile(
    r"(?<=\S)[ \t]*(?:—|–|--|-)[ \t]*[^—–()\n]{1,80}\(@\w{1,15}\)[ \t]*"
    r"[A-Z][a-z]+\.? \d{1,2}, \d{4}\s*$"
)


def without_furniture(text: str) -> str:
    """The claim without a wire dateline or a tweet's signature."""
    return _TWEET_SIGNATURE.sub("", _DATELINE.sub("", text, count=1), count=1)


# Titles a desk writes either way: "CEO Mark Zuckerberg" / "Chief Executive
# Mark Zuckerberg".
_TITLE_ABBREVIATIONS = {
    "ceo": ("chief", "executive"),
    "cfo": ("chief", "financial", "officer"),
    "coo": ("chief", "operating", "officer"),
}


def tokenize(text: str, aliases: AliasFolder | None = None) -> list[Token]:
    folded = _fold_characters(without_furniture(text))
    tokens: list[Token] = []
    for match in _TOKEN.finditer(folded):
        word = match.group(0).casefold()
        capitalised = match.group(0)[0].isupper()
        for part in _TITLE_ABBREVIATIONS.get(word, (word,)):
            tokens.append(Token(part, capitalised, match.start()))
    return aliases.fold(tokens) if aliases else tokens


def normalize(text: str, aliases: AliasFolder | Mapping[str, str] | None = None) -> str:
    """The text compared by the scorers: case, punctuation, quote and dash
    styles, diacritics and markdown residue folded, name variants replaced by
    their canonical spelling."""
    folder = aliases if isinstance(aliases, AliasFolder) else AliasFolder(aliases)
    words = [word.casefold() for word in _TOKEN.findall(_fold_characters(without_furniture(text)))]
    if folder and not folder.firsts.isdisjoint(words):
        words = folder.fold_words(words)
    return " ".join(words)


# Numbers written out ("Eighty-two Iranians", "fifty-two targets") are masked
# like digits; "one" is left alone, being a pronoun as often as a number.
_NUMBER_WORDS = (NUMBER_WORDS - {"zero", "one"}) | {"dozen", "dozens"}


def mask_numbers(normalized: str) -> str:
    """Numbers replaced by one placeholder, so that the text score of "15
    missiles" and "22 missiles" says whether the wording agrees; the numbers
    themselves are compared as quantities."""
    masked: list[str] = []
    for word in normalized.split():
        if _NUMBER_TOKEN.match(word) or word in _NUMBER_WORDS:
            # "eighty two", "one hundred", "82": one placeholder each.
            if not masked or masked[-1] != "#":
                masked.append("#")
        else:
            masked.append(word)
    return " ".join(masked)


# --------------------------------------------------------------------------
# Name aliases learned from the corpus
# --------------------------------------------------------------------------

_VOWELS = set("aeiouy")
_NEIGHBOUR_STOPWORDS = _word_set(
    "the a an of and or to in on at by for with from that this is was were be been "
    "it its as has have had he she they his her their said says"
)


def _skeleton(word: str) -> str:
    """Consonant skeleton of a transliterated name: Soleimani, Sulaimani and
    Suleimani share "slmn"; Qaani and Ghaani share "qn"; Ayn and Ain share "_n"."""
    w = word.casefold()
    for source, target in (("gh", "q"), ("kh", "k"), ("ph", "f"), ("ck", "k"), ("k", "q")):
        w = w.replace(source, target)
    head = "_" if w[:1] in _VOWELS else ""
    consonants = [ch for ch in w if ch not in _VOWELS]
    collapsed = [ch for i, ch in enumerate(consonants) if i == 0 or ch != consonants[i - 1]]
    return head + "".join(collapsed)


@dataclass(frozen=True)
class AliasSuggestion:
    variant: str
    canonical: str
    variant_count: int
    canonical_count: int
    shared_neighbours: tuple[str, ...]


def learn_aliases(
    texts: Iterable[str], known: Mapping[str, str] | None = None, max_edits: int = 2
) -> list[AliasSuggestion]:
    """Spelling variants of names in a corpus: capitalised words with the same
    consonant skeleton, within `max_edits` edits (one for words of four letters
    or fewer), that share neighbouring words (two neighbours for very short
    names). The more frequent spelling is the canonical one. Variants already
    in `known` (including ones an editor switched off) are not suggested again."""
    counts: Counter[str] = Counter()
    lower_counts: Counter[str] = Counter()
    neighbours: dict[str, set[str]] = defaultdict(set)
    for text in texts:
        tokens = tokenize(text)
        for i, token in enumerate(tokens):
            word = token.text
            if not token.capitalised:
                lower_counts[word] += 1
                continue
            if len(word) < 3 or not word.isalpha() or word in _NEIGHBOUR_STOPWORDS:
                continue
            counts[word] += 1
            context = neighbours[word]
            for j in range(max(0, i - 2), min(len(tokens), i + 3)):
                other = tokens[j].text
                if j != i and other not in _NEIGHBOUR_STOPWORDS and not other.isdigit():
                    context.add(other)
    known_variants = {" ".join(_plain_tokens(v)) for v in (known or {})}
    groups: dict[str, list[str]] = defaultdict(list)
    for word in counts:
        # A name is written with a capital nearly always ("They" is not a name).
        if lower_counts[word] * 4 <= counts[word]:
            groups[_skeleton(word)].append(word)
    suggestions: list[AliasSuggestion] = []
    for skeleton, words in sorted(groups.items()):
        if len(words) < 2:
            continue
        ranked = sorted(words, key=lambda w: (-counts[w], w))
        for i, variant in enumerate(ranked):
            if variant in known_variants:
                continue
            for canonical in ranked[:i]:
                allowed = 1 if min(len(variant), len(canonical)) <= 4 else max_edits
                if Levenshtein.distance(variant, canonical) > allowed:
                    continue
                # Iraq/Iraqi, Baqer/Baqeri: a suffix makes another word, not a spelling.
                if variant.startswith(canonical) or canonical.startswith(variant):
                    continue
                shared = (neighbours[variant] & neighbours[canonical]) - {variant, canonical}
                needed = 2 if len(skeleton.strip("_")) < 2 else 1
                if len(shared) < needed:
                    continue
                suggestions.append(
                    AliasSuggestion(
                        variant=variant,
                        canonical=canonical,
                        variant_count=counts[variant],
                        canonical_count=counts[canonical],
                        shared_neighbours=tuple(sorted(shared)[:5]),
                    )
                )
                break
    return suggestions


# --------------------------------------------------------------------------
# Facts compared between two claims: numbers, dates, years, places
# --------------------------------------------------------------------------

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY_FIRST = re.compile(
    r"\b(?:the\s+)?(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?"
    + _MONTH
    + r"(?:,?\s+(?P<year>(?:19|20)\d\d))?\b",
    re.IGNORECASE,
)
_MONTH_FIRST = re.compile(
    r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>(?:19|20)\d\d))?",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(r"\b" + _MONTH + r",?\s+(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE)
# "in October": a month alone, capitalised (not the verb "may").
# Days news copy names instead of a date ("on New Year's Day" / "on
# December 31"): fixed ones only.
_HOLIDAYS = {
    "new year's day": (1, 1),
    "new year's eve": (12, 31),
    "christmas day": (12, 25),
    "christmas eve": (12, 24),
    "boxing day": (12, 26),
    "valentine's day": (2, 14),
    "halloween": (10, 31),
}
_HOLIDAY = re.compile(
    r"\b(?:new\s+year['’]s\s+(?:day|eve)|christmas\s+(?:day|eve)|boxing\s+day"
    r"|valentine['’]s\s+day|halloween)\b",
    re.IGNORECASE,
)
_IN_MONTH = re.compile(
    r"\b(?:in|during|since|until|by)\s+(?P<month>"
    + "|".join(m.capitalize() for m in sorted(MONTHS, key=len, reverse=True) if len(m) > 3)
    + r")\b(?![.,]?\s*\d)"
)
# Years before 1900 only after a word that dates ("founded in 1850"): else
# "1850" is as likely a count.
_YEAR = re.compile(
    r"(?<![\d.,])(?:19|20)\d\d(?![\d.,]\d)"
    # The digits first: the lookbehinds are tried only where a year may stand.
    r"|(?=1[5-8]\d\d)(?:(?<=\bin )|(?<=\bof )|(?<=\bby )|(?<=\bsince )|(?<=\bfrom )|(?<=\buntil ))"
    r"1[5-8]\d\d(?![\d.,]\d)",
    re.IGNORECASE,
)
# "an hour behind schedule", "a day after the strike": one of the unit.
_ONE_UNIT = re.compile(r"\b(?:an?|one)\s+(hour|day|week|month|year|minute|decade)\b", re.IGNORECASE)
_FRACTIONS = {
    "half": 50.0,
    "one half": 50.0,
    "a third": 100 / 3,
    "one third": 100 / 3,
    "two thirds": 200 / 3,
    "a quarter": 25.0,
    "one quarter": 25.0,
    "three quarters": 75.0,
    "a fifth": 20.0,
    "one fifth": 20.0,
    "two fifths": 40.0,
    "three fifths": 60.0,
    "a tenth": 10.0,
    "one tenth": 10.0,
}
# "A third" before a word other than "of" is an ordinal ("a third
# consecutive season", "a third term"), "a quarter" before one a span ("a
# quarter century"); "half a dozen" is six.
_FRACTION = re.compile(
    r"\b(?:one[- ]half|half(?![\s-]+(?:a[\s-]+)?dozen)"
    r"|(?:(?:a|one)[- ](?:third|quarter|fifth|tenth)(?!-)"
    r"(?!\s+(?!(?:of|more|less|fewer|among|in|from|since|over|during|compared|last|this|on)\b)[a-z]))"
    r"|two[- ]thirds|three[- ]quarters|(?:two|three)[- ]fifths)\b",
    re.IGNORECASE,
)
# "halved": down by half, to compare with "fell by 80 percent".
_HALVED = re.compile(r"\bhalv(?:ed|es|ing)\b", re.IGNORECASE)
# "the fifth and final step" against "the fourth step": a rank of the thing named.
_ORDINAL_VALUES = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}
_ORDINAL = re.compile(
    # "twenty-third": the tens before a rank in words.
    r"\b(?:(?P<tens>" + "|".join(TENS_WORDS) + r")[\s-])?"
    r"(?P<rank>" + "|".join(_ORDINAL_VALUES) + r"|\d+(?:st|nd|rd|th))"
    r"[\s-]+(?:(?:and|or)\s+[a-z]+\s+)?(?P<noun>[a-z]{3,})\b",
    re.IGNORECASE,
)
_RANK = "rank of "
# "major No. 22", "world No. 1": the rank after the sign, of the word before.
_NUMBER_SIGN = re.compile(r"\b(?P<noun>[a-z]{3,})\s+(?:No\.|no\.)\s?(?P<rank>\d{1,3})\b")
# The one of a series a number names: "game 13" is the 13th game.
_NUMBERED = re.compile(
    r"\b(?P<noun>game|round|stage|lap|hole|leg|episode)\s+"
    r"(?P<rank>\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b"
    r"(?![.,:]\d)",
    re.IGNORECASE,
)
# "won 4-2", "voted 5-4": a score or a tally, the larger side first (a range
# such as "16-18" goes up).
_SCORE = re.compile(r"(?<![\d.,:/-])(\d{1,3})[-–](\d{1,3})(?!\d|[.,:/]\d|-)")
# "no Americans were harmed": a count of zero, to compare with "two Americans".
# A share of a percentage point in words: "half a point", "a quarter of a
# percentage point", "a full percentage point". ("A point" alone is no value.)
_POINT_AMOUNTS = {
    "half": 0.5,
    "a half": 0.5,
    "quarter": 0.25,
    "a quarter": 0.25,
    "three quarters": 0.75,
    "three-quarters": 0.75,
    "a full": 1.0,
    "one full": 1.0,
    "one": 1.0,
    "a": 1.0,
}
_POINTS_IN_WORDS = re.compile(
    r"\b(?P<amount>half|a half|a quarter|quarter|three[- ]quarters|a full|one full|one|a)"
    r"(?:\s+|-)(?:of\s+)?(?:an?\s+)?(?:full\s+)?(?P<percentage>percentage\s+)?points?\b",
    re.IGNORECASE,
)
PERCENTAGE_POINTS = "percentage point"
# "22 and a half years": the half belongs to the years.
# "4 and a half years", "22 1/2 years", "four-and-a-half-year", "a year and a half".
_AND_A_HALF = re.compile(
    r"\b(?:(?P<whole>\d{1,3}|[a-z]+(?:-[a-z]+)?)(?:[\s-]+and[\s-]+a[\s-]+half|\s?½|\s1/2)[\s-]+"
    r"(?P<unit>years?|months?|weeks?|days?|hours?)"
    r"|(?:an?|one)\s+(?P<unit1>year|month|week|day|hour)\s+and\s+a\s+half)\b",
    re.IGNORECASE,
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b", re.IGNORECASE)
# "magnitude 7.2", "a 7.0-magnitude quake", "magnitude-6.8"; a quake that
# "measured 7.0" or "registered 7.3" (one decimal, under ten).
_MAGNITUDE = re.compile(
    r"\bmagnitude(?:[\s-]+of)?[\s-]+(?P<after>\d{1,2}(?:\.\d)?)(?![\d.])"
    r"|\b(?:measur|register)(?:ed|ing)\s+(?:a\s+)?(?:magnitude\s+)?(?P<reading>\d\.\d)(?![\d.])"
    r"|(?<![\d.])(?P<before>\d{1,2}(?:\.\d)?)(?:\s+in)?[\s-]+magnitude\b",
    re.IGNORECASE,
)
# A vote's tally in words: "voted five to four", "ruled 6 to 3".
_TALLY_IN_WORDS = re.compile(
    r"\b(?:voted|ruled|decided|split)\s+(?P<first>\w+)\s+to\s+(?P<second>\w+)\b", re.IGNORECASE
)
_NONE_OF = re.compile(r"\b[Nn]o\s+([A-Za-z]+(?<!s)s)\b(?!\s+(?:longer|more)\b)")
_UNIT_SYNONYMS = {
    "%": "percent",
    "per cent": "percent",
    "pct": "percent",
    "kilometer": "km",
    "kilometre": "km",
    "kms": "km",
    "meter": "m",
    "metre": "m",
    "mile": "mile",
    "people": "person",
    "persons": "person",
    "men": "man",
    "children": "child",
    # One outlet's troops are another's soldiers ("soldiers" loses its s first).
    "soldier": "troop",
    "servicemen": "troop",
    "serviceman": "troop",
    "car": "vehicle",
    "ballot": "vote",
    "bpd": "barrel",
    # A golfer wins by two strokes or by two shots.
    "shot": "stroke",
}
_PLACE_PREPOSITIONS = _word_set("in at near from to into on over across outside inside")
# "of" makes a place only after a direction ("west of Baghdad"); "the killing
# of Soleimani" names a person.
_DIRECTIONS = _word_set(
    "north south east west northeast northwest southeast southwest outskirts centre center"
)
# Nouns that make the name before them a place: "the Erbil base", "Khuzestan province".
_PLACE_NOUNS = _word_set(
    "base airbase airport city town village province governorate district region "
    "county camp port border capital"
)
# Capitalised words that are titles, days or particles, not names.
_NOT_NAMES = _word_set(
    "general gen lt lieutenant major brigadier commander president prime minister mr mrs ms dr "
    "sayyed sayed hajj haj martyr shahid sardar sheikh imam ayatollah chief deputy head "
    "monday tuesday wednesday thursday friday saturday sunday al el abu bin ibn the us u s"
)
MAX_NAME_WORDS = 4
_QUANTITY_KINDS = {"number", "percent", "money", "measure", "duration"}


@dataclass(frozen=True)
class Fact:
    """A value a claim states: a quantity with its unit, a date, a year, a
    time of day (`low` in minutes after midnight)."""

    kind: str  # quantity | date | year | time | score | weekday
    key: str  # the unit (or the word before a unit-less number), "date", "year", "time"
    low: float
    high: float
    text: str
    # (year or 0, month, day) for dates
    day: tuple[int, int, int] | None = None
    # "more than", "about"...: two claims with the same qualifier state the same
    # kind of bound, so "more than 4 percent" and "more than 10 percent" differ.
    qualifier: str = ""
    value: float = math.nan
    # A number of things ("170 lawmakers"), not a measure, a share or money.
    count: bool = False


def _unit_key(unit: str) -> str:
    unit = unit.casefold().strip()
    unit = _UNIT_SYNONYMS.get(unit, unit)
    if len(unit) > 3 and unit.endswith("s") and not unit.endswith("ss"):
        unit = unit[:-1]
    return _UNIT_SYNONYMS.get(unit, unit)


def _overlaps(span: tuple[int, int], spans: Sequence[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)


def extract_facts(text: str, quantities: Sequence[ParsedQuantity] | None = None) -> list[Fact]:
    """Dates, years and quantities of a claim. `quantities` are the claim's parsed
    quantities (offsets relative to `text`); parsed here when not given."""
    facts: list[Fact] = []
    taken: list[tuple[int, int]] = []
    for pattern in (_DAY_FIRST, _MONTH_FIRST):
        for match in pattern.finditer(text):
            span = (match.start(), match.end())
            if _overlaps(span, taken):
                continue
            day = int(match.group("day"))
            if not 1 <= day <= 31:
                continue
            month = MONTHS[match.group("month").casefold()]
            year = int(match.group("year")) if match.group("year") else 0
            taken.append(span)
            facts.append(
                Fact("date", "date", day, day, match.group(0).strip(), day=(year, month, day))
            )
    for match in _HOLIDAY.finditer(text):
        span = (match.start(), match.end())
        if _overlaps(span, taken):
            continue
        taken.append(span)
        month, day = _HOLIDAYS[" ".join(match.group(0).casefold().replace("’", "'").split())]
        facts.append(Fact("date", "date", day, day, match.group(0), day=(0, month, day)))
    for match in _MONTH_YEAR.finditer(text):
        # "in November 2019": a month of a year, day unknown (0).
        span = (match.start(), match.end())
        if _overlaps(span, taken):
            continue
        taken.append(span)
        month = MONTHS[match.group("month").casefold()]
        year = int(match.group("year"))
        facts.append(Fact("date", "date", 0, 0, match.group(0).strip(), day=(year, month, 0)))
    for match in _IN_MONTH.finditer(text):
        span = (match.start("month"), match.end("month"))
        if _overlaps(span, taken):
            continue
        taken.append(span)
        month = MONTHS[match.group("month").casefold()]
        facts.append(Fact("date", "date", 0, 0, match.group(0), day=(0, month, 0)))
    # Every match holds one of these; the pattern tries every word else.
    halves = "half" in text.lower() or "½" in text or "1/2" in text
    for match in _AND_A_HALF.finditer(text) if halves else ():
        whole = token_value(match.group("whole")) if match.group("whole") else 1.0
        if whole is None:
            continue
        taken.append((match.start(), match.end()))
        value = whole + 0.5
        unit = _unit_key(match.group("unit") or match.group("unit1"))
        facts.append(
            Fact("quantity", unit, value, value, match.group(0), qualifier="exactly", value=value)
        )
    parsed = parse_quantities(text) if quantities is None else quantities
    # "two hours, one minute and nine seconds" is one time, in seconds.
    race_times = [(q.start, q.end) for q in parsed if q.kind == "duration" and q.unit == "seconds"]
    for match in _ONE_UNIT.finditer(text):
        span = (match.start(), match.end())
        if _overlaps(span, taken) or _overlaps(span, race_times):
            continue
        taken.append((match.start(), match.end()))
        facts.append(
            Fact(
                "quantity",
                _unit_key(match.group(1)),
                1.0,
                1.0,
                match.group(0),
                qualifier="exactly",
                value=1.0,
            )
        )
    for match in _YEAR.finditer(text):
        span = (match.start(), match.end())
        if _overlaps(span, taken):
            continue
        taken.append(span)
        value = float(match.group(0))
        facts.append(Fact("year", "year", value, value, match.group(0)))
    for match in _POINTS_IN_WORDS.finditer(text):
        amount = match.group("amount").casefold().replace("-", " ")
        if amount in {"a", "one", "a full", "one full"} and not match.group("percentage"):
            continue
        value = _POINT_AMOUNTS[amount]
        taken.append((match.start(), match.end()))
        facts.append(
            Fact(
                "quantity",
                PERCENTAGE_POINTS,
                value,
                value,
                match.group(0),
                qualifier="exactly",
                value=value,
            )
        )
    # Each day of the week once: the days the claim says things happened.
    for weekday in dict.fromkeys(m.group(1).casefold() for m in _WEEKDAY.finditer(text)):
        number = float(_WEEKDAYS.index(weekday))
        facts.append(Fact("weekday", "weekday", number, number, weekday.capitalize()))
    for match in _FRACTION.finditer(text):
        span = (match.start(), match.end())
        if _overlaps(span, taken):
            continue  # "three-quarters of a percentage point" is an amount of points
        taken.append(span)
        value = _FRACTIONS[match.group(0).casefold().replace("-", " ")]
        facts.append(
            Fact("quantity", "percent", value, value, match.group(0), qualifier="fraction")
        )
    for match in _SCORE.finditer(text):
        first, second = int(match.group(1)), int(match.group(2))
        if first >= second:
            taken.append((match.start(), match.end()))
            facts.append(Fact("score", "score", first, second, match.group(0)))
    for match in _TALLY_IN_WORDS.finditer(text):
        first, second = _small_number(match.group("first")), _small_number(match.group("second"))
        if first is not None and second is not None and first >= second:
            taken.append((match.start("first"), match.end("second")))
            facts.append(Fact("score", "score", first, second, match.group(0)))
    for match in _MAGNITUDE.finditer(text):
        taken.append((match.start(), match.end()))
        value = float(match.group("after") or match.group("reading") or match.group("before"))
        facts.append(
            Fact(
                "quantity",
                "magnitude",
                value,
                value,
                match.group(0),
                qualifier="exactly",
                value=value,
            )
        )
    for match in _HALVED.finditer(text):
        taken.append((match.start(), match.end()))
        facts.append(Fact("quantity", "percent", 50.0, 50.0, match.group(0), qualifier="fraction"))
    for match in _ORDINAL.finditer(text):
        span = (match.start(), match.end())
        if _overlaps(span, taken):
            continue
        taken.append((match.start(), match.end("rank")))
        rank_text = match.group("rank").casefold()
        rank = float(_ORDINAL_VALUES.get(rank_text) or int(rank_text[:-2]))
        if match.group("tens") and rank_text in _ORDINAL_VALUES:
            rank += TENS_WORDS[match.group("tens").casefold()]
        key = _RANK + _unit_key(match.group("noun"))
        facts.append(Fact("quantity", key, rank, rank, match.group(0), value=rank))
    for match in [*_NUMBERED.finditer(text), *_NUMBER_SIGN.finditer(text)]:
        span = (match.start(), match.end())
        if _overlaps(span, taken) or match.group("noun") in INDEX_STOPWORDS:
            continue
        taken.append(span)
        rank = token_value(match.group("rank")) or 0.0
        key = _RANK + _unit_key(match.group("noun").casefold())
        facts.append(Fact("quantity", key, rank, rank, match.group(0), value=rank))
    for start, end, share in shares(text):
        # "one in six" against "36 percent": a share, rounded like a fraction.
        if _overlaps((start, end), taken):
            continue
        taken.append((start, end))
        facts.append(
            Fact("quantity", "percent", share, share, text[start:end], qualifier="fraction")
        )
    for match in _NONE_OF.finditer(text):
        span = (match.start(), match.end())
        if _overlaps(span, taken):
            continue
        taken.append(span)
        facts.append(
            Fact("quantity", _unit_key(match.group(1)), 0.0, 0.0, match.group(0), value=0.0)
        )
    for quantity in parsed:
        if quantity.low is None and quantity.qualifier == "at_most" and quantity.high is not None:
            # "fewer than 27", "no more than 5 people": a bound from above.
            quantity = replace(quantity, low=quantity.high)
        if quantity.low is None or quantity.kind not in _QUANTITY_KINDS | {"time"}:
            continue
        if _overlaps((quantity.start, quantity.end), taken):
            continue
        if quantity.kind == "time":
            facts.append(_time_fact(quantity))
            continue
        unit = _unit_key(quantity.unit)
        if unit in MONTHS:
            continue
        if quantity.kind == "number":
            unit = _counted_noun(text, quantity) or unit
        if not unit:
            before = _plain_tokens(text[max(0, quantity.start - 40) : quantity.start])
            unit = "#" + (before[-1] if before else "")
        if quantity.kind == "percent":
            unit = "percent"
        low = value = quantity.low
        high = quantity.high if quantity.high is not None else low
        written = quantity.text.casefold().replace("-", " ")
        if "basis point" in written or "percentage point" in written:
            # 50 basis points are half a percentage point.
            share = 100.0 if "basis" in written else 1.0
            unit, low, high, value = PERCENTAGE_POINTS, low / share, high / share, value / share
        if quantity.qualifier == "at_least":
            high = math.inf
        elif quantity.qualifier == "at_most":
            low = -math.inf if low > 0 else low
        elif quantity.qualifier == "about" and low == high and _significant_digits(low) > 1:
            # "about 74 million" is written to two figures: nearer than
            # "about 70 million" would be.
            low, high = low * (1 - ABOUT_PRECISE), high * (1 + ABOUT_PRECISE)
        elif quantity.qualifier in {"about", "vague"}:
            low, high = low * (1 - ABOUT_ROUND), high * (1 + ABOUT_ROUND)
        facts.append(
            Fact(
                "quantity",
                unit,
                low,
                high,
                quantity.text,
                qualifier=quantity.qualifier or "exactly",
                value=value,
                # "about 30 times the number" is a ratio, not a count.
                count=quantity.kind == "number" and unit != "time",
            )
        )
    return facts


# How far "about N" reaches: a tenth for a round number ("about 30", "some
# 6,000"), a twentieth for one written to more figures ("roughly 74 million").
ABOUT_ROUND = 0.1
ABOUT_PRECISE = 0.05


def _small_number(word: str) -> int | None:
    """A count from 0 to 99 written in digits or words, else None."""
    value = token_value(word)
    return int(value) if value is not None and value < 100 and value.is_integer() else None


def _significant_digits(value: float) -> int:
    mantissa = f"{abs(value):.6e}".split("e")[0].replace(".", "")
    return len(mantissa.rstrip("0")) or 1


def _time_fact(quantity: ParsedQuantity) -> Fact:
    """A clock time (parsed in hours) as minutes after midnight. "1:34" with
    no a.m. or p.m. may be either half of the day."""
    minutes = float(round((quantity.low or 0.0) * 60))
    hour = minutes // 60
    says_half = any(character.isalpha() for character in quantity.text)
    either_half = "" if says_half or hour == 0 or hour > 12 else "either_half"
    return Fact("time", "time", minutes, minutes, quantity.text, qualifier=either_half)


# Words that end a noun phrase after a number: verbs, prepositions, articles.
_PHRASE_ENDS = _word_set(
    "a an the of and or to in on at by for with from as into about over after before since "
    "is are was were be been has have had do does did will would can could may might who which "
    "that this these those were said says say than per each"
)


_CLAUSE_END = re.compile(r"[,;:.!?()\[\]—–]")
_PART_OF = re.compile(
    r"\s+of\s+(?:the|its|their)\s+(?:[\d,]+\s+)?(?:[a-z]+\s+)?(?P<noun>[a-z]+s)\b"
)


def _counted_noun(text: str, quantity: ParsedQuantity) -> str:
    """The head noun of what a bare number counts: the last lower-case word of
    the short noun phrase after it ("15 ballistic missiles" → missile, "5,200 US
    troops" → troop), so that an adjective or a name before the noun does not
    become the unit. Empty when no noun follows."""
    # "37 of the 150 seats", "eleven of the missiles": the part counts the whole's noun.
    part_of = _PART_OF.match(text, quantity.end)
    if part_of and not quantity.unit:
        return _unit_key(part_of.group("noun"))
    # A comma or a stop ends the phrase ("by one stroke, becoming …").
    after = _CLAUSE_END.split(text[quantity.end : quantity.end + 40], maxsplit=1)[0]
    words = _TOKEN.findall(text[quantity.start : quantity.end] + after)
    # Skip the number itself (digits or number words such as "three").
    number_words = len(_TOKEN.findall(text[quantity.start : quantity.end])) - (
        1 if quantity.unit else 0
    )
    head = ""
    people = ""  # "two Americans", "five Iranians": a capitalised plural counted
    for word in words[max(1, number_words) : max(1, number_words) + 4]:
        lower = word.casefold()
        if lower in _PHRASE_ENDS or word.isdigit():
            break
        if word[0].isupper():
            if lower.endswith("s") and len(lower) > 3:
                people = lower
            continue  # a name or an acronym before the noun: "US troops"
        if lower.endswith("ly"):
            break
        head = lower
        if lower in PLURALS_WITHOUT_S or (lower.endswith("s") and not lower.endswith("ss")):
            break  # a plural noun ends the phrase
    head = head or people
    return _unit_key(head) if head else ""


@dataclass(frozen=True)
class Difference:
    kind: str  # quantity | date | year | time | score | place | name | ...
    a: str
    b: str
    # Values of one measure close to each other ("69 days" / "70 days",
    # "January 3" / "January 2"): how outlets differ about one fact, where
    # values years or tenfold apart are more often other facts.
    near_miss: bool = False

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "a": self.a, "b": self.b}


_DECIMALS = re.compile(r"\d(?:[\d,]*)(?:\.(\d+))?")


def _decimals(fact: Fact) -> int | None:
    match = _DECIMALS.search(fact.text)
    if match is None:
        return None
    return len(match.group(1) or "")


def _rounded_alike(a: Fact, b: Fact) -> bool:
    """One value is the other rounded: "931" and "931.12", "6 percent" and "6.1%"."""
    if a.low != a.high or b.low != b.high:
        return False
    places_a, places_b = _decimals(a), _decimals(b)
    if places_a is None or places_b is None or places_a == places_b:
        return False
    coarse, fine = (a, b) if places_a < places_b else (b, a)
    places = min(places_a, places_b)
    # "4 percent" is not "3.75 percent" rounded: rounding moves a value little.
    close = abs(fine.low - coarse.low) <= ROUNDING_SHARE * abs(coarse.low)
    return close and abs(round(fine.low, places) - coarse.low) < 10**-places / 2 + 1e-9


ROUNDING_SHARE = 0.02


def _ranges_meet(a: Fact, b: Fact) -> bool:
    if _rounded_alike(a, b):
        return True
    # Percentages written as fractions ("two-thirds") are rounded by writers.
    slack = 1.0 if "fraction" in (a.qualifier, b.qualifier) else 1e-9
    if a.qualifier == b.qualifier and a.qualifier in {"at_least", "at_most", "about"}:
        # Both say "more than N" ("up to N", "about N"): the same bound, so N must agree.
        return abs(a.value - b.value) <= slack
    if a.qualifier == b.qualifier == "range":
        # Both state a range ("from 21 to 34 km" / "from 21 to 43 km"): the
        # same ends, not merely some overlap.
        return abs(a.low - b.low) <= slack and abs(a.high - b.high) <= slack
    for bound, span in ((a, b), (b, a)):
        # "between 20 and 30" / "more than 30": a bound at the far end of a
        # range meets it at one value only, and states another figure.
        if span.qualifier == "range" and span.low < span.high:
            if bound.qualifier == "at_least" and bound.low >= span.high - slack:
                return False
            if bound.qualifier == "at_most" and bound.high <= span.low + slack:
                return False
    return a.low <= b.high + slack and b.low <= a.high + slack


def _dates_agree(a: tuple[int, int, int], b: tuple[int, int, int]) -> bool:
    """(year, month, day), 0 where the claim does not say."""
    if a[1] != b[1]:
        return False
    return not (a[2] and b[2] and a[2] != b[2]) and not (a[0] and b[0] and a[0] != b[0])


def _disagreement(
    kind: str,
    left: Sequence[Fact],
    right: Sequence[Fact],
    agree: Callable[[Fact, Fact], bool],
    near: Callable[[Fact, Fact], bool] | None = None,
) -> Difference | None:
    """The values each side states that nothing on the other side agrees
    with, when both sides have such values."""
    lonely_left = [x for x in left if not any(agree(x, y) for y in right)]
    lonely_right = [y for y in right if not any(agree(x, y) for x in left)]
    if not lonely_left or not lonely_right:
        return None
    return Difference(
        kind,
        ", ".join(f.text for f in lonely_left),
        ", ".join(f.text for f in lonely_right),
        near_miss=near is not None and any(near(x, y) for x in lonely_left for y in lonely_right),
    )


NEAR_MISS_RATIO = 3.0
NEAR_MISS_DAYS = 31


def _quantities_near(a: Fact, b: Fact) -> bool:
    low, high = sorted((abs(a.value), abs(b.value)))
    return math.isfinite(high) and low > 0 and high <= NEAR_MISS_RATIO * low


def _dates_near(a: Fact, b: Fact) -> bool:
    (year_a, month_a, day_a), (year_b, month_b, day_b) = a.day, b.day  # type: ignore[misc]
    if year_a and year_b and year_a != year_b:
        return False
    year = year_a or year_b or 2000
    try:
        gap = date(year, month_a, day_a or 15) - date(year, month_b, day_b or 15)
    except ValueError:
        return False
    return abs(gap.days) <= NEAR_MISS_DAYS


def _times_agree(a: Fact, b: Fact) -> bool:
    gap = abs(a.low - b.low)
    return gap == 0 or (gap == 720 and "either_half" in (a.qualifier, b.qualifier))


def _the_only(facts: Sequence[Fact], wanted: Callable[[Fact], bool]) -> Fact | None:
    """The one quantity of a kind a claim states ("170 lawmakers", "the
    fifth step"), if it states just one value ("52 sites, one for each of
    the 52 hostages" states one)."""
    found = [f for f in facts if f.kind == "quantity" and wanted(f)]
    if not found or any((f.low, f.high) != (found[0].low, found[0].high) for f in found):
        return None
    return found[0]


def _stated(fact: Fact) -> bool:
    return fact.kind == "quantity" and not math.isnan(fact.value)


def _single_value(fact: Fact) -> bool:
    return fact.kind == "quantity" and fact.low == fact.high and math.isfinite(fact.value)


def _one_day_apart(a: Sequence[Fact], b: Sequence[Fact]) -> Difference | None:
    """ "collapsed early Tuesday" / "collapsed early Wednesday"; with more days
    than one, the one day each names that the other does not ("arrived on
    Sunday, buried on Tuesday" / "... on Monday"), however they are ordered."""
    if not a or len(a) != len(b):
        return None
    only_a = [f for f in a if all(f.low != g.low for g in b)]
    only_b = [f for f in b if all(f.low != g.low for g in a)]
    if len(only_a) != 1 or len(only_b) != 1:
        return None
    return Difference("weekday", only_a[0].text, only_b[0].text)


def compare_facts(a: Sequence[Fact], b: Sequence[Fact]) -> list[Difference]:
    """Values both claims state about the same thing that cannot both be true:
    quantities of one unit whose ranges do not meet, dates, times of day, and
    years that one claim states and the other contradicts with another year.
    Two claims that each count one thing count the same thing, whatever noun
    each puts to it ("170 lawmakers" / "130 members of parliament"): when
    their wording is close enough to compare them at all, a count that
    disagrees is the difference between them."""
    differences: list[Difference] = []
    by_key_a: dict[str, list[Fact]] = defaultdict(list)
    by_key_b: dict[str, list[Fact]] = defaultdict(list)
    # "injured more than 200" (the word before, "#injured") and "48 injured"
    # (the noun after) count the same thing.
    for fact in a:
        if fact.kind == "quantity":
            by_key_a[fact.key.removeprefix("#")].append(fact)
    for fact in b:
        if fact.kind == "quantity":
            by_key_b[fact.key.removeprefix("#")].append(fact)
    # A number the other claim also states, under another word ("411 of the
    # 650 seats" / "411 seats out of 650"), was put to the wrong noun here.
    # A fraction has no value of its own (NaN): it is never "also stated";
    # nor is a value both state under one noun ("2 pipelines" in each).
    stated_a = {(f.key, f.value) for f in a if _single_value(f)}
    stated_b = {(f.key, f.value) for f in b if _single_value(f)}
    values_a = {value for key, value in stated_a - stated_b}
    values_b = {value for key, value in stated_b - stated_a}
    for key in sorted(set(by_key_a) & set(by_key_b)):
        found = _disagreement(
            "quantity",
            [f for f in by_key_a[key] if not (f.low == f.high and f.value in values_b)],
            [f for f in by_key_b[key] if not (f.low == f.high and f.value in values_a)],
            _ranges_meet,
            _quantities_near,
        )
        if found:
            differences.append(found)
    rank_a = _the_only(a, lambda f: f.key.startswith(_RANK))
    rank_b = _the_only(b, lambda f: f.key.startswith(_RANK))
    if (
        rank_a is not None
        and rank_b is not None
        and rank_a.key != rank_b.key
        and rank_a.low != rank_b.low
    ):
        # "the 14th consecutive increase" / "for a 12th straight time".
        differences.append(Difference("quantity", rank_a.text, rank_b.text))
    score_difference = _disagreement(
        "score",
        [f for f in a if f.kind == "score"],
        [f for f in b if f.kind == "score"],
        lambda x, y: x.low == y.low and x.high == y.high,
    )
    if score_difference:
        differences.append(score_difference)
    if not differences:
        # Counts that both claims state ("312 electoral votes" in each) are
        # set aside: what is left on each side, if one count, is compared.
        # So is "more than 200" in each where one of them counts nothing
        # named ("injured more than 200" / "more than 200 were hurt").
        both = {f.value for f in a if _single_value(f)} & {f.value for f in b if _single_value(f)}
        unnamed = {f.value for f in [*a, *b] if _stated(f) and f.key.startswith("#")}
        both |= {f.value for f in a if _stated(f)} & {f.value for f in b if _stated(f)} & unnamed
        count_a = _the_only(a, lambda f: f.count and f.value not in both)
        count_b = _the_only(b, lambda f: f.count and f.value not in both)
        if (
            count_a is not None
            and count_b is not None
            and count_a.key.removeprefix("#") != count_b.key.removeprefix("#")
            and not _ranges_meet(count_a, count_b)
        ):
            differences.append(
                Difference(
                    "quantity",
                    count_a.text,
                    count_b.text,
                    near_miss=_quantities_near(count_a, count_b),
                )
            )
    times = _disagreement(
        "time",
        [f for f in a if f.kind == "time"],
        [f for f in b if f.kind == "time"],
        _times_agree,
        lambda x, y: True,
    )
    if times:
        differences.append(times)
    dates_a = [f for f in a if f.kind == "date" and f.day]
    dates_b = [f for f in b if f.kind == "date" and f.day]
    weekdays = _one_day_apart(
        [f for f in a if f.kind == "weekday"], [f for f in b if f.kind == "weekday"]
    )
    if weekdays:
        differences.append(weekdays)
    dates = _disagreement(
        "date",
        dates_a,
        dates_b,
        lambda x, y: _dates_agree(x.day, y.day),  # type: ignore[arg-type]
        _dates_near,
    )
    if dates:
        differences.append(dates)
    years_a = {f.low: f for f in a if f.kind == "year"} | {
        float(f.day[0]): f for f in dates_a if f.day and f.day[0]
    }
    years_b = {f.low: f for f in b if f.kind == "year"} | {
        float(f.day[0]): f for f in dates_b if f.day and f.day[0]
    }
    only_a = sorted(set(years_a) - set(years_b))
    only_b = sorted(set(years_b) - set(years_a))
    if only_a and only_b and not any(d.kind == "date" for d in differences):
        differences.append(
            Difference(
                "year",
                ", ".join(str(int(y)) for y in only_a),
                ", ".join(str(int(y)) for y in only_b),
            )
        )
    return differences


# Durations in one measure, so that "a decade" states the number "ten years" does.
_SECONDS_IN = {
    "second": 1,
    "minute": 60,
    "hour": 3600,
    "day": 86400,
    "week": 7 * 86400,
    "month": 30 * 86400,
    "year": 365 * 86400,
    "decade": 3650 * 86400,
}


class _Stated(NamedTuple):
    values: set[float]  # the values it may be written as
    fact: Fact


_A_SPAN = re.compile(r"(?:an?|one)\s", re.IGNORECASE)


def _stated_numbers(facts: Sequence[Fact]) -> list[_Stated]:
    """The numbers a claim states, whatever each counts, each with the values
    it may be written as: a bound's number ("more than 60"), a rank, each
    side of a score ("57-43" / "57 senators ... 43"), a share written as a
    fraction, a duration also in seconds ("a decade" / "ten years", yet
    "a 61-year-old" / "61"). A lone "one", "a" or zero is left out: it is
    more often an article than a count; but not before a unit of time."""
    numbers: list[_Stated] = []
    for fact in facts:
        if fact.kind == "score":
            numbers.extend(_Stated({side}, fact) for side in (fact.low, fact.high) if side > 1)
            continue
        if fact.kind != "quantity" or fact.qualifier == "vague":
            continue
        if fact.qualifier == "fraction":
            # "a quarter" of a point is 0.25 of it, of a whole 25 percent.
            numbers.append(_Stated({fact.low, fact.low / 100}, fact))
            continue
        if fact.qualifier == "range":
            # "15 to 16 missiles" states 16 as well as 15.
            numbers.append(_Stated({fact.low, fact.high}, fact))
            continue
        seconds = _SECONDS_IN.get(fact.key)
        if not math.isfinite(fact.value) or fact.value == 0:
            continue
        # "a week", though, is a duration ("a week" / "three days of mourning");
        # "a one-day loss" rather says what kind of loss.
        if fact.value == 1 and not (seconds and _A_SPAN.match(fact.text)):
            continue
        values = {fact.value, fact.value * seconds} if seconds else {fact.value}
        numbers.append(_Stated(values, fact))
    return numbers


def _same_number(x: _Stated, y: _Stated) -> bool:
    # Writers round a share they write as a fraction ("two-thirds" / "67%").
    slack = 1.0 if "fraction" in (x.fact.qualifier, y.fact.qualifier) else 0.0
    if any(math.isclose(p, q, rel_tol=1e-9, abs_tol=slack) for p in x.values for q in y.values):
        return True
    return _rounded_alike(x.fact, y.fact)


_DIGIT_RUN = re.compile(r"\d+(?:\.\d+)?")


def _digit_runs(text: str) -> list[str]:
    return _DIGIT_RUN.findall(_THOUSANDS.sub("", text))


def unread_numbers(text: str, facts: Sequence[Fact]) -> Counter[str]:
    """Numbers written in digits that state no value: a model, a flight, a
    route ("737 MAX 8", "Flight 1282")."""
    written = Counter(_digit_runs(text))
    for fact in facts:
        written.subtract(_digit_runs(fact.text))
    return +written


def identifiers_apart(a: PreparedClaim, b: PreparedClaim) -> bool:
    """One claim names a model, a flight or a route by a number where the
    other names it by another: "171 Boeing 737 MAX 9 jets" / "... MAX 8
    jets" are other jets. Only a number put for a number in the same place
    counts: "COVID-19 vaccine" / "phase 3 trials" name other things."""
    left, right = a.unread_numbers, b.unread_numbers
    if not (left - right and right - left):
        return False
    words_a = [t.text for t in a.tokens]
    words_b = [t.text for t in b.tokens]
    for tag, a0, a1, b0, b1 in Levenshtein.opcodes(words_a, words_b).as_list():
        if tag != "replace" or a1 - a0 > 2 or b1 - b0 > 2:
            continue
        if any(w in left and w not in right for w in words_a[a0:a1]) and any(
            w in right and w not in left for w in words_b[b0:b1]
        ):
            return True
    return False


def numbers_apart(a: Sequence[Fact], b: Sequence[Fact]) -> Difference | None:
    """Numbers each claim states that the other does not, when both have
    some: "more than 60 troops" / "110 service members", "six sailors and
    five boats" / "five sailors and five yachts". Read once two claims are
    already taken for one claim: the bounds may both be true, the nouns may
    not line up, but two outlets stating other figures for one fact is what
    a checker wants to see, never a duplicate."""
    left = _stated_numbers(a)
    unmatched = _stated_numbers(b)
    keys_b = {number.fact.key for number in unmatched}
    lonely_left: list[int] = []
    # A number finds its twin under the same noun first ("five crew" in each),
    # so what is left over is what is put to other things.
    for i in sorted(range(len(left)), key=lambda i: left[i].fact.key not in keys_b):
        twins = [other for other in unmatched if _same_number(left[i], other)]
        if not twins:
            lonely_left.append(i)
        else:
            key = left[i].fact.key
            unmatched.remove(next((t for t in twins if t.fact.key == key), twins[0]))
    if not lonely_left or not unmatched:
        return None
    return Difference(
        "figures",
        ", ".join(left[i].fact.text for i in sorted(lonely_left)),
        ", ".join(number.fact.text for number in unmatched),
    )


def _is_name(token: Token) -> bool:
    return (
        token.capitalised
        and token.text.isalpha()
        and token.text not in MONTHS
        and token.text not in _NOT_NAMES
        # "Three of the four strings", "on Monday": values, read as values.
        and token.text not in _NUMBER_WORDS
        and token.text not in _WEEKDAYS
    )


def _one_stretch(
    words_a: Sequence[str], words_b: Sequence[str]
) -> tuple[int, int, int, int] | None:
    """The one stretch (a0, a1, b0, b1) where two word sequences differ, all
    else word for word the same, however long ("arrested Prime Minister
    Abdalla Hamdok and" / "arrested Sovereign Council chief Abdel Fattah
    al-Burhan and"); None where they differ in more places or not at all."""
    ops = Levenshtein.opcodes(words_a, words_b).as_list()
    changed = [i for i, op in enumerate(ops) if op[0] != "equal"]
    if not changed or changed[-1] - changed[0] != len(changed) - 1:
        return None
    first, last = ops[changed[0]], ops[changed[-1]]
    return first[1], last[2], first[3], last[4]


def _differing_regions(
    words_a: list[str], words_b: list[str], one_sided: bool = False
) -> list[tuple[int, int, int, int]]:
    """Stretches between aligned words where both texts say something else
    (or, `one_sided`, where either says something the other does not)."""
    return _merged_regions(Levenshtein.opcodes(words_a, words_b).as_list(), one_sided)


def _merged_regions(
    opcodes: Sequence[tuple[str, int, int, int, int]], one_sided: bool = False
) -> list[tuple[int, int, int, int]]:
    """Runs of edits between equal stretches, as (a0, a1, b0, b1), where
    both sides have words (or, `one_sided`, where either has)."""
    regions: list[tuple[int, int, int, int]] = []
    current: list[int] | None = None
    for tag, a0, a1, b0, b1 in opcodes:
        if tag == "equal":
            if current is not None:
                regions.append((current[0], current[1], current[2], current[3]))
                current = None
            continue
        if current is None:
            current = [a0, a1, b0, b1]
        else:
            current[1], current[3] = a1, b1
    if current is not None:
        regions.append((current[0], current[1], current[2], current[3]))
    return [r for r in regions if one_sided or (r[1] > r[0] and r[3] > r[2])]


# The United States goes by many names in one story ("the US", "U.S.",
# "America", "American troops", "Washington said"). Read as one name, "the US
# said" against "Iran said" is another actor, while "Washington said" is not.
# Lower-case "us" is the pronoun and stays out.
_UNITED_STATES = "usa"
_UNITED_STATES_NAMES: dict[tuple[str, ...], int] = {
    ("united", "states"): 2,
    ("u", "s"): 2,
    ("us",): 1,
    ("usa",): 1,
    ("america",): 1,
    ("american",): 1,
    ("americans",): 1,
    ("washington",): 1,
}


def _one_name_for_the_united_states(tokens: Sequence[Token]) -> tuple[list[Token], list[str]]:
    """The tokens with each name of the United States as one, and beside them
    the words each token stands for, to show a difference as written."""
    out: list[Token] = []
    written: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.capitalised:
            pair = tuple(t.text for t in tokens[i : i + 2])
            size = _UNITED_STATES_NAMES.get(pair) or _UNITED_STATES_NAMES.get(pair[:1])
            if size == 2 and not tokens[i + 1].capitalised:
                size = _UNITED_STATES_NAMES.get(pair[:1])
            if size:
                out.append(Token(_UNITED_STATES, True, token.start))
                written.append(" ".join(t.text for t in tokens[i : i + size]))
                i += size
                continue
        out.append(token)
        written.append(token.text)
        i += 1
    return out, written


_NAME_PARTICLES = _word_set("al el abu bin ibn de da van von der la le du")
# One name written two ways, wherever it stands; and countries whose
# adjective is not the name with an ending ("Britain's" / "British";
# "Iran" / "Iranian" is a longer form of the name and needs no entry).
_NAME_SPELLINGS = {
    "uk": "britain",
    "covid": "coronavirus",
    "british": "britain",
    "english": "england",
    "scottish": "scotland",
    "welsh": "wales",
    "irish": "ireland",
    "french": "france",
    "dutch": "netherlands",
    "swiss": "switzerland",
    "spanish": "spain",
    "chinese": "china",
    "turkish": "turkey",
    "greek": "greece",
    "polish": "poland",
    "swedish": "sweden",
    "danish": "denmark",
    "finnish": "finland",
    "norwegian": "norway",
    "thai": "thailand",
    "filipino": "philippines",
    "lebanese": "lebanon",
    "yemeni": "yemen",
    "saudi": "saudi",
}


def _same_name(left: list[str], right: list[str]) -> bool:
    """Two ways of writing one name: a longer or shorter form, an
    abbreviation, another spelling or transliteration."""
    joined_left, joined_right = " ".join(left), " ".join(right)
    return (
        joined_left.startswith(joined_right)
        or joined_right.startswith(joined_left)
        or "".join(left) == "".join(right)
        or _abbreviates(left, right)
        or _abbreviates(right, left)
        or [_NAME_SPELLINGS.get(w, w) for w in left] == [_NAME_SPELLINGS.get(w, w) for w in right]
        # Spellings of one long name; short ones differ by a letter (Iran /
        # Iraq), and so do names that start otherwise (Iranian / Ukrainian).
        or (
            joined_left[:1] == joined_right[:1]
            and min(len(joined_left), len(joined_right)) >= 6
            and fuzz.ratio(joined_left, joined_right) >= 75
        )
        # Transliterations the alias list does not know yet: Qaani / Ghaani.
        or _skeleton("".join(left)) == _skeleton("".join(right))
        # Abbreviated with a point, the letters in order: Fla. / Florida,
        # St / Saint, Mt / Mount.
        or _shortened(joined_left, joined_right)
        or _shortened(joined_right, joined_left)
        # Each word written its own way: "Colo., Gov." / "Colorado, Governor".
        or (
            len(left) == len(right) > 1
            and all(_same_name([x], [y]) for x, y in zip(left, right, strict=True))
        )
        # A common word capitalised only as the first of the sentence:
        # "Protesters" / "Demonstrators".
        or (len(left) == len(right) == 1 and synonyms.alike(left[0], right[0]))
    )


def _shortened(short: str, long: str) -> bool:
    if not 2 <= len(short) <= 4 or len(long) < len(short) + 2 or short[0] != long[0]:
        return False
    letters = iter(long)
    return all(letter in letters for letter in short)


def _lower_in(token: Token, own: Sequence[Token], other: Sequence[Token]) -> bool:
    """A sentence's first word that the other sentence has in lower case."""
    return token is own[0] and any(t.text == token.text and not t.capitalised for t in other)


def _country(word: str) -> str:
    """The country a name or its adjective stands for ("iraqi" → "iraq"), if
    it is one the matcher knows."""
    word = _NAME_SPELLINGS.get(word, word)
    return next(
        (c for c in _COUNTRIES if word == c or (word.startswith(c) and len(word) - len(c) <= 3)),
        "",
    )


def compare_names(
    a: Sequence[Token], b: Sequence[Token], sentence_start: bool = False
) -> list[Difference]:
    """Names in the same position that differ ("missiles hit Erbil" against
    "missiles hit Ain al-Asad"): place when a preposition comes before them,
    name otherwise. Tokens are compared after alias folding, so spelling
    variants of one name are not a difference; neither is a name that one
    claim adds and the other leaves out, nor a title ("Gen." / "General")."""
    a, written_a = _one_name_for_the_united_states(a)
    b, written_b = _one_name_for_the_united_states(b)
    words_a = [t.text for t in a]
    words_b = [t.text for t in b]
    differences: list[Difference] = []
    for a0, a1, b0, b1 in _differing_regions(words_a, words_b):
        if _abbreviates(words_a[a0:a1], words_b[b0:b1]) or _abbreviates(
            words_b[b0:b1], words_a[a0:a1]
        ):
            continue  # "The BOJ" / "The Bank of Japan"
        # The one stretch where the sentences differ names others, however
        # long ("led by Hayat Tahrir al-Sham" / "led by the Turkish-backed
        # Syrian National Army"; at the start, "Colorado's Supreme Court" /
        # "Maine's secretary of state").
        if (
            (a0 > 0 or sentence_start)
            and words_a[:a0] == words_b[:b0]
            and words_a[a1:] == words_b[b1:]
            and max(len(words_a) - a1, a0) >= SUBJECT_WORDS
            and _other_names(a[a0:a1], b[b0:b1])
        ):
            kind = _name_kind(words_a, a0, a1)
            differences.append(
                Difference(kind, " ".join(written_a[a0:a1]), " ".join(written_b[b0:b1]))
            )
            continue
        # Each sentence opening on another full name, whatever follows it
        # ("Amir Ali Hajizadeh, commander of the aerospace force, said" /
        # "Hossein Salami, commander-in-chief of the Guards, said").
        if a0 == b0 == 0 and sentence_start:
            opening = _other_people(a[a0:a1], b[b0:b1], words_a, words_b, from_end=False)
            if opening:
                differences.append(opening)
                continue
        if a1 - a0 > MAX_NAME_WORDS or b1 - b0 > MAX_NAME_WORDS:
            # Reworded passages, not one name put for another, unless each
            # ends in a person's full name ("its aerospace division, Amir Ali
            # Hajizadeh," / "Hossein Salami,").
            ending = _other_people(a[a0:a1], b[b0:b1], words_a, words_b, from_end=True)
            if a0 > 0 and ending:
                differences.append(ending)
            continue
        if (a0 == 0 or b0 == 0) and not (a0 == b0 == 0 and sentence_start):
            continue
        # Every word is capitalised at the start of a sentence: there a function
        # word ("The", "More") is not a name, nor a word the other sentence
        # writes in lower case ("Landslides in Kerala" / "the Wayanad
        # landslides"), and the others are taken as names.
        left = [
            t.text
            for t in a[a0:a1]
            if _is_name(t) and not (a0 == 0 and (_is_function(t) or _lower_in(t, a, b)))
        ]
        right = [
            t.text
            for t in b[b0:b1]
            if _is_name(t) and not (b0 == 0 and (_is_function(t) or _lower_in(t, b, a)))
        ]
        # "Abu Mahdi al-Muhandis": a particle inside a name is part of it.
        particles_a = sum(1 for t in a[a0:a1] if t.text in _NAME_PARTICLES)
        particles_b = sum(1 for t in b[b0:b1] if t.text in _NAME_PARTICLES)
        if a0 == 0 and (len(left) + particles_a < a1 or len(right) + particles_b < b1):
            # At the start only a region of names alone is one actor for
            # another, or two countries ("Iran launched" / "Iraqi militias
            # launched").
            country_a, country_b = _country(words_a[0]), _country(words_b[0])
            if country_a and country_b and country_a != country_b:
                differences.append(
                    Difference("name", " ".join(written_a[a0:a1]), " ".join(written_b[b0:b1]))
                )
            continue
        if (
            not left
            or not right
            or len(left) * 2 < a1 - a0
            or len(right) * 2 < b1 - b0
            or set(left) <= set(right)
            or set(right) <= set(left)
        ):
            continue
        if _same_name(left, right):
            continue
        kind = _name_kind(words_a, a0, a1)
        differences.append(Difference(kind, " ".join(written_a[a0:a1]), " ".join(written_b[b0:b1])))
    return differences


def _other_people(
    a: Sequence[Token],
    b: Sequence[Token],
    words_a: Sequence[str],
    words_b: Sequence[str],
    from_end: bool,
) -> Difference | None:
    """Two stretches that end (or begin) with full names of two people: names
    of two words or more, no word of which the other sentence has."""
    person_a = _name_run(a, from_end=from_end)
    person_b = _name_run(b, from_end=from_end)
    if (
        min(len(person_a), len(person_b)) >= 2
        and not set(person_a) & set(words_b)
        and not set(person_b) & set(words_a)
        and not _same_name(person_a, person_b)
    ):
        return Difference("name", " ".join(person_a), " ".join(person_b))
    return None


def _name_kind(words: Sequence[str], start: int, end: int) -> str:
    """ "place" for a name where a place stands, else "name"."""
    # "into the Ain al-Asad base": a preposition, perhaps an article between.
    before = [w for w in words[max(0, start - 2) : start] if w not in {"the", "a", "an"}]
    # "the Balad air base": the place noun may come a word later.
    after = set(words[end : end + 2])
    preposition = bool(before) and (
        before[-1] in _PLACE_PREPOSITIONS
        # "west of Baghdad", "the town of Parand"
        or (before[-1] == "of" and start >= 2 and words[start - 2] in _DIRECTIONS | _PLACE_NOUNS)
    )
    return "place" if preposition or bool(after & _PLACE_NOUNS) else "name"


# Capitalised words of offices that many people hold ("Defense Secretary",
# "Secretary of State"): no name two stretches can share.
_TITLES = _word_set(
    "secretary state defense defence foreign interior home finance senator sen rep governor gov "
    "chancellor mayor king queen prince princess judge justice ambassador speaker leader spokesman"
)


# Capitalised words that many institutions' names share ("Britain's Supreme
# Court" / "Scotland's Court of Session"): sharing one names no one actor.
_INSTITUTIONS = _word_set(
    "court courts supreme high bank party ministry department council university agency "
    "commission committee assembly corps force forces army navy company group league union "
    "front movement organization organisation office authority service club national central"
)
_NAMES_OF_MANY = _TITLES | _INSTITUTIONS


_ARTICLES = _word_set("the a an")


def _name_run(tokens: Sequence[Token], from_end: bool) -> list[str]:
    ordered = list(reversed(tokens)) if from_end else list(tokens)
    # "The Food and Drug Administration": the article is no part of the name.
    if ordered and ordered[0].text in _ARTICLES:
        ordered = ordered[1:]
    run = [t.text for t in itertools.takewhile(_is_name, ordered) if not _is_function(t)]
    return run[::-1] if from_end else run


def _other_names(a: Sequence[Token], b: Sequence[Token]) -> bool:
    """Whether two stretches put for each other name others: the runs of
    names they start with, or those they end with ("Defense Secretary Mark
    Esper" / "Secretary of State Mike Pompeo"), share no name nor are one
    name written two ways (a capital for its country counts as its country)."""
    # A name the stretches share, however written, makes them one actor
    # ("General Soleimani's successor Brigadier General Esmaeil Qaani said" /
    # "General Ghaani warned").
    # Not a first name alone: "Abdalla Hamdok" / "Abdel Fattah al-Burhan"
    # are two men.
    names_a = [t.text for t in a if _is_name(t) and t.text not in _NAMES_OF_MANY]
    names_b = [t.text for t in b if _is_name(t) and t.text not in _NAMES_OF_MANY]
    if any(
        _same_name([x], [y])
        for i, x in enumerate(names_a)
        for j, y in enumerate(names_b)
        if i == len(names_a) - 1 or j == len(names_b) - 1
    ):
        return False
    for from_end in (False, True):
        left, right = _name_run(a, from_end), _name_run(b, from_end)
        if not left or not right:
            continue
        keys_left = {_SAME_NAMES.get(w, w)[:4] for w in left}
        keys_right = {_SAME_NAMES.get(w, w)[:4] for w in right}
        if not (keys_left & keys_right or _same_name(left, right)):
            return True
    return False


def _abbreviates(short: list[str], long: list[str]) -> bool:
    """AMD for Advanced Micro Devices, UCSD for UC San Diego, N.J. or "N J"
    for New Jersey."""
    if len(short) > 1 and all(len(w) == 1 for w in short):
        short = ["".join(short)]
    if len(short) != 1 or len(long) < 2:
        return False
    word = short[0]
    initials = "".join(w[0] for w in long)
    return word == initials or word == long[0] + "".join(w[0] for w in long[1:])


def _is_function(token: Token) -> bool:
    return token.text in INDEX_STOPWORDS or token.text in _NEIGHBOUR_STOPWORDS


# Words that deny or reverse what the rest of the sentence says.
NEGATIONS = _word_set(
    "not no never nor neither none nobody nothing longer dont doesnt didnt isnt wasnt arent "
    "werent wont cannot cant couldnt wouldnt hasnt havent hadnt deny denies denied denying "
    "refuse refuses refused refusing failed fails failing unable avoid avoids avoided avoiding "
    "without decline declines declined declining spare spares spared sparing non"
)
# "don 't" and "can 't" as some wires print them: the "t" is the negation.
_CONTRACTED = _word_set("don didn doesn isn wasn aren weren won can couldn wouldn hasn haven hadn")


def _negation_count(words: Sequence[str]) -> int:
    return sum(
        1
        for i, word in enumerate(words)
        if word in NEGATIONS or (word == "t" and i and words[i - 1] in _CONTRACTED)
    )


# Event verbs and directions that state the opposite fact in the same sentence
# frame ("rates rose" / "rates fell"); forms of one word share a stem below.
_ANTONYMS = [
    ("rise", "fall"),
    ("rose", "fell"),
    ("rise", "drop"),
    ("rose", "dropped"),
    ("increase", "decrease"),
    ("increase", "cut"),
    ("raise", "cut"),
    ("raise", "lower"),
    ("gain", "lose"),
    ("gain", "loss"),
    ("up", "down"),
    ("higher", "lower"),
    ("beat", "miss"),
    ("win", "lose"),
    ("won", "lost"),
    ("approve", "reject"),
    ("pass", "reject"),
    ("accept", "reject"),
    ("confirm", "deny"),
    ("admit", "deny"),
    ("suspend", "resume"),
    ("arrest", "release"),
    ("impose", "lift"),
    ("open", "close"),
    ("start", "end"),
    ("begin", "end"),
    ("join", "leave"),
    ("enter", "leave"),
    ("hire", "fire"),
    ("ban", "allow"),
    ("support", "oppose"),
    ("kill", "wound"),
    ("kill", "injure"),
    ("kill", "rescue"),
    ("attack", "defend"),
    ("launch", "intercept"),
    ("guilty", "innocent"),
    ("acquit", "convict"),
    ("elect", "defeat"),
    ("resign", "appoint"),
    ("remain", "withdraw"),
    ("stay", "leave"),
    ("stay", "withdraw"),
    ("strike", "spare"),
    ("struck", "spared"),
    ("uphold", "overturn"),
    ("upheld", "overturned"),
    ("rise", "slow"),
    ("rose", "slowed"),
    ("accelerate", "slow"),
    ("dead", "alive"),
    ("seize", "release"),
    ("victory", "defeat"),
    ("more", "less"),
    ("more", "fewer"),
    ("morning", "afternoon"),
    ("morning", "evening"),
    ("afternoon", "evening"),
    ("toward", "away"),
    ("towards", "away"),
    ("before", "after"),
    ("place", "release"),
    ("detain", "release"),
    ("jail", "free"),
    ("expect", "surprise"),
    ("cut", "hold"),
    ("raise", "hold"),
    ("hike", "hold"),
    ("hit", "spare"),
    ("hit", "miss"),
    ("allow", "bar"),
    ("allow", "block"),
    ("grant", "deny"),
    ("condemn", "praise"),
    ("condemn", "welcome"),
    ("east", "west"),
    ("north", "south"),
    ("eastern", "western"),
    ("northern", "southern"),
    ("beat", "lost"),
    ("beat", "lose"),
    ("land", "leave"),
    ("arrive", "depart"),
    ("charge", "drop"),
    # "held" is no form of "hold" to the stemmer.
    ("raise", "held"),
    ("cut", "held"),
    ("hike", "held"),
    ("kill", "survive"),
    ("elect", "appoint"),
    ("leave", "head"),
    ("cut", "hike"),
    ("float", "peg"),
    ("ease", "tighten"),
    ("loosen", "tighten"),
    ("weaken", "strengthen"),
    ("widen", "narrow"),
    ("expand", "shrink"),
    ("expand", "contract"),
    ("surplus", "deficit"),
    ("buy", "sell"),
    ("import", "export"),
    ("upgrade", "downgrade"),
    ("majority", "minority"),
    ("include", "exclude"),
    ("including", "excluding"),
    ("upper", "lower"),
    ("onshore", "offshore"),
    ("held", "released"),
    ("inbound", "outbound"),
    ("upstream", "downstream"),
    ("end", "extend"),
    ("end", "maintain"),
    ("kill", "alive"),
    ("die", "alive"),
    ("long", "short"),
    ("all", "only"),
    ("partial", "full"),
    ("upheld", "struck"),
    # Kin one outlet names and the other does not: another person.
    ("mother", "father"),
    ("son", "daughter"),
    ("brother", "sister"),
    ("husband", "wife"),
]
# A word and its negated form: "lawful" / "unlawful", "legal" / "illegal".
_NEGATING_PREFIXES = ("un", "il", "ir", "non", "dis")


def _negated_forms(first: str, second: str, beside: Sequence[str]) -> bool:
    """`beside`: the other words that differ. "nonbinding" against "non
    binding" (a hyphen the tokenizer split) has the prefix among them."""
    longer, shorter = (first, second) if len(first) > len(second) else (second, first)
    prefix = longer[: len(longer) - len(shorter)]
    return (
        len(shorter) >= 5
        and longer.endswith(shorter)
        and prefix in _NEGATING_PREFIXES
        and prefix not in beside
    )


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith(("ied", "ies")):
        return word[:-3] + "y"  # "denied", "denies" and "deny"
    for suffix in ("ing", "ed", "s"):
        # "pass" and "passes" keep their double s: both stem to "pass".
        if suffix == "s" and word.endswith("ss"):
            continue
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            word = word[: -len(suffix)]
            # "barred" and "bar", "stopping" and "stop"; not "killed" / "kil".
            if suffix != "s" and len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsfz":
                word = word[:-1]
            break
    # "released" and "release" both end as "releas".
    return word[:-1] if len(word) > 3 and word.endswith("e") else word


_OPPOSITES: dict[str, set[str]] = defaultdict(set)
for _x, _y in _ANTONYMS:
    _OPPOSITES[_stem(_x)].add(_stem(_y))
    _OPPOSITES[_stem(_y)].add(_stem(_x))


# One word added in otherwise the same words that turns the fact round or
# names another post ("recommended against approving", "deputy commander").
_TURNING_WORDS = _word_set("against deputy vice assistant")
# What stands where "against" stands in the other side's vote or argument.
_FOR_SIDE = _word_set("to for favor favour")
_NOT = _word_set("not never no")
# Words between a "not" and what it denies: "has not yet concluded".
_DENIAL_ADVERBS = _word_set("yet even ever always still")


def _denial(words: Sequence[str]) -> tuple[str, set[str]] | None:
    """The first content word after a sentence's one "not", and the words
    out of its reach: "caused by a fire, not by an attack" denies "attack"
    and states "fire". "Not only" denies nothing."""
    places = [i for i, w in enumerate(words) if w in _NOT]
    if len(places) != 1:
        return None
    i = places[0]
    denied = next(
        (
            w
            for w in words[i + 1 : i + 5]
            if w not in INDEX_STOPWORDS and w not in _DENIAL_ADVERBS and not w.endswith("ly")
        ),
        None,
    )
    if denied is None or words[i + 1 : i + 2] == ["only"]:
        return None
    # What the "not" reaches ("not considered significant") is not stated.
    return denied, set(words[:i]) | set(words[i + 5 :])


def _said_in_other_words(stem: str, stems: set[str]) -> bool:
    """`stems` state the event of `stem` in another word ("died" for "killed")."""
    return any(stem in group and (group - {stem}) & stems for group in _STEMMED_SYNONYMS)


# Opposites read only between two sentences in one frame: across reworded
# ones "before" and "after" order other clauses, and "none survived" is
# "all were killed".
_FRAME_OPPOSITES = _word_set(
    "before after toward towards away more less fewer survive survived survives surviv "
    "extend extended extends extending mother father son daughter brother sister husband wife"
)


# Words whose other forms stand for the same bearing ("north", "northern",
# "northward"): keyed by their first four letters.
_BEARINGS = {"nort", "sout", "east", "west"}
# "Argentina beat France" / "France lost to Argentina": the other word with
# the other side first says the same thing.
_CONVERSES = {
    frozenset((_stem(x), _stem(y)))
    for x, y in [("beat", "lost"), ("beat", "lose"), ("win", "lose"), ("won", "lost")]
}
# Irregular forms of words in _ANTONYMS, for telling whether a sentence has both.
_OTHER_FORMS = {"left": "leav", "lost": "los", "won": "win"}


_CONVERSE_STEMS = set().union(*_CONVERSES)
# Opposites that place a thing in time or order more often than they state
# another fact: "last quarter" is the one before this, "the latest violence"
# happened "early Monday". Dates and times are compared as values.
_WHEN_WORDS = ("early", "late", "first", "last", "new", "old")


# Closed sets of words no one of which stands for another: in one frame,
# "white-collar workers" / "blue-collar workers", "the men's final" / "the
# women's final", "a gold medal" / "a silver medal" are other facts.
_EXCLUSIVE_SETS = [
    _word_set("white black red blue green yellow orange purple brown grey gray pink"),
    _word_set("gold silver bronze"),
    _word_set("men women boys girls"),
    _word_set("upper lower"),
    _word_set("morning afternoon evening"),
    _word_set("spring summer autumn winter"),
    # "left-wing" / "far-right"; "left" as the past of "leave" has no "right"
    # in its place.
    _word_set("left right"),
    # Currencies ("capped the franc against the euro" / "against the dollar"),
    # not "pound" (a verb too), "won" or "real".
    _word_set(
        "dollar dollars euro euros yen franc francs yuan rupee rupees ruble rubles rouble "
        "roubles peso pesos lira dinar dinars riyal riyals shekel shekels bitcoin"
    ),
    # Fuels: petrol is gasoline, diesel neither.
    _word_set("diesel petrol"),
    _word_set("diesel gasoline"),
]
_COMPASS = re.compile(r"^(north|south)?(east|west)?(?:ern|erly|wards?)?$")


def _bearing(word: str) -> frozenset[str]:
    """The points of the compass a word names: "northwestern" {north, west}."""
    match = _COMPASS.match(word)
    return frozenset(p for p in match.groups() if p) if match else frozenset()


_SCALES = _word_set("hundred thousand million billion trillion bn m")


def _after_a_number(words: Sequence[str], start: int, end: int, word: str) -> bool:
    i = words.index(word, start, end)
    before = words[i - 1] if i else ""
    return before.replace(".", "", 1).isdigit() or before in _SCALES or before in NUMBER_WORDS


def _exclusive_put(
    opcodes: Sequence[tuple[str, int, int, int, int]],
    words_a: Sequence[str],
    words_b: Sequence[str],
) -> Difference | None:
    """Where the sentences differ, a word put for another of its closed set,
    or a bearing for one that shares no point with it ("northwestern" /
    "southeastern"), neither sentence having both."""
    for a0, a1, b0, b1 in _merged_regions(opcodes):
        for word in words_a[a0:a1]:
            for other in words_b[b0:b1]:
                if other in words_a or word in words_b:
                    continue
                # "4.34 billion euros" / "5 billion dollars": a value's unit,
                # read with the values.
                if _after_a_number(words_a, a0, a1, word) or _after_a_number(
                    words_b, b0, b1, other
                ):
                    continue
                bearing, other_bearing = _bearing(word), _bearing(other)
                if bearing and other_bearing:
                    if (
                        not bearing & other_bearing
                        and not any(_bearing(w) for w in words_a if w != word)
                        and not any(_bearing(w) for w in words_b if w != other)
                    ):
                        return Difference("event", word, other)
                elif (
                    any(word in group and other in group for group in _EXCLUSIVE_SETS)
                    # one word in two spellings or numbers: "grey" / "gray",
                    # "roubles" / "rubles", "euro" / "euros"
                    and Levenshtein.distance(word, other) > 1
                ):
                    return Difference("event", word, other)
    return None


def _opposite_in_wordnet(
    word: str, others: Sequence[str], words_a: Sequence[str], words_b: Sequence[str]
) -> str | None:
    """The word of `others` WordNet gives as the opposite of `word`
    ("larger" / "smaller", "stronger" / "weaker"), read, as the rarer of the
    desk's opposites, only between sentences in one frame; not a word each
    sentence has in some form ("arrived … left" / "leaving")."""
    for other in others:
        if (
            synonyms.opposed(word, other)
            and not _read_elsewhere(word)
            and not _read_elsewhere(other)
            and not any(synonyms.same_word(other, w) for w in words_a)
            and not any(synonyms.same_word(word, w) for w in words_b)
        ):
            return other
    return None


def _read_elsewhere(word: str) -> bool:
    """A converse, whose sides the desk's list reads ("beat" / "lost"), a
    bearing (read there too), or a word of time or order."""
    return (
        _stem(word) in _CONVERSE_STEMS
        or word in _OTHER_FORMS
        or word[:4] in _BEARINGS
        or any(synonyms.same_word(word, when) for when in _WHEN_WORDS)
    )


def _position(words: Sequence[str], stem: str) -> int | None:
    """Where a word of this stem (or an irregular form of it) first stands."""
    return next((i for i, w in enumerate(words) if stem in (_stem(w), _OTHER_FORMS.get(w))), None)


def _both_ways(word: str, opposite: str, words_a: Sequence[str], words_b: Sequence[str]) -> bool:
    """Whether an opposite only seems to be one: a sentence has both
    bearings in some form ("in northern Gaza to move south" / "in the north
    of the strip … southward"), or the sides round a converse verb changed places
    ("Argentina beat France" / "France lost to Argentina")."""
    stem = _stem(word)
    if word[:4] in _BEARINGS and opposite[:4] in _BEARINGS:
        bearings_a = {w[:4] for w in words_a if w[:4] in _BEARINGS}
        bearings_b = {w[:4] for w in words_b if w[:4] in _BEARINGS}
        return bool(bearings_a & bearings_b)
    if frozenset((stem, opposite)) in _CONVERSES:
        at_a, at_b = _position(words_a, stem), _position(words_b, opposite)
        if at_a is None or at_b is None:
            return False
        doer = next(
            (w for w in reversed(words_a[:at_a]) if w not in INDEX_STOPWORDS and w.isalpha()), None
        )
        return doer is not None and doer in words_b[at_b + 1 :]
    return False


# Not "up to" / "down to": "edged up to 3.7 percent" is a direction.
_BOUNDING = _word_set("close more less fewer")


def _bound_words(words: Sequence[str]) -> set[str]:
    return {
        word
        for word, after, value in zip(words, words[1:], words[2:], strict=False)
        if word in _BOUNDING
        and after in {"to", "than"}
        and (value[:1].isdigit() or value in _NUMBER_WORDS or value == "one")
    }


# A particle that undoes its verb: "called a strike" / "called off a strike".
_UNDOING_PARTICLES = {"call": "off", "put": "off", "pull": "out", "back": "out", "turn": "down"}


def _phrasal_undone(words: Sequence[str], others: Sequence[str]) -> tuple[str, str] | None:
    """The verb with its undoing particle on one side, without it on the other."""
    for i, word in enumerate(words[:-1]):
        particle = _UNDOING_PARTICLES.get(_stem(word))
        if particle is None or words[i + 1] != particle:
            continue
        for j, other in enumerate(others):
            if _stem(other) == _stem(word) and others[j + 1 : j + 2] != [particle]:
                return f"{word} {particle}", other
    return None


def _non_joined(words: list[str], others: set[str]) -> list[str]:
    """ "non-binding" written "nonbinding" on the other side is one word, not
    a negation only one side makes ("non-basmati rice" / "basmati rice")."""
    joined: list[str] = []
    for word in words:
        if joined and joined[-1] == "non" and "non" + word in others:
            joined[-1] = "non" + word
        else:
            joined.append(word)
    return joined


def _negates_what_the_other_states(
    words: Sequence[str], others: Sequence[str], differing: set[int]
) -> bool:
    """A plain "not" or "never", where the sentences differ (`differing`:
    positions in `words`), before a word the other sentence states ("did not
    appear" / "appeared"); not a verb that negates in its own words ("denied"
    / "rejected")."""
    other_stems = {_stem(w) for w in others}
    for i, word in enumerate(words):
        if word in _NOT and i in differing:
            following = next(
                (w for w in words[i + 1 :] if w not in INDEX_STOPWORDS and w not in _NOT), None
            )
            if following is not None and _stem(following) in other_stems:
                return True
    return False


def compare_events(
    a: Sequence[Token], b: Sequence[Token], negations: bool = True, frame: bool = True
) -> list[Difference]:
    """What the claims say happened, where their wording differs: a negation
    that only one of them makes ("declared an emergency" / "declared no longer
    an emergency", "said" / "denied"), or opposite event verbs in the same frame
    ("revenue rose" / "revenue fell", "arrested" / "released"), the other
    side of a vote ("voted to" / "voted against"), or the thing one denies
    stated by the other ("a fire, not an attack" / "an attack, not a fire")."""
    words_a = _non_joined([t.text for t in a], {t.text for t in b})
    words_b = _non_joined([t.text for t in b], {t.text for t in a})
    only_a: list[str] = []
    only_b: list[str] = []
    differences: list[Difference] = []
    differing_a: set[int] = set()
    differing_b: set[int] = set()
    opcodes = Levenshtein.opcodes(words_a, words_b).as_list()
    for tag, a0, a1, b0, b1 in opcodes:
        if tag != "equal":
            only_a.extend(words_a[a0:a1])
            only_b.extend(words_b[b0:b1])
            differing_a.update(range(a0, a1))
            differing_b.update(range(b0, b1))
    # "recommended approving" / "recommended against approving"; "named
    # commander" / "named deputy commander": one word only one side has turns
    # the fact round or names another post.
    for i, (tag, a0, a1, b0, b1) in enumerate(opcodes):
        if not frame or tag not in {"insert", "delete"}:
            continue
        added = words_a[a0:a1] if tag == "delete" else words_b[b0:b1]
        between_equals = all(
            opcodes[j][0] == "equal" for j in (i - 1, i + 1) if 0 <= j < len(opcodes)
        )
        if between_equals and len(added) == 1 and added[0] in _TURNING_WORDS:
            differences.append(
                Difference("event", " ".join(words_a[a0:a1]), " ".join(words_b[b0:b1]))
            )
            return differences
    for a0, a1, b0, b1 in _merged_regions(opcodes):
        one, other = words_a[a0:a1], words_b[b0:b1]
        # "voted to expel" / "voted against expelling", "against" / "in
        # favour of": the same place in the sentence takes the other side.
        if max(len(one), len(other)) <= 3 and (
            ("against" in one and _FOR_SIDE & set(other))
            or ("against" in other and _FOR_SIDE & set(one))
        ):
            differences.append(Difference("event", " ".join(one), " ".join(other)))
            return differences
    if frame:
        called_off = _phrasal_undone(words_a, words_b) or _phrasal_undone(words_b, words_a)
        if called_off:
            differences.append(Difference("event", *called_off))
            return differences
        exclusive = _exclusive_put(opcodes, words_a, words_b)
        if exclusive:
            differences.append(exclusive)
            return differences
    # One claim negates and the other does not at all; claims that both negate
    # (in different words or places) are left to the text score.
    negated_a = [w for w in only_a if w in NEGATIONS]
    negated_b = [w for w in only_b if w in NEGATIONS]
    count_a, count_b = _negation_count(words_a), _negation_count(words_b)
    # One side negates where the sentences differ and the other does not, and
    # negates more in all ("appeared to be standing down and no one was hurt"
    # / "did not appear to be standing down and no one was hurt").
    one_more = (
        bool(negated_a) != bool(negated_b)
        and (count_a > count_b) == bool(negated_a)
        and fuzz.ratio(" ".join(words_a), " ".join(words_b)) >= SWAP_FRAME_RATIO
        and (
            _negates_what_the_other_states(words_a, words_b, differing_a)
            if negated_a
            else _negates_what_the_other_states(words_b, words_a, differing_b)
        )
    )
    if (
        negations
        and (negated_a or negated_b)
        and ((count_a == 0) != (count_b == 0) or (one_more and count_a != count_b))
    ):
        differences.append(Difference("negation", " ".join(negated_a), " ".join(negated_b)))
    # Both negate, but not the same thing: "caused by a fire, not by an
    # attack" / "caused by an attack, not by a fire". The word one negates,
    # the other states.
    denial_a, denial_b = _denial(words_a), _denial(words_b)
    if negations and not differences and denial_a and denial_b:
        (denied_a, stated_a), (denied_b, stated_b) = denial_a, denial_b
        if denied_a != denied_b and (denied_a in stated_b or denied_b in stated_a):
            differences.append(Difference("negation", "not " + denied_a, "not " + denied_b))
            return differences
    # "close to 10 percent", "more than 200": how a value is bounded, read
    # with the values, no event.
    bounds = _bound_words(words_a) | _bound_words(words_b)
    stems_b = {_stem(w): w for w in only_b if w not in bounds}
    all_a = {_stem(w) for w in words_a}
    all_b = {_stem(w) for w in words_b}
    for word in only_a:
        if word in bounds:
            continue
        for opposite in _OPPOSITES.get(_stem(word), ()):
            if not frame and (word in _FRAME_OPPOSITES or opposite in _FRAME_OPPOSITES):
                continue
            if _both_ways(word, opposite, words_a, words_b):
                continue
            # "killed … and injured" / "died … and were wounded": each side
            # also states the other's event, in other words.
            # "killed" / "left none alive": a negation on one side only may
            # turn the opposite word round.
            if (
                opposite in stems_b
                and not (
                    _said_in_other_words(_stem(word), all_b)
                    and _said_in_other_words(opposite, all_a)
                )
                and (_negation_count(words_a) == 0) == (_negation_count(words_b) == 0)
            ):
                differences.append(Difference("event", word, stems_b[opposite]))
                return differences
        opposite_word = _opposite_in_wordnet(word, only_b, words_a, words_b) if frame else None
        if opposite_word is not None and (_negation_count(words_a) == 0) == (
            _negation_count(words_b) == 0
        ):
            differences.append(Difference("event", word, opposite_word))
            return differences
        negated = next(
            (other for other in only_b if _negated_forms(word, other, only_a + only_b)), None
        )
        if negated is not None:
            differences.append(Difference("negation", word, negated))
            return differences
    return differences


# --------------------------------------------------------------------------
# Scores and the decision for one pair
# --------------------------------------------------------------------------

# Calibrated with bench/matching_quality on the CheckThat 2020 and MRPC pairs
# (see the module notes at the end of this section).
SUGGEST_THRESHOLD = 80.0
CLUSTER_THRESHOLD = 90.0
CONFIRM_RATIO = 95.0
CONFIRM_MIN_WORDS = 8
# Claims with fewer content words than this (datelines, captions, "Site number
# 1 and 2") say too little to be matched on their words.
MIN_CONTENT_WORDS = 5
# ... but from this many, a short claim whose value another outlet states
# otherwise in nearly the same meaning ("Sixty-three Canadians were on board
# the downed Boeing" / "The downed Boeing was carrying 57 Canadian citizens")
# is a conflict.
MIN_MEANING_CONTENT_WORDS = 3
# Paraphrases across outlets share few words but the same names: a pair that
# names at least ANCHOR_NAMES of the same people and places (most of the names
# the shorter claim has) is suggested from this lower text score on.
ANCHOR_NAMES = 3
# ... or the same specific values and names, ANCHOR_FACTS of them together.
ANCHOR_FACTS = 2
ANCHOR_THRESHOLD = 55.0
# A short claim inside a longer sentence: word counts further apart than this
# are scored with partial matching instead of whole-string order.
BALANCED_LENGTHS = 0.6
MAIN_SCORER = "token_set_ratio"
SORT_WEIGHT = 0.5
# Cosine similarity of two sentence embeddings from which reworded sentences
# whose values disagree are read as one fact told with other values, and the
# token-set score from which such a reworded candidate is read at all (the
# index's looser look-up, `CandidateIndex.search_reworded`, keeps these). Set
# on the development pairs (bench/matching_quality, four hand-labelled sets):
# from 0.72 and 55 down to 0.65 and 48, the number pairs flagged rose from
# 0.60-0.80 to 0.70-0.93 a set, with no hard negative linked; at 0.62 the
# seeds gained a false conflict (another event in another year, 0.63).
MEANING_THRESHOLD = 0.65
# ... and from this one when both name the same people and places, but for
# one: on the six development sets that flagged up to 0.10 more number pairs
# a set and three more MRPC number paraphrases, no hard negative, and kept
# out the seeds' false conflict, which names others.
NAMED_MEANING_THRESHOLD = 0.55
REWORDED_THRESHOLD = 48.0
# Cosine similarity from which two reworded sentences with the same names
# and no value either disagrees on are suggested as one claim, for a
# reviewer to confirm. Set on the development pairs: from 0.86 down to 0.72
# paraphrases linked rose by up to 0.13 a set with no hard negative gained
# (the names already differ on those), and MRPC's F1 rose from 0.672 to 0.690.
SAME_MEANING_THRESHOLD = 0.72
# Capitals that stand for their countries in news copy ("Tehran said"), and
# names one outlet writes another way.
_SAME_NAMES = {
    **_NAME_SPELLINGS,
    "tehran": "iran",
    "baghdad": "iraq",
    "beirut": "lebanon",
    "damascus": "syria",
    "kyiv": "ukraine",
    "kiev": "ukraine",
    "moscow": "russia",
    "beijing": "china",
    "ankara": "turkey",
    "london": "britain",
    "ottawa": "canada",
    "jerusalem": "israel",
    "riyadh": "saudi",
    "pentagon": "defense",
}
_COUNTRIES = sorted(
    {*_SAME_NAMES.values(), *_NAME_SPELLINGS.values(), "iraq", "iran", "israel", "russia"}
    - {"coronavirus", "defense"},
    key=len,
    reverse=True,
)
# Two sentences alike but for a few words put for others say the same thing
# in other words only when they still mean nearly the same: a verb put for
# its opposite or for another action ("filed" / "dropped" a lawsuit,
# "closed" / "reopened" its borders) lowers the similarity to 0.72-0.90 on
# the development pairs, a synonym keeps it above 0.92.
SWAP_MEANING_THRESHOLD = 0.92
# A noun put for another in the same sentence moves the whole sentence's
# meaning little ("its bow" / "its stern": 0.95), so the words put for others
# are also read alone, with a word of context each side: another thing
# ("the engine room of" / "the car deck of": 0.40, "the bow of" / "the
# stern of": 0.48) against a synonym or a spelling (0.70 and up on the
# development pairs: "the company" / "the firm", "150 mph" / "150 miles
# per hour"). At 0.5 MRPC's F1 falls from 0.680 to 0.675 (its looser
# paraphrases: "February disaster" / "February tragedy"); at 0.6, to 0.670.
PHRASE_MEANING_THRESHOLD = 0.5
PHRASE_CONTEXT_WORDS = 1
# A word of context can carry two other things past 0.5 ("Britain's finance
# minister on" / "Britain's foreign minister on": 0.78, while "finance" /
# "foreign" alone: 0.35). Synonyms alone can be as far apart ("accepted" /
# "took": 0.36, "strong" / "high": 0.41) but in context come back to 0.83 and
# up, co-hyponyms to 0.78 at most on the development pairs. Read so only
# where that phrase is all that tells the sentences apart: applied to every
# phrase, MRPC's F1 fell from 0.676 to 0.656 (its paraphrases reword several
# stretches at once); so, to 0.673.
LONE_PHRASE_THRESHOLD = 0.5
PHRASE_CONTEXT_CEILING = 0.8
# A phrase a little less far apart alone, that its context brings back
# less: "a cruise missile" / "a U.S. fighter jet" (0.54 alone, 0.58 in
# context), "the reactor" / "turbine building" (0.52, 0.58). Synonyms
# reprints put come back further in context ("series title" / "series
# championship": 0.51, 0.72) or are nearer alone ("enough" / "sufficient":
# 0.61, 0.66). Those reprints change one word of a long sentence, which
# keeps their meaning at 0.98 and over; below it, this reading applies.
FAR_LONE_PHRASE_THRESHOLD = 0.6
FAR_PHRASE_CONTEXT_CEILING = 0.7
FAR_SENTENCE_CEILING = 0.98
# Up to this many words on the two sides together: with 6, not 4, "frozen
# wind turbines" / "frozen natural gas wells" are read by meaning too
# (another cause: 0.73); MRPC's F1 fell from 0.699 to 0.683, its looser
# paraphrases adding a clause in one outlet's words.
SWAPPED_WORDS = 6
# Where one stretch is all that differs ("from holding social media
# accounts" / "from using mobile phones in schools"): MRPC's F1 fell from
# 0.669 to 0.667, its paraphrases dropping a clause while rewording it.
SWAPPED_WORDS_ONE_STRETCH = 10
SWAP_FRAME_RATIO = 80.0
NAME_PUT_FOR_WORDS = 3
# Values a reworded copy is read by meaning for. Not a year alone, unless
# both name the same people and places: reworded sentences with other years
# are mostly other events ("in the 2006 war" / "the fight against ISIS in
# 2014"); in the same words a year is compared.
_MEANING_VALUE_KINDS = frozenset({"quantity", "date", "time", "score"})
# Word order similarity from which two sentences are read as one frame with
# some words put for others (another actor, a negation, an opposite verb).
FRAME_RATIO = 70.0


@dataclass
class PreparedClaim:
    """A claim ready to be compared: normalised text, tokens and facts."""

    id: int
    text: str
    normalized: str
    masked: str
    tokens: list[Token]
    facts: list[Fact]
    # Its sentence embedding (claims.embedding), set only for the pairs that
    # `needs_meaning` picks: computing one costs milliseconds.
    meaning: np.ndarray | None = None
    # The article it comes from, when known.
    source: int | None = None

    @cached_property
    def unread_numbers(self) -> Counter[str]:
        return unread_numbers(self.text, self.facts)

    @cached_property
    def identifiers(self) -> frozenset[str]:
        """Numbers of two digits or more written in it, for `_anchored`."""
        return frozenset(n for n in _digit_runs(self.text) if len(n) >= 2)

    @property
    def word_count(self) -> int:
        return len(self.tokens)

    @property
    def names(self) -> frozenset[str]:
        """The names a claim mentions, by their first four letters, so that
        "Iran", "Iranian" and "Iranians" are one. The first word counts unless
        it is a function word or a number, capitalised only for starting."""
        return frozenset(
            t.text[:4]
            for i, t in enumerate(self.tokens)
            if len(t.text) > 2
            and _is_name(t)
            and (i > 0 or not (_is_function(t) or t.text.removesuffix("s") in _NUMBER_WORDS))
        )

    @cached_property
    def name_keys(self) -> tuple[frozenset[str], frozenset[str]]:
        """The keys (first four letters; the United States, capitals and a
        few other names each under one) of all the claim's words, and of its
        names past the first word, which may be capitalised only for starting
        the sentence ("Fearing …"). Read by several rules for each pair."""
        tokens, _ = _one_name_for_the_united_states(self.tokens)
        every: set[str] = set()
        inner: set[str] = set()
        for i, token in enumerate(tokens):
            if len(token.text) < 2:
                continue
            key = _SAME_NAMES.get(token.text, token.text)[:4]
            every.add(key)
            if i > 0 and (_is_name(token) or token.text == _UNITED_STATES):
                inner.add(key)
        return frozenset(every), frozenset(inner)

    @property
    def content_words(self) -> int:
        return len(index_terms(self.masked))


def prepare(
    claim_id: int,
    text: str,
    aliases: AliasFolder | None = None,
    quantities: Sequence[ParsedQuantity] | None = None,
) -> PreparedClaim:
    tokens = tokenize(text, aliases)
    normalized = " ".join(token.text for token in tokens)
    return PreparedClaim(
        id=claim_id,
        text=text,
        normalized=normalized,
        masked=mask_numbers(normalized),
        tokens=tokens,
        facts=extract_facts(text, quantities),
    )


@dataclass(frozen=True)
class Scores:
    token_set_ratio: float
    token_sort_ratio: float
    partial_ratio: float
    ratio: float
    combined: float
    # The scorer averaged with token_set_ratio: token_sort_ratio or partial_ratio.
    partner: str = "token_sort_ratio"

    def as_dict(self) -> dict[str, float]:
        return {
            "combined": round(self.combined, 1),
            "token_set_ratio": round(self.token_set_ratio, 1),
            "token_sort_ratio": round(self.token_sort_ratio, 1),
            "partial_ratio": round(self.partial_ratio, 1),
            "ratio": round(self.ratio, 1),
        }


def score_texts(a: str, b: str) -> Scores:
    """rapidfuzz scores of two normalised texts, and their combination:
    token-set similarity (reordered wording, extra words on one side) averaged
    with whole-text token order for claims of similar length, or with partial
    matching when a short claim sits inside a longer sentence (token-set
    similarity alone gives 100 to any subset, however short)."""
    words_a, words_b = a.count(" ") + 1, b.count(" ") + 1
    balance = min(words_a, words_b) / max(words_a, words_b)
    token_set = fuzz.token_set_ratio(a, b)
    token_sort = fuzz.token_sort_ratio(a, b)
    partial = fuzz.partial_ratio(a, b)
    plain = fuzz.ratio(a, b)
    if balance >= BALANCED_LENGTHS:
        combined = (1 - SORT_WEIGHT) * token_set + SORT_WEIGHT * token_sort
        return Scores(token_set, token_sort, partial, plain, combined)
    return Scores(token_set, token_sort, partial, plain, (token_set + partial) / 2, "partial_ratio")


@dataclass(frozen=True)
class MatchDecision:
    relation: str  # same | conflict
    state: str  # suggested | confirmed
    score: float
    method: str
    explanation: dict


def _aligned_words(a: Sequence[Token], b: Sequence[Token], limit: int = 40) -> list[str]:
    words_a = [t.text for t in a]
    words_b = [t.text for t in b]
    aligned: list[str] = []
    for tag, a0, a1, _b0, _b1 in Levenshtein.opcodes(words_a, words_b).as_list():
        if tag == "equal":
            aligned.extend(words_a[a0:a1])
    return aligned[:limit]


def _quantities_identical(a: Sequence[Fact], b: Sequence[Fact]) -> bool:
    def values(facts: Sequence[Fact]) -> set[tuple[str, str, float, float]]:
        return {(f.kind, f.key, f.low, f.high) for f in facts}

    return values(a) == values(b)


def _vague_values(facts: Sequence[Fact]) -> set[float]:
    return {f.value for f in facts if f.kind == "quantity" and f.qualifier == "vague"}


def _specific_values(facts: Sequence[Fact]) -> set[tuple[str, float]]:
    """The values that single out a fact: counts and measures from 10 up or
    with decimals ("176", "8.5 m"), and days of a month ("January 14")."""
    values: set[tuple[str, float]] = set()
    for fact in facts:
        # "Thousands of mourners" / "thousands of protesters" single out nothing.
        if fact.kind == "quantity" and math.isfinite(fact.value) and fact.qualifier != "vague":
            if fact.value >= 10 or fact.value != int(fact.value):
                values.add(("number", round(fact.value, 3)))
        elif fact.kind == "date" and fact.day and fact.day[2]:
            values.add(("day", fact.day[1] * 100 + fact.day[2]))
    return values


def _reads_alike(a: PreparedClaim, b: PreparedClaim, scores: Scores, threshold: float) -> bool:
    return scores.combined >= threshold or _anchored(a, b, scores)


def _may_disagree_in_other_words(
    a: PreparedClaim, b: PreparedClaim, scores: Scores, facts: Sequence[Difference]
) -> bool:
    """A reworded candidate whose values (`facts`, from `compare_facts`)
    disagree, from two articles: one article's sentences with other values
    are other facts (a detail and the average of all), not a disagreement."""
    return (
        scores.token_set_ratio >= REWORDED_THRESHOLD
        and (a.source is None or a.source != b.source)
        and any(
            d.kind in _MEANING_VALUE_KINDS
            # A year or a day of the week alone ties two reworded sentences
            # to one event only when they name the same people and places.
            or (d.kind in {"year", "weekday"} and _names_agree(a, b, named=True))
            for d in facts
        )
    )


def _names_agree(a: PreparedClaim, b: PreparedClaim, named: bool = False, missing: int = 0) -> bool:
    """Every name either claim has past its first word is in the other, but
    for `missing` of them (and, if `named`, they have one at least)."""
    every_a, inner_a = a.name_keys
    every_b, inner_b = b.name_keys
    if named and not (inner_a or inner_b):
        return False
    return len(inner_a - every_b) + len(inner_b - every_a) <= missing


def _names_shared(a: PreparedClaim, b: PreparedClaim) -> bool:
    every_a, inner_a = a.name_keys
    every_b, inner_b = b.name_keys
    return bool(inner_a & every_b or inner_b & every_a)


def _may_say_the_same_in_other_words(
    a: PreparedClaim, b: PreparedClaim, scores: Scores, facts: Sequence[Difference]
) -> bool:
    """A reworded candidate from two articles that names the same people and
    places and disagrees on no value: its meaning decides whether it is one
    claim in other words."""
    return (
        scores.token_set_ratio >= REWORDED_THRESHOLD
        and (a.source is None or a.source != b.source)
        and not facts
        and _names_agree(a, b)
    )


def needs_meaning(a: PreparedClaim, b: PreparedClaim, threshold: float = SUGGEST_THRESHOLD) -> bool:
    """Whether only the two sentences' meaning can decide a candidate
    (token-set score at least `REWORDED_THRESHOLD`, as the index retrieves
    them): one too reworded for the text scores whose values disagree (two
    outlets that each write a casualty count in their own words share few
    words; those are the copies whose differing numbers a desk most needs to
    see), or one alike in wording but for a few words put for others."""
    shortest = min(a.content_words, b.content_words)
    if shortest < MIN_MEANING_CONTENT_WORDS:
        return False
    scores = score_texts(a.masked, b.masked)
    if scores.token_set_ratio < min(ANCHOR_THRESHOLD, REWORDED_THRESHOLD):
        return False
    if shortest < MIN_CONTENT_WORDS:
        return _may_disagree_in_other_words(a, b, scores, compare_facts(a.facts, b.facts))
    if _reads_alike(a, b, scores, threshold):
        # Alike in wording: meaning decides only between words put for others.
        return _words_swapped(a, b, words_put_for_others(a.tokens, b.tokens))
    facts = compare_facts(a.facts, b.facts)
    return _may_disagree_in_other_words(a, b, scores, facts) or _may_say_the_same_in_other_words(
        a, b, scores, facts
    )


def claims_needing_meaning(
    pairs: Iterable[tuple[PreparedClaim, PreparedClaim]], threshold: float = SUGGEST_THRESHOLD
) -> list[PreparedClaim]:
    """The claims of `pairs` still without an embedding that `decide` will
    read, each once, so that they are embedded in one batch."""
    return without_meaning(pair for pair in pairs if needs_meaning(*pair, threshold))


def without_meaning(
    pairs: Iterable[tuple[PreparedClaim, PreparedClaim]],
) -> list[PreparedClaim]:
    """The claims of `pairs` without an embedding yet, each once."""
    wanted: dict[int, PreparedClaim] = {}
    for pair in pairs:
        for claim in pair:
            if claim.meaning is None:
                wanted.setdefault(id(claim), claim)
    return list(wanted.values())


def meaning_text(claim: PreparedClaim) -> str:
    """What is embedded: the sentence as written, without a wire dateline."""
    return without_furniture(claim.text)


def meaning_similarity(a: PreparedClaim, b: PreparedClaim) -> float | None:
    if a.meaning is None or b.meaning is None:
        return None
    return float(np.dot(a.meaning, b.meaning))


def _anchored(a: PreparedClaim, b: PreparedClaim, scores: Scores) -> bool:
    """Reworded copies of one fact share few words but the same names, or the
    same names and the same specific values: enough, at a lower text score,
    to put the pair before a reviewer."""
    if scores.combined < ANCHOR_THRESHOLD:
        return False
    # A model, flight or disease named by a number ("Boeing 737", "COVID-19")
    # is a name, also where the other claim reads the number as a count ("the
    # Ukrainian 737 crashed").
    identifiers = (
        a.identifiers & b.identifiers & (a.unread_numbers.keys() | b.unread_numbers.keys())
    )
    names_a, names_b = a.names | identifiers, b.names | identifiers
    shared = names_a & names_b
    smaller = min(len(names_a), len(names_b))
    if len(shared) >= ANCHOR_NAMES and len(shared) * 5 >= smaller * 3:
        return True
    values = _specific_values(a.facts) & _specific_values(b.facts)
    if values:
        return len(values) + len(shared) >= ANCHOR_FACTS
    # "Thousands of mourners" / "thousands of protesters" single out little:
    # a vague count anchors only with more names.
    return bool(_vague_values(a.facts) & _vague_values(b.facts)) and len(shared) >= ANCHOR_FACTS


# Words one outlet puts for another's when it names the same subject.
_SUBJECT_SYNONYMS = [
    _word_set("parliament legislature lawmakers legislators mps deputies"),
    _word_set("troops soldiers forces personnel"),
    _word_set("military army forces"),
    _word_set("government cabinet administration"),
    _word_set("officials authorities"),
    _word_set("militia militias militiamen militants fighters"),
    _word_set("president leader"),
    _word_set("head chief commander"),
    # Not actors, but put for each other near the start all the same
    # ("Iran fired" / "Iran launched more than a dozen missiles").
    _word_set("fired launched"),
]
SUBJECT_WORDS = 5
_STEMMED_SYNONYMS = [
    {_stem(w) for w in group}
    for group in [
        *_SUBJECT_SYNONYMS,
        _word_set("killed slain died dead perished"),
        _word_set("wounded injured hurt"),
        _word_set("named appointed"),
        # A central bank's rate, however the outlet calls it.
        _word_set("key benchmark main policy"),
        _word_set("premier prime"),
        _word_set("rose climbed jumped increased gained surged soared"),
        _word_set("fell dropped declined decreased slipped slid tumbled plunged"),
        _word_set("attack strike assault raid"),
        _word_set("plane aircraft airliner jet"),
        _word_set("missiles rockets projectiles"),
        # Words a news desk puts for one another in reprinted copy.
        _word_set("output production"),
        _word_set("surpassing topping exceeding surpassed topped exceeded"),
        _word_set("capping crowning completing"),
        _word_set("beat defeated"),
        _word_set("company firm"),
        _word_set("deal agreement accord pact"),
        _word_set("talks negotiations"),
        _word_set("began started commenced"),
        _word_set("bought acquired purchased"),
        _word_set("biggest largest"),
        _word_set("vowed pledged promised"),
        _word_set("probe investigation inquiry"),
        _word_set("jailed imprisoned"),
        _word_set("buried engulfed swamped"),
        _word_set("nearly almost"),
        _word_set("huge massive"),
        _word_set("children kids"),
        _word_set("flagrant blatant"),
        _word_set("flyover overpass"),
        _word_set("reached struck clinched sealed"),
        _word_set("due scheduled slated"),
        _word_set("announced unveiled"),
        _word_set("quit resigned"),
        _word_set("ousted toppled deposed"),
        _word_set("seized captured"),
        _word_set("detained arrested"),
        _word_set("warned cautioned"),
        _word_set("hit struck"),
        _word_set("blaze fire"),
        _word_set("blast explosion"),
        _word_set("quake earthquake tremor"),
        _word_set("ship vessel"),
        _word_set("residents inhabitants"),
        _word_set("help aid assist"),
        _word_set("cut reduced lowered slashed"),
        _word_set("raised lifted hiked"),
        _word_set("doctors physicians"),
        _word_set("polls surveys"),
        _word_set("erupted broke"),
        _word_set("plant factory"),
    ]
]
# A generic word an outlet puts for the specific one ("the first person" /
# "the first man to run a marathon in under two hours") says no other thing;
# the specific words are not synonyms of each other ("man" / "woman").
_GENERIC_WORDS = {
    _stem(generic): {_stem(w) for w in specific.split()}
    for generic, specific in {
        "person": "man woman individual",
        "people": "men women persons individuals",
    }.items()
}
_AUXILIARIES = {"were": "was", "are": "is", "have": "has", "do": "does"}
# Past forms without "-ed" that news copy uses for what its subject did.
_IRREGULAR_PAST = _word_set(
    "rose fell grew won lost hit took made went came began broke ran set put cut led held "
    "left sank struck shot fought flew drew threw chose spoke wrote gave got kept sold bought "
    "paid rang swung spun slid beat retook overtook withdrew overthrew rebuilt built sent spent "
    "sought brought caught taught met fled fed sped shed hid bit lit split stood swore tore "
    "froze drove rode hung dug stuck shrank sprang became overcame saw knew blew told "
    "found bound wound upheld withheld"
)
# Words that say how or where, not who: a swap of them is read by meaning
# ("searched frantically" / "desperately", "raged across" / "throughout").
_NOT_ACTORS = _word_set(
    "across throughout through during amid among within around inside outside near over under "
    "before after ahead since until"
)
_PARTICLES = _word_set("down up off out back over")


def _verbs(words: Sequence[str]) -> bool:
    """Whether words are a verb in the past, with its particle ("touched
    down"), not a subject put for another."""
    verbs = [w for w in words if w not in _PARTICLES]
    return bool(verbs) and all(
        (w.endswith("ed") and len(w) > 4) or w in _IRREGULAR_PAST for w in verbs
    )


# "half of Pakistan" / "a third of Pakistan": values, not who acts.
_SHARE_AND_RANK_WORDS = (
    {word for share in _FRACTIONS for word in share.split()} - _NUMBER_WORDS - {"a", "one"}
) | set(_ORDINAL_VALUES)


def _one_thing_swapped(a: Sequence[Token], b: Sequence[Token]) -> Difference | None:
    """The one thing two otherwise identical sentences disagree on is who
    acts ("The Iraqi government called the strike …" / "The Iraqi parliament
    called the strike …"): a few words near the start put for others; or, at
    any place, who or what it is about: names put for other names ("to
    condemn the airstrikes on Kataib Hezbollah" / "the killing of Soleimani")."""
    # The verb agrees with its subject ("investigators were" / "the agency
    # was"): that is the same verb.
    words_a = [_AUXILIARIES.get(t.text, t.text) for t in a]
    words_b = [_AUXILIARIES.get(t.text, t.text) for t in b]
    # One stretch of edits (a replacement, perhaps with a word more or less).
    stretch = _one_stretch(words_a, words_b)
    if stretch is None:
        return None
    a0, a1, b0, b1 = stretch
    articles = {"the", "a", "an"}
    left = [w for w in words_a[a0:a1] if w not in articles]
    right = [w for w in words_b[b0:b1] if w not in articles]
    if any(
        w in _NUMBER_WORDS
        or w in _SHARE_AND_RANK_WORDS
        or w == "one"
        or not w.isalpha()
        or w in _WEEKDAYS
        or w in MONTHS
        for w in left + right
    ):
        return None  # a changed number, share, rank or day is a conflict, read from the values
    if a0 >= SUBJECT_WORDS:
        names_left = {t.text for t in a[a0:a1] if _is_name(t)}
        names_right = {t.text for t in b[b0:b1] if _is_name(t)}
        if not names_left or not names_right or names_left & names_right:
            return None
        if len(left) > MAX_NAME_WORDS + 2 or len(right) > MAX_NAME_WORDS + 2:
            return None
    elif (
        not 0 < len(left) <= 3
        or not 0 < len(right) <= 3
        or any(w in INDEX_STOPWORDS for w in left + right)
    ):
        return None
    if any(set(left) & group and set(right) & group for group in _SUBJECT_SYNONYMS):
        return None
    if _verbs(left) and _verbs(right):
        return None  # "futures rose" / "futures climbed": the verb, read by meaning
    if all(w.endswith("ly") or w in _NOT_ACTORS for w in left + right):
        return None
    if all(any(synonyms.alike(x, y) for y in right) for x in left):
        return None  # "militants kidnapped" / "abducted"

    # A spelling or a form of one name ("Iran's" / "Iranian").
    if _same_name(left, right) or "".join(left).startswith("".join(right)[:4]):
        return None
    return Difference("subject", " ".join(left), " ".join(right))


_SPEECH_VERBS = _word_set("said says told tells")


def _speech(words: Sequence[str]) -> tuple[set[str], set[str]] | None:
    """Who speaks in "X said Y …", and the words just after: the first "said"
    or "told" with a name or a noun right before it (not "it said")."""
    for i, word in enumerate(words):
        if word not in _SPEECH_VERBS or i == 0 or words[i - 1] in INDEX_STOPWORDS:
            continue
        speaker = {w for w in words[max(0, i - 2) : i] if w not in INDEX_STOPWORDS}
        after = {w for w in words[i + 1 : i + 6] if w not in INDEX_STOPWORDS}
        return speaker, after
    return None


# Words between two things that name no roles: "Germany and France",
# "talks between Iran and the US", "Spain drew with Italy".
_SYMMETRIC = _word_set(
    "and or nor plus with between versus vs against met meet meets faced face faces played "
    "drew tied married"
)


# Words that give two things their roles though nothing else stands between
# them: "spread from the cargo hold to the engine room".
_DIRECTED = _word_set("to from into onto by than over toward towards")


def _without_re(word: str, others: Sequence[str]) -> str:
    return word[2:] if word.startswith("re") and word[2:] in others else word


def things_swapped(a: Sequence[Token], b: Sequence[Token]) -> Difference | None:
    """Two things change places in otherwise the same words: "the captain was
    locked out by the co-pilot" / "the co-pilot was locked out by the
    captain", "Lula da Silva defeated Jair Bolsonaro" / the reverse."""
    # "killed a contractor and wounded service members" / "killed a service
    # member and wounded contractors": one word in either number.
    words_a = [_stem(t.text) for t in a]
    words_b = [_stem(t.text) for t in b]
    # "left the tour to join the circuit" / "left the circuit to rejoin the tour".
    words_a = [_without_re(w, words_b) for w in words_a]
    words_b = [_without_re(w, words_a) for w in words_b]
    if words_a == words_b or sorted(words_a) != sorted(words_b):
        return None
    start = next(i for i, (x, y) in enumerate(zip(words_a, words_b, strict=False)) if x != y)
    end = next(
        i for i, (x, y) in enumerate(zip(words_a[::-1], words_b[::-1], strict=False)) if x != y
    )
    # The differing middles, X … Y against Y … X, with the same words between.
    mid_a, mid_b = words_a[start : len(words_a) - end], words_b[start : len(words_b) - end]
    n = len(mid_a)
    for i in range(1, n - 1):
        for j in range(1, n - i):
            first, second = mid_a[:i], mid_a[n - j :]
            if (
                mid_b[:j] != second
                or mid_b[n - i :] != first
                or mid_b[j : n - i] != mid_a[i : n - j]
            ):
                continue
            # The words between as written: the word lists above are stems.
            between = [t.text for t in a[start + i : start + n - j]]
            counted = any(w.isdigit() or w in _NUMBER_WORDS or w == "one" for w in between)
            # "Iran and Iraq" / "Iraq and Iran" is one fact; "killed X and
            # wounded Y" / "killed Y and wounded X" is not.
            symmetric = _SYMMETRIC & set(between) and all(
                w in _SYMMETRIC or w in INDEX_STOPWORDS for w in between
            )
            if (len(between) <= 3 and symmetric and not counted) or (
                all(w in INDEX_STOPWORDS for w in between) and not _DIRECTED & set(between)
            ):
                return None
            return Difference("subject", " ".join(first), " ".join(second))
    return None


_BE_FORMS = _word_set("is are was were be been being")
# How far after a passive verb its doer may stand: "were beaten 32-12 by".
PASSIVE_AGENT_WORDS = 5


def _passive(words: Sequence[str]) -> tuple[int, str] | None:
    """Where a sentence says what was done to its subject and by whom ("were
    beaten 32-12 by"): the index of the form of "be", and the verb."""
    for i, word in enumerate(words[:-2]):
        if word in _BE_FORMS and "by" in words[i + 2 : i + 2 + PASSIVE_AGENT_WORDS]:
            return i, words[i + 1]
    return None


def voice_turned(a: Sequence[Token], b: Sequence[Token]) -> Difference | None:
    """The same subject does a thing in one sentence and has it done to it
    in the other: "England were beaten by South Africa" / "England beat
    South Africa". ("South Africa beat England" says the same.)"""
    for one, other in ((a, b), (b, a)):
        words, others = [t.text for t in one], [t.text for t in other]
        passive = _passive(words)
        if passive is None or passive[0] == 0 or _passive(others) is not None:
            continue
        at, verb = passive
        active = next(
            (
                j
                for j, w in enumerate(others)
                if j > 0
                and others[j - 1] not in _BE_FORMS
                and synonyms.same_word(w, verb)
                # "The conference, sponsored by …" is as passive.
                and "by" not in others[j + 1 : j + 1 + PASSIVE_AGENT_WORDS]
            ),
            None,
        )
        subject = words[at - 1]
        if (
            active is not None
            and others[active - 1] == subject
            and subject not in INDEX_STOPWORDS
            and subject.isalpha()
        ):
            return Difference("subject", " ".join(words[at - 1 : at + 2]), others[active])
    return None


# People named by who they are to someone named: "the brother of former
# president Juan Orlando Hernandez", "Hernandez's brother".
_KIN = _word_set(
    "brother brothers sister sisters son sons daughter daughters wife husband widow father "
    "mother cousin nephew niece uncle aunt"
)
# Those a person has about them: after the name ("Scheffler's caddie was
# detained" / "Scheffler was detained") as much as before it.
_ENTOURAGE = _word_set(
    "caddie caddy manager lawyer lawyers attorney attorneys bodyguard bodyguards driver"
)
# After a name, "spokesman for the company" is the name's own title.
_RELATIONS = (
    _KIN | _ENTOURAGE | _word_set("aide aides spokesman spokeswoman deputy adviser advisor")
)


def relation_added(a: PreparedClaim, b: PreparedClaim) -> Difference | None:
    """One of two sentences in nearly the same words names someone by who
    they are to a person both name ("the brother of X" / "X"): another
    person."""
    if fuzz.ratio(a.normalized, b.normalized) < SWAP_FRAME_RATIO:
        return None
    words_a = [t.text for t in a.tokens]
    words_b = [t.text for t in b.tokens]
    for tag, a0, a1, b0, b1 in Levenshtein.opcodes(words_a, words_b).as_list():
        if tag == "insert":
            longer, start, end = b.tokens, b0, b1
        elif tag == "delete":
            longer, start, end = a.tokens, a0, a1
        else:
            continue
        added = [t.text for t in longer[start:end]]
        relation = next((w for w in added if w in _RELATIONS), None)
        if relation is None:
            continue
        # "the brother of (former president) X" before the name, "X's
        # brother" after it.
        before_name = added[-1] == "of" and any(_is_name(t) for t in longer[end : end + 3])
        after_name = added[0] in _KIN | _ENTOURAGE and start > 0 and _is_name(longer[start - 1])
        if before_name or after_name:
            return Difference("name", " ".join(added), "")
    return None


# What one side chose over the other: "sanctions rather than retaliation".
_ALTERNATIVES = (("rather", "than"), ("instead", "of"))


def _around_alternative(words: list[str]) -> tuple[set[str], set[str]] | None:
    for marker in _ALTERNATIVES:
        for i in range(len(words) - 1):
            if (words[i], words[i + 1]) == marker:
                return (
                    {_stem(w) for w in words[:i] if w not in INDEX_STOPWORDS},
                    {_stem(w) for w in words[i + 2 :] if w not in INDEX_STOPWORDS},
                )
    return None


def alternatives_swapped(a: Sequence[Token], b: Sequence[Token]) -> Difference | None:
    """What was chosen and what was passed over change places: "sanctions on
    Iran rather than military retaliation" / "military retaliation against
    Iran rather than sanctions"."""
    words_a = [t.text for t in a]
    words_b = [t.text for t in b]
    # What both say before and after the two alternatives is neither.
    shortest = min(len(words_a), len(words_b))
    start = 0
    while start < shortest and words_a[start] == words_b[start]:
        start += 1
    end = 0
    while end < shortest - start and words_a[-1 - end] == words_b[-1 - end]:
        end += 1
    sides_a = _around_alternative(words_a[start : len(words_a) - end])
    sides_b = _around_alternative(words_b[start : len(words_b) - end])
    if sides_a is None or sides_b is None:
        return None
    (chosen_a, passed_a), (chosen_b, passed_b) = sides_a, sides_b
    if len(chosen_a & passed_b) > len(chosen_a & chosen_b) and len(passed_a & chosen_b) > len(
        passed_a & passed_b
    ):
        return Difference("event", " ".join(sorted(chosen_a)), " ".join(sorted(chosen_b)))
    return None


_CONTRASTS = _word_set("but although though yet while whereas")


def contrast_added(a: PreparedClaim, b: PreparedClaim) -> Difference | None:
    """One of two sentences in nearly the same words sets a "but" clause
    against what both say ("all 12 boys and their coach were rescued" /
    "all 12 boys were rescued, but their coach remains trapped"): it tells
    another outcome, where a reworded paraphrase would say the contrast in
    its own words on both sides."""
    if fuzz.ratio(a.normalized, b.normalized) < SWAP_FRAME_RATIO:
        return None
    words_a = {t.text for t in a.tokens}
    words_b = {t.text for t in b.tokens}
    if (words_a | words_b) & (_CONTRASTS - {"but"}):
        return None
    contrast_a, contrast_b = _sets_against(a.tokens), _sets_against(b.tokens)
    if contrast_a == contrast_b:
        return None
    return Difference("event", "but" if contrast_a else "", "but" if contrast_b else "")


def _sets_against(tokens: Sequence[Token]) -> bool:
    # "But" opening a sentence ties it to the one before, and "not only ...
    # but also" adds: neither sets anything against.
    return any(
        t.text == "but" and i > 0 and (i + 1 == len(tokens) or tokens[i + 1].text != "also")
        for i, t in enumerate(tokens)
    )


def speakers_swapped(a: Sequence[Token], b: Sequence[Token]) -> Difference | None:
    """Who said it and who it is about change places: "Pompeo said Iraqi
    leaders had …" / "Iraqi leaders said Pompeo had …"."""
    speech_a = _speech([t.text for t in a])
    speech_b = _speech([t.text for t in b])
    if speech_a is None or speech_b is None:
        return None
    (speaker_a, after_a), (speaker_b, after_b) = speech_a, speech_b
    if speaker_a & speaker_b or not speaker_a <= after_b or not speaker_b <= after_a:
        return None
    return Difference("speaker", " ".join(sorted(speaker_a)), " ".join(sorted(speaker_b)))


# Words that name who reports, not what happened: a wire copy adds them.
_ATTRIBUTION_WORDS = _word_set(
    "said says say told reported reports according agency news media state tv television "
    "statement added wrote tweeted tweet twitter officials official spokesman spokeswoman "
    "warned stated noted claimed insisted declared asserted explained"
)


def _own_words(tokens: Sequence[Token]) -> set[str]:
    return {
        _stem(t.text)
        for t in tokens
        if not t.capitalised
        and len(t.text) > 2
        and t.text.isalpha()
        and not _is_function(t)
        and t.text not in NEGATIONS
        and t.text not in _ATTRIBUTION_WORDS
        and t.text not in _NUMBER_WORDS
    }


# A word and itself behind one of these is another thing ("final" /
# "semifinal", "man" / "woman", "president" / "vicepresident").
_MEANING_PREFIXES = _word_set("semi quarter vice wo anti non un dis sub ex")


# Those a hyphen may set apart; not "quarter" or "un", words or letters of
# their own.
_PREFIXES_WRITTEN_APART = _word_set("semi vice anti sub ex")


def _prefix_written_apart(words_a: list[str], words_b: list[str]) -> bool:
    """One sentence puts a prefix before a word the other has alone
    ("semi-final" / "final", "ex-husband" / "husband")."""
    for a0, a1, b0, b1 in _differing_regions(words_a, words_b, one_sided=True):
        for one, other in ((words_a[a0:a1], words_b[b0:b1]), (words_b[b0:b1], words_a[a0:a1])):
            # "semi-finals" / "final": the word itself may be another form.
            if (
                one[:1]
                and one[0] in _PREFIXES_WRITTEN_APART
                and [_stem(w) for w in one[1:]] == [_stem(w) for w in other]
            ):
                return True
    return False


def _prefixed(longer: str, shorter: str) -> bool:
    return longer.endswith(shorter) and longer[: -len(shorter)] in _MEANING_PREFIXES


def _part_of(part: str, word: str) -> bool:
    """An abbreviation ("gen" / "general") or a word of a compound ("air" /
    "airstrik", "bind" / "nonbind"); not letters that end another word
    ("stern" / "eastern")."""
    return word.startswith(part) or (word.endswith(part) and len(word) - len(part) >= 3)


def _begin_alike(x: str, y: str) -> bool:
    return x[0] == y[0] or x.endswith(y) or y.endswith(x)


def _same_word(x: str, y: str) -> bool:
    """Spellings, abbreviations and compounds of one word ("gen" / "general",
    "bind" / "nonbind"), or words one outlet puts for another's."""
    if _prefixed(x, y) or _prefixed(y, x):
        return False
    return (
        _part_of(x, y)
        or _part_of(y, x)
        # Spellings of one word are about as long and begin alike ("defence" /
        # "defense", "tons" / "tonnes", "board" / "aboard"); not "stern" /
        # "eastern", nor "president" / "residence".
        or (abs(len(x) - len(y)) <= 1 and _begin_alike(x, y) and fuzz.ratio(x, y) >= 75)
        or any(x in group and y in group for group in _STEMMED_SYNONYMS)
        or x in _GENERIC_WORDS.get(y, ())
        or y in _GENERIC_WORDS.get(x, ())
    )


def words_put_for_others(a: Sequence[Token], b: Sequence[Token]) -> tuple[set[str], set[str]]:
    """The lower-case content words (stemmed) each sentence has and the other
    lacks, leaving out names, function words, attribution, and spellings or
    synonyms of a word on the other side. Both sides non-empty: a word was put
    for another ("Germany sent more of its soldiers" / "Germany withdrew some
    of its soldiers"), which either says the same thing in other words or
    states another fact."""
    own_a, own_b = _own_words(a), _own_words(b)
    only_a, only_b = own_a - own_b, own_b - own_a
    # Read against every word of the other side, names and short ones too
    # ("metres" against "m", "airstrikes" against "air strikes").
    all_a = {_stem(t.text) for t in a if not _is_function(t)}
    all_b = {_stem(t.text) for t in b if not _is_function(t)}
    lonely_a = {x for x in only_a if not any(_same_word(x, y) for y in all_b)}
    lonely_b = {y for y in only_b if not any(_same_word(y, x) for x in all_a)}
    if lonely_a or lonely_b:
        # "in a televised speech" / "address": a word English puts for it.
        lonely_a = {x for x in lonely_a if not _synonym_across(x, a, b)}
        lonely_b = {y for y in lonely_b if not _synonym_across(y, b, a)}
    return lonely_a, lonely_b


def _synonym_across(stem: str, own: Sequence[Token], other: Sequence[Token]) -> bool:
    """Whether a word of `own` (by its stem) shares a common sense with a
    lower-case content word of `other`, read as written: WordNet knows
    "addresses", not the stem "address"."""
    written = {t.text for t in own if _stem(t.text) == stem}
    return any(
        synonyms.alike(x, t.text)
        for x in written
        for t in other
        if not t.capitalised and not _is_function(t)
    )


# Offices no outlet puts for one another: "sworn in as president" / "as
# prime minister" is another office ("leader" and "premier" stand for some).
_OFFICES = {
    _stem(w)
    for w in _word_set(
        "president minister chancellor governor mayor senator speaker king queen ambassador "
        "commander"
    )
}


def _another_office(a: PreparedClaim, b: PreparedClaim, lonely: tuple[set[str], set[str]]) -> bool:
    """One office put for another in alike sentences, though the other side
    names it elsewhere ("Former Prime Minister Ehud Olmert … while serving as
    mayor" / "… as prime minister"); `lonely`: the words each puts for others
    (`words_put_for_others`)."""
    if fuzz.ratio(a.normalized, b.normalized) < SWAP_FRAME_RATIO:
        return False
    lonely_a, lonely_b = lonely
    if lonely_a & _OFFICES and lonely_b & _OFFICES:
        return True
    words_a = [t.text for t in a.tokens]
    words_b = [t.text for t in b.tokens]
    for a0, a1, b0, b1 in _differing_regions(words_a, words_b):
        offices_a = {_stem(w) for w in words_a[a0:a1]} & _OFFICES
        offices_b = {_stem(w) for w in words_b[b0:b1]} & _OFFICES
        if offices_a and offices_b and not offices_a & offices_b:
            return True
    return False


def _prefixed_word_put(
    a: Sequence[Token], b: Sequence[Token], lonely: tuple[set[str], set[str]]
) -> bool:
    """A word put for itself behind a prefix that makes it another thing
    ("the final" / "the semifinal"); `lonely` as for `_another_office`."""
    lonely_a, lonely_b = lonely
    if _prefix_written_apart([t.text for t in a], [t.text for t in b]):
        return True
    # "unfunded tax cuts" / "tax cuts with no funding plan": the other side
    # negates in a word of its own.
    negates_a = any(t.text in NEGATIONS or t.text == "without" for t in a)
    negates_b = any(t.text in NEGATIONS or t.text == "without" for t in b)
    return any(
        (_prefixed(x, y) and not (_negating_prefix(x, y) and negates_b))
        or (_prefixed(y, x) and not (_negating_prefix(y, x) and negates_a))
        for x in lonely_a
        for y in lonely_b
    )


def _negating_prefix(longer: str, shorter: str) -> bool:
    return longer[: -len(shorter)] in _NEGATING_PREFIXES


# Who told it and how, which a reprint may add ("told reporters at a news
# conference", "local authorities said", "in a televised address").
_TELLING_WORDS = {
    _stem(w)
    for w in _ATTRIBUTION_WORDS
    | _word_set(
        "reporters journalists conference briefing interview address speech televised "
        "broadcast remarks press authorities local police sources source cent per"
    )
}
# A clause joined on of this many content words more, all else word for word
# the same ("…, and died of his wounds"): a reprint adds no fact.
ADDED_CLAUSE_WORDS = 2
# Words of its own any other stretch needs to state a fact more ("…, and was
# questioned overnight by state security officers"); fewer describe ("the
# remote mountainous province") or spell ("5.25 per cent").
ADDED_WORDS = 3
_JOINING = _word_set("and but or while then")


def _fact_added(
    a: Sequence[Token],
    b: Sequence[Token],
    one_stretch: tuple[int, int, int, int] | None,
    lonely: tuple[set[str], set[str]],
) -> bool:
    """Whether one sentence is the other, word for word, with a stretch of
    its own added that states something more; `one_stretch` as `_one_stretch`
    finds it, `lonely` as for `_another_office`. A clause joined on with "and"
    or "but" states a fact in two words, the names it adds counting ("and
    would withdraw from the Non-Proliferation Treaty", "and died of his
    wounds"); any other stretch needs three words of its own, names not
    counting ("U.S. planemaker Boeing", "the Georgian capital Tbilisi" describe
    whom both name); who said it ("said Rory Bruer, Sony head of
    distribution") states no fact at all."""
    lonely_a, lonely_b = lonely
    if one_stretch is None or (lonely_a and lonely_b):
        return False
    a0, a1, b0, b1 = one_stretch
    if a0 != a1 and b0 != b1:
        return False
    added = a[a0:a1] if a0 != a1 else b[b0:b1]
    own = (lonely_a or lonely_b) - _TELLING_WORDS
    joined = added[0].text in _JOINING or added[-1].text in _JOINING
    if any(t.text in _ATTRIBUTION_WORDS for t in added) or not joined:
        return len(own) >= ADDED_WORDS
    # Values are read as values: "a second five-year term", "early Tuesday".
    stated = {
        _stem(t.text)
        for t in added
        if t.text.isalpha()
        and not _is_function(t)
        and t.text not in NUMBER_WORDS
        and t.text not in _WEEKDAYS
        and t.text not in MONTHS
    }
    return bool(own) and len(stated - _TELLING_WORDS) >= ADDED_CLAUSE_WORDS


def _words_swapped(a: PreparedClaim, b: PreparedClaim, lonely: tuple[set[str], set[str]]) -> bool:
    """One sentence in the other's words but for a few put for others
    (`lonely`: `words_put_for_others`); reworded paraphrases (whole-text
    similarity under `SWAP_FRAME_RATIO`) are read by their words, not by
    this."""
    words_a = [t.text for t in a.tokens]
    words_b = [t.text for t in b.tokens]
    # One stretch put for another, all else word for word the same, is read
    # as a swap in less alike sentences too ("at the funeral procession for
    # Soleimani" / "at a vigil for victims of the plane crash").
    # Not where it says who said it: that is told in many ways.
    stretch = _one_stretch(words_a, words_b)
    least = SWAP_FRAME_RATIO
    if stretch is not None:
        a0, a1, b0, b1 = stretch
        if not _ATTRIBUTION_WORDS & {*words_a[a0:a1], *words_b[b0:b1]}:
            least = FRAME_RATIO
    if fuzz.ratio(a.normalized, b.normalized) < least:
        return False
    # "9.7 million bpd" / "9.7 million barrels per day": one thing abbreviated.
    regions = _differing_regions(words_a, words_b)
    if regions and all(
        _abbreviates(words_a[a0:a1], words_b[b0:b1]) or _abbreviates(words_b[b0:b1], words_a[a0:a1])
        for a0, a1, b0, b1 in regions
    ):
        return False
    lonely_a, lonely_b = lonely
    # One stretch put for another, all else the same, may be longer.
    most = SWAPPED_WORDS if len(regions) != 1 else SWAPPED_WORDS_ONE_STRETCH
    if not (lonely_a or lonely_b) or len(lonely_a) + len(lonely_b) > most:
        return False
    if lonely_a and lonely_b:
        return True
    # "a Montana law" / "a federal law": a name put for a word, all else alike.
    # Not a name put for "the two" or "the boy's mother" at the start, nor for
    # a longer stretch: who is meant, told in other words.
    if len(regions) != 1:
        return False
    a0, a1, b0, b1 = regions[0]
    if min(a0, b0) == 0 or max(a1 - a0, b1 - b0) > NAME_PUT_FOR_WORDS:
        return False
    named, worded = (
        (a.tokens[a0:a1], b.tokens[b0:b1]) if lonely_b else (b.tokens[b0:b1], a.tokens[a0:a1])
    )
    put = lonely_a or lonely_b
    return any(_stem(t.text) in put for t in worded) and all(
        _is_name(t) or t.text.isdigit() for t in named
    )


@lru_cache(maxsize=4096)
def _phrase_meaning(phrase: str) -> np.ndarray:
    return embedding.embed([phrase])[0]


def _stretches_put_for_others(
    a: PreparedClaim, b: PreparedClaim, lonely: tuple[set[str], set[str]]
) -> tuple[list[tuple[int, int, int, int]], int]:
    """The stretches where two alike sentences put words for others (those
    with a word of `lonely`, as `words_put_for_others` finds them), and how
    many stretches differ in all."""
    lonely_a, lonely_b = lonely
    regions = _differing_regions([t.text for t in a.tokens], [t.text for t in b.tokens])
    put = [
        (a0, a1, b0, b1)
        for a0, a1, b0, b1 in regions
        if any(_stem(t.text) in lonely_a for t in a.tokens[a0:a1])
        or any(_stem(t.text) in lonely_b for t in b.tokens[b0:b1])
    ]
    return put, len(regions)


def _phrases(
    a: PreparedClaim,
    b: PreparedClaim,
    stretches: Sequence[tuple[int, int, int, int]],
    context: int,
) -> list[tuple[str, str]]:
    words_a = [t.text for t in a.tokens]
    words_b = [t.text for t in b.tokens]
    return [
        (
            " ".join(words_a[max(0, a0 - context) : a1 + context]),
            " ".join(words_b[max(0, b0 - context) : b1 + context]),
        )
        for a0, a1, b0, b1 in stretches
    ]


def _phrases_alike(x: str, y: str) -> float:
    return float(np.dot(_phrase_meaning(x), _phrase_meaning(y)))


def _another_thing_put(
    a: PreparedClaim, b: PreparedClaim, lonely: tuple[set[str], set[str]], similarity: float
) -> bool:
    """Whether a phrase put for another names another thing (read by meaning):
    unlike in its context or, when it is all that tells two sentences apart,
    unlike alone and not quite alike in context; `lonely` as for
    `_words_swapped`, `similarity` the two sentences' meaning."""
    stretches, differing = _stretches_put_for_others(a, b, lonely)
    in_context = _phrases(a, b, stretches, PHRASE_CONTEXT_WORDS)
    if any(_phrases_alike(x, y) < PHRASE_MEANING_THRESHOLD for x, y in in_context):
        return True
    if len(stretches) != 1 or differing != 1:
        return False
    ((x, y),) = in_context
    ((x0, y0),) = _phrases(a, b, stretches, 0)
    alone, around = _phrases_alike(x0, y0), _phrases_alike(x, y)
    return (alone < LONE_PHRASE_THRESHOLD and around < PHRASE_CONTEXT_CEILING) or (
        alone < FAR_LONE_PHRASE_THRESHOLD
        and around < FAR_PHRASE_CONTEXT_CEILING
        and similarity < FAR_SENTENCE_CEILING
    )


def _linked_by_meaning(
    a: PreparedClaim,
    b: PreparedClaim,
    scores: Scores,
    facts: Sequence[Difference],
    similarity: float,
    short: bool,
) -> bool:
    """Whether a reworded pair is linked: as a conflict when the sentences
    mean the same and their values disagree, or (never for a short claim) as
    the same claim, suggested, when they mean nearly the same with the same
    names and values. Meaning never confirms a pair."""
    if _may_disagree_in_other_words(a, b, scores, facts):
        if similarity >= MEANING_THRESHOLD:
            return True
        if similarity >= NAMED_MEANING_THRESHOLD and (
            _names_agree(a, b, named=True, missing=1)
            or (_names_shared(a, b) and any(d.near_miss for d in facts))
        ):
            return True
    return (
        not short
        and similarity >= SAME_MEANING_THRESHOLD
        and _may_say_the_same_in_other_words(a, b, scores, facts)
    )


def decide(
    a: PreparedClaim, b: PreparedClaim, threshold: float = SUGGEST_THRESHOLD
) -> MatchDecision | None:
    """Same claim, conflict, or nothing. The text is scored with numbers
    masked, so that a changed number lowers no score but shows up as a
    difference; a pair whose wording agrees and whose values disagree is a
    conflict, never a duplicate. A pair that puts another actor in the same
    words, or states the opposite event (a negation only one of them makes,
    "rose" / "fell"), is no match at all. Only near-verbatim pairs of at least
    `CONFIRM_MIN_WORDS` words with the same values are confirmed without a
    reviewer."""
    shortest = min(a.content_words, b.content_words)
    if shortest < MIN_MEANING_CONTENT_WORDS:
        return None
    # A short claim says too little to be linked on its words; only its
    # meaning links it, and only as a disagreement about a value.
    short = shortest < MIN_CONTENT_WORDS
    scores = score_texts(a.masked, b.masked)
    facts = compare_facts(a.facts, b.facts)
    similarity = meaning_similarity(a, b)
    reworded = short or not _reads_alike(a, b, scores, threshold)
    if reworded and (
        similarity is None or not _linked_by_meaning(a, b, scores, facts, similarity, short)
    ):
        return None
    # Sentence-initial names and event words are only read against each other
    # when the two sentences share their frame; across reworded paraphrases
    # ("Current COO ..." / "PCCW's COO ...") they are noise.
    same_frame = scores.token_sort_ratio >= FRAME_RATIO
    # Names are read against each other only in one frame: across reworded
    # sentences the stretches between aligned words are other phrases.
    one_stretch = _one_stretch([t.text for t in a.tokens], [t.text for t in b.tokens])
    names = (
        compare_names(a.tokens, b.tokens, sentence_start=True)
        if same_frame or one_stretch is not None
        else []
    )
    # "no Americans" against "two Americans" is a number, not a negation.
    counted = any(d.kind == "quantity" for d in facts)
    lonely = words_put_for_others(a.tokens, b.tokens)
    if (
        any(d.kind == "name" for d in names)
        or speakers_swapped(a.tokens, b.tokens) is not None
        or things_swapped(a.tokens, b.tokens) is not None
        or voice_turned(a.tokens, b.tokens) is not None
        or alternatives_swapped(a.tokens, b.tokens) is not None
        or relation_added(a, b) is not None
        or contrast_added(a, b) is not None
        or _prefixed_word_put(a.tokens, b.tokens, lonely)
        or _another_office(a, b, lonely)
        or (same_frame and identifiers_apart(a, b))
        or compare_events(
            a.tokens, b.tokens, negations=same_frame and not counted, frame=same_frame
        )
        # A place put for another is a conflict about one event, read below.
        or (
            not any(d.kind == "place" for d in names)
            and _one_thing_swapped(a.tokens, b.tokens) is not None
        )
    ):
        # Another actor, or the opposite event, in the same words: another
        # fact, neither the same claim nor a disagreement about one value.
        return None
    differences = facts + names
    if not differences:
        apart = numbers_apart(a.facts, b.facts)
        differences = [apart] if apart else []
    explanation: dict[str, Any] = {
        "scorer": MAIN_SCORER,
        "scores": scores.as_dict(),
        "aligned": _aligned_words(a.tokens, b.tokens),
        "differences": [d.as_dict() for d in differences],
    }
    method = f"rapidfuzz:{MAIN_SCORER}+{scores.partner}"
    if reworded:
        explanation["scores"]["meaning"] = round(similarity, 3)
        method = f"{embedding.MODEL_NAME}+{method}"
    if differences:
        return MatchDecision("conflict", "suggested", scores.combined, method, explanation)
    if _fact_added(a.tokens, b.tokens, one_stretch, lonely):
        return None  # one sentence and a clause more: another, larger claim
    if similarity is not None and _words_swapped(a, b, lonely):
        # Less alike sentences, one stretch apart, are read by their whole
        # meaning only: a longer stretch read alone is often far from a
        # paraphrase of it ("a truce deal brokered by" / "a four-day pause in
        # fighting mediated by").
        alike = fuzz.ratio(a.normalized, b.normalized) >= SWAP_FRAME_RATIO
        if similarity < SWAP_MEANING_THRESHOLD or (
            alike and _another_thing_put(a, b, lonely, similarity)
        ):
            return None  # words put for others that change what is said
        explanation["scores"]["meaning"] = round(similarity, 3)
    near_verbatim = fuzz.ratio(a.normalized, b.normalized) >= CONFIRM_RATIO
    long_enough = min(a.word_count, b.word_count) >= CONFIRM_MIN_WORDS
    if near_verbatim and long_enough and _quantities_identical(a.facts, b.facts):
        return MatchDecision("same", "confirmed", scores.combined, method, explanation)
    return MatchDecision("same", "suggested", scores.combined, method, explanation)


# --------------------------------------------------------------------------
# Clusters and provenance
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Edge:
    a: int
    b: int
    relation: str
    state: str
    score: float


def clusters_from_edges(
    edges: Iterable[Edge], cluster_threshold: float = CLUSTER_THRESHOLD
) -> list[list[int]]:
    """Connected groups (of two or more claims) of same-matches that are
    confirmed, or suggested with a high score. Strongest links join first, and
    a link that would put two claims in conflict into one group is skipped, so
    a conflict never ends up inside a cluster."""
    parent: dict[int, int] = {}
    conflicts: dict[int, set[int]] = defaultdict(set)

    def find(x: int) -> int:
        parent.setdefault(x, x)
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    edges = list(edges)
    for edge in edges:
        if edge.relation == "conflict" and edge.state != "rejected":
            conflicts[edge.a].add(edge.b)
            conflicts[edge.b].add(edge.a)
    members: dict[int, set[int]] = {}
    linking = [
        e
        for e in edges
        if e.relation == "same"
        and (e.state == "confirmed" or (e.state == "suggested" and e.score >= cluster_threshold))
    ]
    # Confirmed first, then by score; ties by ids so the result is deterministic.
    linking.sort(key=lambda e: (e.state != "confirmed", -e.score, min(e.a, e.b), max(e.a, e.b)))
    for edge in linking:
        ra, rb = find(edge.a), find(edge.b)
        if ra == rb:
            continue
        group_a = members.setdefault(ra, {ra})
        group_b = members.setdefault(rb, {rb})
        if any(conflicts[x] & group_b for x in group_a if x in conflicts):
            continue
        if len(group_a) < len(group_b):
            ra, rb, group_a, group_b = rb, ra, group_b, group_a
        parent[rb] = ra
        group_a |= group_b
        del members[rb]
    return sorted((sorted(group) for group in members.values() if len(group) > 1), key=min)


@dataclass(frozen=True)
class Appearance:
    """Where a claim was published, for provenance and cluster counts."""

    claim_id: int
    article_id: int
    outlet_id: int
    outlet_name: str = ""
    outlet_domain: str = ""
    published: date | None = None
    syndicated_from: str = ""


_SCHEME = re.compile(r"^[a-z]+://|^www\.")


def _source_key(stated: str) -> str:
    stated = _SCHEME.sub("", stated.strip().casefold())
    stated = _SCHEME.sub("", stated)
    return stated.split("/")[0].strip()


def origin_of(appearance: Appearance, outlets: Sequence[Appearance]) -> str:
    """Whose voice a claim is: its outlet, or the stated source it copies when
    the article names one (matched to a known outlet by name or domain)."""
    stated = appearance.syndicated_from.strip()
    if not stated:
        return f"outlet:{appearance.outlet_id}"
    folded = stated.casefold()
    for other in outlets:
        if other.outlet_id == appearance.outlet_id:
            continue
        if (other.outlet_domain and other.outlet_domain.casefold() in folded) or (
            other.outlet_name and other.outlet_name.casefold() in folded
        ):
            return f"outlet:{other.outlet_id}"
    return f"source:{_source_key(stated)}"


def provenance(a: Appearance, b: Appearance) -> str:
    """independent, same_outlet (a repeat inside one outlet) or syndicated
    (one copies the other's outlet, or both copy one stated source)."""
    if a.outlet_id == b.outlet_id:
        return "same_outlet"
    if origin_of(a, [a, b]) == origin_of(b, [a, b]):
        return "syndicated"
    return "independent"


@dataclass(frozen=True)
class ClusterSummary:
    claim_ids: tuple[int, ...]
    first_claim_id: int
    first_published: date | None
    claim_count: int
    outlet_count: int
    independent_outlet_count: int


def summarize_cluster(members: Sequence[Appearance]) -> ClusterSummary:
    """First appearance (earliest published; undated articles last, then the
    oldest claim), outlets, and independent voices: outlets counted once, and
    copies of a stated source counted as that source."""
    first = min(members, key=lambda m: (m.published is None, m.published or date.max, m.claim_id))
    origins = {origin_of(m, members) for m in members}
    return ClusterSummary(
        claim_ids=tuple(sorted(m.claim_id for m in members)),
        first_claim_id=first.claim_id,
        first_published=first.published,
        claim_count=len(members),
        outlet_count=len({m.outlet_id for m in members}),
        independent_outlet_count=len(origins),
    )


# --------------------------------------------------------------------------
# Candidate index
# --------------------------------------------------------------------------

# Function words: in nearly every claim, so they never select candidates and
# only lengthen posting lists.
INDEX_STOPWORDS = _word_set(
    "a an the of and or but to in on at by for with from as into about over after before "
    "is are was were be been being has have had do does did will would can could may might "
    "should must shall it its this that these those there their they them he she his her him "
    "we our us you your i me my not no so than then also which who whom whose what when where "
    "why how all any some more most such said says say # s"
)


def index_terms(masked: str) -> list[str]:
    """Distinct words of a masked normalised text that the index keys on."""
    seen: dict[str, None] = {}
    for word in masked.split():
        if word not in INDEX_STOPWORDS and len(word) > 1:
            seen.setdefault(word, None)
    return list(seen)


# A reworded copy shares at least this many of a claim's content words
# ("pentagon", "region"), or this share of them, and is looked for among at
# most this many claims.
REWORDED_SHARED_WORDS = 2
REWORDED_SHARE = 0.3
REWORDED_BUDGET = 100


def _count_slots(postings: list[array]) -> tuple[np.ndarray, np.ndarray]:
    merged = np.concatenate([np.frombuffer(p, dtype=np.int32) for p in postings])
    return np.unique(merged, return_counts=True)


class CandidateIndex:
    """In-memory inverted index with prefix filtering for token-set similarity.

    Every claim is posted under all its words (the full index) and under its
    rarest words (the prefix index, rarity as known when it was added). A query
    looks up its own rarest words in the full index, which finds claims that
    contain most of the query, and all its words in the prefix index, which
    finds short claims contained in the query. A candidate must hold at least
    `min_share` of the query's rare words, or the query must hold that share
    of the candidate's; the best `budget` of them are verified with rapidfuzz.

    Rarity is the number of claims holding a word when a claim is added, so
    the state is a function of the claims and their order alone: every web or
    worker process that rebuilds it from the database in id order, or adds new
    claims (which have higher ids) as they come, holds the same postings and
    gives the same answers, on SQLite and PostgreSQL alike.
    """

    def __init__(
        self, prefix_share: float = 0.34, budget: int = 1500, min_share: float = 0.3
    ) -> None:
        self.prefix_share = prefix_share
        self.budget = budget
        self.min_share = min_share
        self.min_posting_cap = 2000
        self.posting_cap_share = 0.005
        self._full: dict[str, array] = {}
        self._prefix: dict[str, array] = {}
        self._texts: list[str] = []
        self._ids = array("q")
        self._prefix_sizes = array("H")
        self._slot_of: dict[int, int] = {}

    def __len__(self) -> int:
        return len(self._texts)

    def __contains__(self, claim_id: int) -> bool:
        return claim_id in self._slot_of

    def _posting_cap(self) -> int:
        """The longest posting a look-up reads: a word posted for very many
        claims selects nothing and costs the most (the same cut-off for every
        process holding the same claims)."""
        return max(self.min_posting_cap, int(self.posting_cap_share * len(self._texts)))

    def _prefix_length(self, n: int) -> int:
        return min(n, int(self.prefix_share * n) + 1)

    def _by_rarity(self, terms: list[str]) -> list[str]:
        full = self._full
        return sorted(terms, key=lambda t: (len(full[t]) if t in full else 0, t))

    def add(self, claim_id: int, masked: str) -> None:
        if claim_id in self._slot_of:
            return
        slot = len(self._texts)
        self._texts.append(masked)
        self._ids.append(claim_id)
        self._slot_of[claim_id] = slot
        terms = index_terms(masked)
        rare = self._by_rarity(terms)[: self._prefix_length(len(terms))]
        self._prefix_sizes.append(min(len(rare), 65535))
        for term in terms:
            posting = self._full.get(term)
            if posting is None:
                self._full[term] = array("i", (slot,))
            else:
                posting.append(slot)
        for term in rare:
            posting = self._prefix.get(term)
            if posting is None:
                self._prefix[term] = array("i", (slot,))
            else:
                posting.append(slot)

    def candidate_slots(self, masked: str, containing: bool = True) -> list[int]:
        """Slots worth verifying. `containing=False` skips the look-up of
        claims that contain the query, for a bulk pass that looks at every
        pair from both sides anyway."""
        terms = index_terms(masked)
        if not terms:
            return []
        longest = self._posting_cap()
        share = self.min_share
        found_slots: list[np.ndarray] = []
        found_shares: list[np.ndarray] = []
        prefix = self._prefix
        postings = [prefix[t] for t in terms if t in prefix and len(prefix[t]) <= longest]
        if postings:
            slots, counts = _count_slots(postings)
            sizes = np.frombuffer(self._prefix_sizes, dtype=np.uint16)[slots]
            shares = counts / sizes
            keep = shares >= share
            found_slots.append(slots[keep])
            found_shares.append(shares[keep])
        if containing:
            rare = self._by_rarity(terms)[: self._prefix_length(len(terms))]
            full = self._full
            postings = [full[t] for t in rare if t in full and len(full[t]) <= longest]
            if postings:
                slots, counts = _count_slots(postings)
                shares = counts / len(rare)
                keep = shares >= share
                found_slots.append(slots[keep])
                found_shares.append(shares[keep])
        if not found_slots:
            return []
        slots = np.concatenate(found_slots)
        shares = np.concatenate(found_shares)
        # One entry per slot, with its best share.
        order = np.lexsort((-shares, slots))
        slots, shares = slots[order], shares[order]
        first = np.ones(len(slots), dtype=bool)
        first[1:] = slots[1:] != slots[:-1]
        slots, shares = slots[first], shares[first]
        if len(slots) > self.budget:
            # Best share first, then lowest slot: the same choice in every process.
            slots = np.sort(slots[np.lexsort((slots, -shares))[: self.budget]])
        return slots.tolist()

    def search(
        self,
        masked: str,
        threshold: float,
        scorer=fuzz.token_set_ratio,
        exclude: int | None = None,
        containing: bool = True,
    ) -> list[tuple[int, float]]:
        """Claims scoring at least `threshold` against the query, best first."""
        return self._verified(
            masked, self.candidate_slots(masked, containing), threshold, scorer, exclude
        )

    def _verified(
        self, masked: str, slots: list[int], threshold: float, scorer, exclude: int | None
    ) -> list[tuple[int, float]]:
        """The claims in `slots` scoring at least `threshold`, best first."""
        if not slots:
            return []
        texts = self._texts
        choices = [texts[slot] for slot in slots]
        found = process.extract(masked, choices, scorer=scorer, score_cutoff=threshold, limit=None)
        ids = self._ids
        results = [(ids[slots[position]], score) for _, score, position in found]
        if exclude is not None:
            results = [item for item in results if item[0] != exclude]
        results.sort(key=lambda item: (-item[1], item[0]))
        return results

    def search_reworded(
        self,
        masked: str,
        threshold: float,
        exclude: int | None = None,
        min_shared: int = REWORDED_SHARED_WORDS,
        budget: int = REWORDED_BUDGET,
    ) -> list[tuple[int, float]]:
        """Claims sharing at least `min_shared` of the query's words, rare or
        not, and scoring at least `threshold`: the reworded copies ("deploying
        3,500 extra troops" / "750 additional soldiers were being sent") that
        share too few rare words for the prefix filter of `search`, and that
        `decide` reads by meaning."""
        terms = index_terms(masked)
        # Two words of a short claim, a third of a long one's.
        needed = max(min_shared, math.ceil(REWORDED_SHARE * len(terms)))
        if len(terms) < needed:
            return []
        longest = self._posting_cap()
        full = self._full
        postings = [full[t] for t in terms if t in full and len(full[t]) <= longest]
        if len(postings) < needed:
            return []
        slots, counts = _count_slots(postings)
        keep = counts >= needed
        slots, counts = slots[keep], counts[keep]
        if len(slots) > budget:
            # Most shared words first, then lowest slot: the same in every process.
            slots = np.sort(slots[np.lexsort((slots, -counts))[:budget]])
        return self._verified(masked, slots.tolist(), threshold, fuzz.token_set_ratio, exclude)

    def text_of(self, claim_id: int) -> str:
        return self._texts[self._slot_of[claim_id]]
