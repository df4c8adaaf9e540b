"""Hypothesis strategies for hostile article text, shared by the parser and
extractor fuzz tests: arbitrary Unicode mixed with the fragments real pages
and attackers use (markup, numbers, dates, bidi controls, NUL bytes)."""

from __future__ import annotations

from hypothesis import strategies as st

FRAGMENTS = [
    "The army said 15 to 16 missiles hit the base on January 8, 2020.",
    "About 80 percent of the $2.5 billion was spent, officials said.",
    "“We will respond,” the minister told reporters at 00:52 am.",
    "Dozens of people, approx. 27 m away, saw two-thirds of it.",
    "قال المتحدث إن 22 صاروخا أطلقت على القاعدة.",
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    "<div><p>unclosed <b>bold <i>italic",
    "</p></div></body>",
    "**unbalanced *emphasis _here",
    "[link](javascript:alert(1) ![img](",
    "# Heading\n\n## Another ##",
    "---\n***\n___",
    "1. First comment\n   reply\n2. Second",
    "By Jane Doe\nSource: https://example.org/x\nDate: 2021-02-15",
    "Related Articles\n\nCopyright 2020",
    "\u202eevil\u202c \u200f\u200e\u2066isolate\u2069",
    "\x00",
    "\x01\x02\x1b[31m\x7f",
    "\ufeff\u200b\u00ad",
    "😀👍🏽👨‍👩‍👧‍👦🇺🇸",
    "\u2028\u2029\x85\x0b\x0c",
    "\r\n\r",
    "\t\t  ",
    "e\u0301 \u0627\u064b",
    "1,234,567.89 km2 3,990 m 63 km2 10.5% 1/2",
    "(((((((((((((((((((((",
    "...............!!!!!?????",
    "\\\\\\\\",
    "&lt;script&gt; &amp; &#x3c;",
    "A.B.C.D.E.F.G.H.I.J.K.",
    "Mr. Dr. Lt. Gen. U.S. No. 5 vs. 6",
    "        indented signature",
]

fragment = st.sampled_from(FRAGMENTS)
# Every code point except surrogates, which UTF-8 cannot encode.
any_char = st.characters(exclude_categories=["Cs"])
any_text = st.text(any_char, max_size=200)
separator = st.sampled_from(["", " ", "\n", "\n\n", "\n\n\n", "  "])

hostile_text = st.lists(st.one_of(fragment, any_text, separator), min_size=0, max_size=25).map(
    "".join
)


def hostile_bytes() -> st.SearchStrategy[bytes]:
    """Text in the encodings files arrive in, plus raw bytes."""
    encoded = st.tuples(
        hostile_text, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"])
    ).map(lambda pair: pair[0].encode(pair[1]))
    return st.one_of(encoded, st.binary(max_size=400))
