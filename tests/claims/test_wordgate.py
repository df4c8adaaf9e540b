"""The word-set pre-check of a regex never changes what the regex finds."""

from __future__ import annotations

import re

import pytest

from claims import checkworthiness, extraction, quantities
from claims.wordgate import Gated

SENTENCES = [
    "The army fired 22 missiles at the base on Tuesday, the ministry said.",
    "So-called experts were brazenly corrupt, a disgraceful display.",
    "Let's remember the heroes; don't forget them!",
    "Hundreds of thousands marched, more than ever before.",
    "Twenty-five people were killed due to the blast.",
    "According to Reuters the median rate was 3.5 percent.",
    "He has been a martyr since 2012 and it is clear he was the greatest.",
    "Nothing here matches any of the word lists at all",
    "KILLED IN ACTION: the BIGGEST raid since the war.",
    "accordingly, saidness and unsaid words are not reports",
    "",
]

GATED = [
    checkworthiness._NUMBER_WORD,
    checkworthiness._REPORTING,
    checkworthiness._EVENT,
    checkworthiness._COMPARISON,
    checkworthiness._CAUSAL,
    checkworthiness._MODAL,
    checkworthiness._OPINION,
    checkworthiness._FURNITURE,
    checkworthiness._EVALUATIVE,
    extraction._STATISTIC,
    extraction._COMPARISON,
    extraction._CAUSAL,
    extraction._ANY_ATTRIBUTION,
    quantities._NUMBER_WORDS_ONLY,
]


@pytest.mark.parametrize("gated", GATED, ids=lambda g: g.pattern.pattern[:30])
def test_a_gated_pattern_finds_what_its_regex_finds(gated: Gated) -> None:
    for sentence in SENTENCES:
        expected = gated.pattern.search(sentence)
        found = gated.search(sentence)
        assert (found and found.group(0)) == (expected and expected.group(0)), sentence


def test_it_gates_words_prefixes_and_nested_groups() -> None:
    gated = Gated(re.compile(r"\b(?:hundreds?|pointed\s+out|so-called|(?:a|b)c|hero\w*)\b", re.I))
    assert {"pointed", "so"} <= gated.whole
    assert {"hundred", "hero", "a", "b"} <= gated.prefixes | gated.whole
    assert gated.search("He pointed out the Heroic acts") is not None
    assert gated.search("He pointed at the sky") is None


def test_it_refuses_a_pattern_it_cannot_gate() -> None:
    with pytest.raises(ValueError):
        Gated(re.compile(r"\d+ km"))
