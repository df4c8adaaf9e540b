import pytest

from tests.factories import ClaimFactory


@pytest.mark.django_db
def test_a_claim_factory_spans_its_article_text():
    claim = ClaimFactory()
    assert claim.article.text[claim.start : claim.end] == claim.text
