"""What the import of the seeds and of each file format stores (database)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from claims.models import Claim, Quantity
from sources.models import Article
from sources.parsing import ParseError
from sources.services import import_file, import_pasted_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    call_command("load_seeds", stdout=None)


def test_load_seeds_splits_the_compilation_into_about_twenty_titled_articles(seeded):
    page = Article.objects.get(is_compilation=True)
    compiled = list(page.compiled_articles.all())
    assert 18 <= len(compiled) <= 28
    assert all(article.title for article in compiled)
    assert not Claim.objects.filter(article=page).exists()


FURNITURE = [
    "Lone Wolf",
    "Proofread by",
    "Related Articles",
    "can be read in 51 languages",
    "fair use",
    "Image result for",
    "A screenshot from the video",
    "U.S. Releases Drone Video Of Iranian Missiles",
]


def test_no_claim_comes_from_comments_boilerplate_captions_or_repeated_headlines(seeded):
    for furniture in FURNITURE:
        assert not Claim.objects.filter(text__icontains=furniture).exists(), furniture


def test_seed_claims_point_exactly_into_their_article_and_statistics_keep_numbers(seeded):
    for claim in Claim.objects.select_related("article"):
        assert claim.article.text[claim.start : claim.end] == claim.text
    medians = Quantity.objects.filter(claim__kind="statistic", unit="m", low=7.0)
    assert medians.filter(claim__text__icontains="median").exists()
    assert Quantity.objects.filter(kind="date", date_value__isnull=False).exists()
    assert Article.objects.get(title__startswith="Speech by Hezbollah").outlet.domain == (
        "video.moqawama.org"
    )


def test_no_claim_text_is_taken_from_reader_comments(seeded):
    article = Article.objects.exclude(comments="").get()
    assert "Lone Wolf" in article.comments
    for claim in Claim.objects.filter(article=article):
        assert claim.text not in article.comments
        assert article.text[claim.start : claim.end] == claim.text


def test_an_empty_file_is_refused_and_nothing_is_stored(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(ParseError, match="empty"):
        import_file(path)
    assert not Article.objects.exists()


def test_a_utf16_file_is_imported(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes(
        "Headline\n\nThe army fired 15 missiles at the base on Monday.\n".encode("utf-16")
    )
    report = import_file(path)
    (item,) = report.imported
    assert item.article.text == "The army fired 15 missiles at the base on Monday."


def test_a_legacy_encoded_file_is_imported(tmp_path):
    path = tmp_path / "legacy.txt"
    text = "Le ministère a déclaré que 15 missiles ont été tirés sur la base aérienne à l’aube."
    path.write_bytes(f"Titre\n\n{text}\n".encode("cp1252"))
    assert import_file(path).imported[0].article.text == text


def test_an_html_page_is_imported_without_its_comments(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        "<html><body><nav>Home | About</nav><article><h1>Missiles hit the base</h1>"
        "<p>The army fired 15 missiles at the base on Monday, officials said in Baghdad.</p>"
        "<p>It was the largest strike on the base since 2003, the ministry of defence said.</p>"
        "</article><div class='comments'><p>Great piece. Lone Wolf</p></div></body></html>",
        encoding="utf-8",
    )
    (item,) = import_file(path).imported
    assert "Lone Wolf" not in item.article.text
    assert item.claim_count >= 1


def test_a_jsonl_file_imports_one_article_per_line(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(
        '{"text": "The army fired 15 missiles on Monday.", "outlet": "Wire A"}\n'
        '{"text": "Iran said 11 soldiers were wounded in Baghdad.", "outlet": "Wire B"}\n',
        encoding="utf-8",
    )
    report = import_file(path)
    assert [i.article.outlet.name for i in report.imported] == ["Wire A", "Wire B"]


def test_pasted_text_is_imported():
    report = import_pasted_text("The army fired 15 missiles at the base on Monday, officials said.")
    assert report.imported[0].claim_count == 1
