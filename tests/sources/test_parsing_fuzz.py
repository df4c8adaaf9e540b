"""The parsers given hostile input either return articles or raise ParseError,
never anything else, and never take long (bounded time per MB)."""

from __future__ import annotations

import json
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sources.parsing import SUPPORTED_SUFFIXES, ParsedDocument, ParseError, parse_bytes, parse_text
from tests.fuzz_strategies import hostile_bytes, hostile_text

FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)
# CPU seconds per MB of input, for parsing and extraction together: generous,
# so a busy shared machine does not fail the test; a regex that backtracks
# catastrophically takes minutes, not seconds.
SECONDS_PER_MB = 30.0


def assert_well_formed(document: ParsedDocument) -> None:
    assert document.articles
    for article in document.articles:
        assert isinstance(article.text, str) and article.text.strip()
        assert "\x00" not in article.text
        assert "\r" not in article.text
        assert len(article.title) <= 500
        assert all(isinstance(link, str) for link in article.links)


def parse_or_refuse(data: bytes, filename: str) -> ParsedDocument | None:
    try:
        document = parse_bytes(data, filename)
    except ParseError as exc:
        assert str(exc).startswith(filename) or filename in str(exc)
        return None
    assert_well_formed(document)
    return document


@FUZZ
@given(data=hostile_bytes(), suffix=st.sampled_from(sorted(SUPPORTED_SUFFIXES)))
def test_every_supported_format_returns_articles_or_a_parse_error(data, suffix):
    parse_or_refuse(data, f"fuzz{suffix}")


@FUZZ
@given(text=hostile_text)
def test_pasted_text_returns_articles_or_a_parse_error(text):
    try:
        document = parse_text(text)
    except ParseError:
        return
    assert_well_formed(document)


@FUZZ
@given(
    records=st.lists(
        st.dictionaries(
            st.sampled_from(["text", "title", "outlet", "url", "published", "author", "language"]),
            st.one_of(hostile_text, st.integers(), st.none(), st.lists(st.integers(), max_size=2)),
            max_size=7,
        ),
        max_size=4,
    )
)
def test_jsonl_with_any_field_values_returns_articles_or_a_parse_error(records):
    data = "\n".join(json.dumps(record) for record in records).encode()
    parse_or_refuse(data, "fuzz.jsonl")


@FUZZ
@given(text=hostile_text)
def test_html_built_around_hostile_text_returns_articles_or_a_parse_error(text):
    html = f"<html><head><title>{text[:80]}</title></head><body><article><p>{text}</p>"
    # Markup is reduced to text; an entity such as &lt;script&gt; becomes
    # literal text, which the templates escape on output.
    parse_or_refuse(html.encode(), "fuzz.html")


def _megabyte_inputs() -> dict[str, str]:
    sentence = "The army said 15 missiles hit the base on January 8, 2020, officials said. "
    mb = 1_000_000
    return {
        "one 1 MB line of sentences": (sentence * (mb // len(sentence) + 1))[:mb],
        "one 1 MB line without punctuation": ("word " * (mb // 5 + 1))[:mb],
        "1 MB of unbalanced markdown": ("**[x](_*" * (mb // 8 + 1))[:mb],
        "1 MB of short lines": ("Dr. A\n" * (mb // 6 + 1))[:mb],
        "1 MB of opening parentheses and dots": ("((..!! " * (mb // 7 + 1))[:mb],
    }


@pytest.mark.parametrize("name", list(_megabyte_inputs()))
def test_a_megabyte_of_pathological_text_is_parsed_and_extracted_in_bounded_time(name):
    from claims.extraction import analyse

    text = _megabyte_inputs()[name]
    started = time.process_time()
    try:
        document = parse_bytes(text.encode(), "big.txt")
    except ParseError:
        document = None
    if document is not None:
        for article in document.articles:
            for claim in analyse(article.text, article.language or "en"):
                assert article.text[claim.start : claim.end] == claim.text
    elapsed = time.process_time() - started
    megabytes = len(text.encode()) / 1_000_000
    assert elapsed < SECONDS_PER_MB * megabytes, f"{name}: {elapsed:.1f} s CPU"


def test_a_megabyte_html_page_is_parsed_in_bounded_time():
    body = "<p>" + ("<b>x</b> <i>y " * 90_000) + "</p>"
    html = f"<html><body><article>{body}</article></body></html>".encode()
    started = time.process_time()
    parse_or_refuse(html, "big.html")
    elapsed = time.process_time() - started
    assert elapsed < SECONDS_PER_MB * len(html) / 1_000_000, f"{elapsed:.1f} s CPU"
