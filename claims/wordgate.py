"""Fast pre-checks for regexes built as alternations of words.

Python's `re` tries a `\\b(?:killed|fired|…)\\b` alternation at every
character of a sentence; with a hundred words that is tens of microseconds per
sentence and per pattern, and the extraction runs some twenty of them on every
sentence. A `Gated` pattern first looks the sentence's lower-case words up in
the set of words the alternatives can start with (one set operation over words
split once per sentence and cached) and runs the regex only when one is there.
The pre-check is a necessary condition, so results are those of the regex.
"""

from __future__ import annotations

import re
from functools import lru_cache

_LETTERS = re.compile(r"[a-z]+")


@lru_cache(maxsize=512)
def words(text: str) -> frozenset[str]:
    """The lower-case runs of ASCII letters of a text (cached: every gate of a
    sentence reuses them)."""
    return frozenset(_LETTERS.findall(text.lower()))


# The prefix lengths some gate uses (filled in as gates are built).
_PREFIX_LENGTHS: set[int] = set()


@lru_cache(maxsize=512)
def beginnings(text: str) -> frozenset[str]:
    """The beginnings of the words of a text, of every length a prefix gate
    uses, so that a prefix gate is one set operation too."""
    lengths = tuple(_PREFIX_LENGTHS)
    return frozenset(w[:k] for w in words(text) for k in lengths if len(w) >= k)


def _split_top(source: str) -> list[str]:
    parts, depth, current = [], 0, []
    for i, ch in enumerate(source):
        escaped = i > 0 and source[i - 1] == "\\"
        if ch == "(" and not escaped:
            depth += 1
        elif ch == ")" and not escaped:
            depth -= 1
        if ch == "|" and depth == 0 and not escaped:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _closing(source: str, start: int) -> int:
    depth = 0
    for i in range(start, len(source)):
        escaped = i > 0 and source[i - 1] == "\\"
        if source[i] == "(" and not escaped:
            depth += 1
        elif source[i] == ")" and not escaped:
            depth -= 1
            if depth == 0:
                return i
    raise ValueError(f"unbalanced pattern {source!r}")


_BOUNDARY = ("\\s", "\\b", ")", " ")


def _leads(source: str) -> list[tuple[str, bool]]:
    """The literal lower-case letters each alternative of a pattern starts
    with, and whether they are a whole word (False: only a prefix of one)."""
    found: list[tuple[str, bool]] = []
    for alternative in _split_top(source):
        alternative = re.sub(r"^(?:\^|\\b)+", "", alternative)
        if alternative.startswith("(?:"):
            close = _closing(alternative, 0)
            after = alternative[close + 1 :]
            inner = _leads(alternative[3:close])
            if after and not after.startswith(_BOUNDARY):
                inner = [(lead, False) for lead, _ in inner]
            found.extend(inner)
            continue
        match = re.match(r"[A-Za-z]+", alternative)
        if not match:
            raise ValueError(f"cannot gate alternative {alternative!r}")
        lead = match.group(0).lower()
        rest = alternative[match.end() :]
        if rest[:1] in {"?", "*", "{"}:
            if len(lead) > 1:
                found.append((lead[:-1], False))  # "hundreds?" starts with "hundred"
                continue
            raise ValueError(f"cannot gate alternative {alternative!r}")
        # A hyphen or apostrophe ends a run of letters: "so-called" holds "so".
        found.append((lead, rest == "" or rest.startswith((*_BOUNDARY, "-", "'", "’"))))
    return found


class Gated:
    """A compiled regex with a word-set pre-check; `search` and `finditer`
    behave as the regex's own."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        whole: set[str] = set()
        prefixes: list[str] = []
        for lead, is_word in _leads(pattern.pattern):
            if is_word:
                whole.add(lead)
            else:
                prefixes.append(lead)
        self.whole = frozenset(whole)
        self.prefixes = frozenset(prefixes)
        if prefixes:
            _PREFIX_LENGTHS.update(len(p) for p in prefixes)
            beginnings.cache_clear()

    def possible(self, text: str) -> bool:
        if not words(text).isdisjoint(self.whole):
            return True
        return bool(self.prefixes) and not beginnings(text).isdisjoint(self.prefixes)

    def search(self, text: str, *args: int) -> re.Match[str] | None:
        return self.pattern.search(text, *args) if self.possible(text) else None

    def finditer(self, text: str) -> list[re.Match[str]]:
        return list(self.pattern.finditer(text)) if self.possible(text) else []

    def findall(self, text: str) -> list:
        return self.pattern.findall(text) if self.possible(text) else []
