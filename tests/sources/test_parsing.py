"""Parsing of real article files: formats, encodings, furniture, comments, compilations."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from sources.parsing import ParseError, parse_bytes, parse_file, parse_text

SEEDS = Path(settings.SEEDS_DIR)


def seed(prefix: str):
    return parse_file(next(SEEDS.glob(f"{prefix}_*.txt")))


@pytest.fixture(scope="module")
def compilation():
    return seed("004")


def all_text(document) -> str:
    return "\n".join(article.text for article in document.articles)


def test_the_compilation_is_split_into_about_twenty_titled_articles(compilation):
    assert compilation.is_compilation
    assert 18 <= len(compilation.articles) <= 28
    assert all(article.title.strip() for article in compilation.articles)


def test_compiled_articles_keep_their_own_byline_date_and_stated_source(compilation):
    by_title = {article.title: article for article in compilation.articles}
    canada = next(a for t, a in by_title.items() if t.startswith("Canada Knew"))
    assert canada.byline == "Staff"
    assert canada.outlet == "The Canada Files"
    speech = next(a for t, a in by_title.items() if t.startswith("Speech by Hezbollah"))
    assert speech.published == date(2021, 2, 15)
    assert speech.outlet == "video.moqawama.org"
    assert speech.url.startswith("https://video.moqawama.org/")
    trump = next(a for t, a in by_title.items() if t.startswith("Trump’s final month"))
    assert trump.byline == "Aram Mirzaei"
    assert trump.outlet == "the Saker blog"
    assert trump.published == date(2020, 12, 22)


def test_compiled_articles_are_tagged_with_their_language(compilation):
    languages = {article.language for article in compilation.articles}
    assert {"en", "ar"} <= languages


def test_repeated_headlines_and_captions_stay_out_of_the_text(compilation):
    first = compilation.articles[0]
    assert "U.S. Releases Drone Video Of Iranian Missiles" not in first.text
    assert "A screenshot from the video" not in first.text
    text = all_text(compilation)
    assert "Image result for" not in text
    assert "empty alt attribute" not in text
    assert "Related Articles" not in text
    assert "Donate as little" not in text


def test_every_article_starts_with_its_first_real_sentence(compilation):
    starts = {article.text[:40] for article in compilation.articles}
    assert any(s.startswith("Canada’s former top military commander") for s in starts)
    assert any(s.startswith("Only one month remains") for s in starts)
    assert (
        seed("003").articles[0].text.startswith("Two years ago, the 2020s started with a murder.")
    )
    assert seed("002").articles[0].text.startswith("On the anniversary of the Iran's General")
    assert seed("001").articles[0].text.startswith("It was not the US decision")


def test_reader_comments_are_kept_apart_from_the_article():
    article = seed("000").articles[0]
    assert "Lone Wolf" not in article.text
    assert "Lone Wolf" in article.comments
    assert "Proofread by" not in article.text
    assert article.text.rstrip().endswith("even more than the Major General did.")


def test_global_research_furniture_and_fair_use_notices_are_removed():
    for prefix in ("001", "003"):
        text = seed(prefix).articles[0].text
        for furniture in (
            "can be read in 51 languages",
            "fair use",
            "Region:",
            "Theme:",
            "Copyright",
            "Disclaimer",
            "Become a Member",
            "Proofread by",
            "born in Brazil",
        ):
            assert furniture not in text, (prefix, furniture)


def test_page_metadata_and_syndication_are_read():
    escobar = seed("003").articles[0]
    assert escobar.byline == "Pepe Escobar"
    assert escobar.published == date(2022, 1, 4)
    assert escobar.outlet == "Global Research"
    assert escobar.syndicated_from == "The Cradle"
    magnier = seed("001").articles[0]
    assert magnier.published == date(2020, 1, 7)
    assert magnier.syndicated_from == "Elijah J. Magnier"


def test_a_repeated_lead_paragraph_is_kept_once():
    text = seed("002").articles[0].text
    assert text.count("are busy arranging commemorations") == 1
    assert "Post your comments" not in text


def test_markdown_syntax_is_removed_and_link_targets_kept():
    document = parse_bytes(
        b"# Title here\n\nThe **army** fired [15 missiles](https://example.org/a) on *Monday*.\n",
        "a.md",
    )
    article = document.articles[0]
    assert article.title == "Title here"
    assert article.text == "The army fired 15 missiles on Monday."
    assert article.links == ["https://example.org/a"]


def test_a_markdown_link_whose_target_holds_parentheses_is_removed_whole():
    document = parse_bytes(
        b"# Title here\n\nThe [Quds Force](https://en.wikipedia.org/wiki/Quds_Force_(Iran)) "
        b"named a new commander ![map](maps/iraq (2020).png) on Monday.\n",
        "a.md",
    )
    article = document.articles[0]
    assert article.text == "The Quds Force named a new commander on Monday."
    assert article.links == ["https://en.wikipedia.org/wiki/Quds_Force_(Iran)"]


def test_an_excerpt_starts_with_its_first_words_not_the_editors_elision_mark():
    document = parse_text(
        "Speech excerpt\n\n[…] My first comment concerns the riot in Washington this week.\n\n"
        "We must follow all of this closely. [...]"
    )
    text = document.articles[0].text
    assert text.startswith("My first comment concerns")
    assert text.endswith("follow all of this closely.")


def test_a_paragraph_broken_by_the_scraper_is_joined_again():
    broken = "The envoy met the leaders of every party in parliament who belonged to the same"
    document = parse_text(f"Headline\n\n{broken}\n\ncamp in Baghdad on Monday.")
    assert document.articles[0].text == broken + " camp in Baghdad on Monday."


def test_a_legacy_encoded_file_is_decoded():
    text = "Le président a déclaré que 15 missiles ont été tirés à Bagdad, selon l’armée."
    document = parse_bytes(("Titre\n\n" + text + "\n").encode("cp1252"), "legacy.txt")
    assert document.articles[0].text == text


def test_a_utf16_file_with_bom_is_decoded():
    data = "Headline\n\nThe army fired 15 missiles on Monday.\n".encode("utf-16")
    assert parse_bytes(data, "wide.txt").articles[0].text == "The army fired 15 missiles on Monday."


def test_a_utf8_bom_and_odd_spaces_are_normalised():
    data = "\ufeffHeadline\n\nThe army\u00a0fired 15\u202fmissiles.\n".encode()
    assert parse_bytes(data, "bom.txt").articles[0].text == "The army fired 15 missiles."


def test_text_is_normalised_to_nfc():
    document = parse_text("Headline\n\nThe cafe\u0301 was hit on Monday.")
    assert "café" in document.articles[0].text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n\n ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (bytes(range(256)) * 4, "binary"),
    ],
)
def test_empty_and_binary_files_are_refused_clearly(data, message):
    with pytest.raises(ParseError, match=message):
        parse_bytes(data, "bad.txt")


def test_an_unsupported_suffix_is_refused():
    with pytest.raises(ParseError, match="unsupported file type"):
        parse_bytes(b"text", "a.pdf")


def test_an_html_page_yields_its_main_text_without_scripts_navigation_or_comments():
    html = b"""<html><head><title>Strike report</title>
    <meta name="author" content="Jane Doe">
    <meta property="article:published_time" content="2020-01-08"></head>
    <body><nav><a href="/">Home</a> | <a href="/about">About us</a></nav>
    <article><h1>Missiles hit the airbase</h1>
    <p>The army fired 15 missiles at the base on Monday, officials said in a statement.</p>
    <p>It was the <a href="https://example.org/record">largest</a> strike on the base since 2003,
    according to the ministry of defence.</p></article>
    <div class="comments"><p>Great article, thanks! Lone Wolf</p></div>
    <script>var tracking = 1;</script></body></html>"""
    document = parse_bytes(html, "page.html")
    article = document.articles[0]
    assert article.text.startswith("The army fired 15 missiles")
    assert "tracking" not in article.text
    assert "About us" not in article.text
    assert "Lone Wolf" not in article.text
    assert article.byline == "Jane Doe"
    assert article.published == date(2020, 1, 8)
    assert "https://example.org/record" in article.links


def test_a_jsonl_file_yields_one_article_per_line():
    first_line = (
        '{"text": "The army fired 15 missiles on Monday.", "title": "A", "outlet": "X",'
        ' "published": "2020-01-08", "author": "Jane Doe"}'
    )
    second_line = '{"text": "قال المتحدث إن الهجوم فشل."}'
    data = f"{first_line}\n\n{second_line}\n".encode()
    document = parse_bytes(data, "feed.jsonl")
    first, second = document.articles
    assert (first.title, first.outlet, first.byline) == ("A", "X", "Jane Doe")
    assert first.published == date(2020, 1, 8)
    assert second.language == "ar"
    assert not document.is_compilation


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("not json", "line 2: not valid JSON"),
        ('{"title": "no text"}', 'line 2: no "text" field'),
        ('["a list"]', "line 2: expected a JSON object"),
        ('{"text": "Fine text here.", "published": "someday"}', "line 2: published"),
    ],
)
def test_a_bad_jsonl_line_is_refused_with_its_number(line, message):
    data = ('{"text": "The army fired 15 missiles."}\n' + line + "\n").encode()
    with pytest.raises(ParseError, match=message):
        parse_bytes(data, "feed.jsonl")


def test_a_hard_wrapped_paragraph_is_read_as_one_paragraph():
    text = (
        "Missiles hit the base\n\n"
        "The army fired fifteen missiles at the airbase in western Iraq on\n"
        "Monday night, officials in Baghdad said, and nobody was killed in the\n"
        "attack according to the defence ministry.\n"
    )
    article = parse_text(text).articles[0]
    assert article.title == "Missiles hit the base"
    assert article.text == (
        "The army fired fifteen missiles at the airbase in western Iraq on Monday night, "
        "officials in Baghdad said, and nobody was killed in the attack according to the "
        "defence ministry."
    )
