import pytest

from claims.models import Claim, Quantity
from sources.models import Article, Outlet
from sources.parsing import ParseError
from sources.services import ImportOverrides, import_file, import_pasted_text

pytestmark = pytest.mark.django_db

ARTICLE = """Missiles hit the base

Iran fired at least 15 missiles at the Ayn Al Asad airbase on 8 January 2020, the Pentagon said.

Officials said 11 missiles struck the base and nobody was killed.
"""


@pytest.fixture
def article_file(tmp_path):
    path = tmp_path / "strike.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_importing_a_file_creates_its_article_and_claims(article_file):
    report = import_file(article_file, overrides=ImportOverrides(outlet="Wire"))
    [item] = report.imported
    assert item.created
    assert item.article.outlet.name == "Wire"
    assert item.article.title == "Missiles hit the base"
    assert item.claim_count == Claim.objects.filter(article=item.article).count() > 0


def test_every_claim_is_exactly_its_span_of_the_article_text(article_file):
    import_file(article_file)
    for claim in Claim.objects.select_related("article"):
        assert claim.article.text[claim.start : claim.end] == claim.text
    for quantity in Quantity.objects.select_related("claim__article"):
        assert quantity.claim.article.text[quantity.start : quantity.end] == quantity.text


def test_importing_the_same_file_twice_creates_nothing_new(article_file):
    import_file(article_file)
    counts = (Article.objects.count(), Claim.objects.count(), Quantity.objects.count())
    report = import_file(article_file)
    assert (Article.objects.count(), Claim.objects.count(), Quantity.objects.count()) == counts
    assert report.created == []
    assert report.skipped and report.skipped[0][1] == "already imported"


def test_a_failure_during_extraction_leaves_the_database_as_it_was(article_file, monkeypatch):
    import claims.services.extraction as extraction_service

    def explode(*args, **kwargs):
        raise RuntimeError("extractor crashed")

    monkeypatch.setattr(extraction_service.extraction, "extract_claims", explode)
    with pytest.raises(RuntimeError):
        import_file(article_file, overrides=ImportOverrides(outlet="Wire"))
    assert Article.objects.count() == 0
    assert Claim.objects.count() == 0
    assert not Outlet.objects.filter(name="Wire").exists()


def test_pasted_text_is_imported_like_a_file():
    report = import_pasted_text(ARTICLE, overrides=ImportOverrides(outlet="Desk paste"))
    assert report.created[0].article.outlet.name == "Desk paste"


def test_empty_pasted_text_is_refused():
    with pytest.raises(ParseError, match="nothing to import"):
        import_pasted_text("   \n")
