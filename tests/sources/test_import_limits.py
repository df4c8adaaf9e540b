"""Imports above the configured size or article count are refused whole."""

from __future__ import annotations

import json

import pytest

from claims.models import Claim
from sources.models import Article, Outlet
from sources.parsing import ParseError
from sources.services import import_file, import_pasted_text

SENTENCE = "The ministry said 15 missiles struck the base near {} on January 8, 2020."


def jsonl(count: int) -> str:
    return "\n".join(
        json.dumps({"title": f"Story {i}", "text": SENTENCE.format(f"town {i}")})
        for i in range(count)
    )


def nothing_stored() -> bool:
    return not (Article.objects.exists() or Claim.objects.exists() or Outlet.objects.exists())


@pytest.mark.django_db
def test_it_refuses_a_file_larger_than_the_size_limit_and_stores_nothing(tmp_path, settings):
    settings.IMPORT_MAX_BYTES = 1000
    path = tmp_path / "big.txt"
    path.write_text((SENTENCE.format("Erbil") + "\n\n") * 40)
    with pytest.raises(ParseError, match="IMPORT_MAX_BYTES"):
        import_file(path)
    assert nothing_stored()


@pytest.mark.django_db
def test_it_refuses_pasted_text_larger_than_the_size_limit(settings):
    settings.IMPORT_MAX_BYTES = 100
    with pytest.raises(ParseError, match="MB"):
        import_pasted_text(SENTENCE.format("Erbil") * 3)
    assert nothing_stored()


@pytest.mark.django_db
def test_it_refuses_a_file_with_more_articles_than_the_limit_and_stores_nothing(tmp_path, settings):
    settings.IMPORT_MAX_ARTICLES = 3
    path = tmp_path / "many.jsonl"
    path.write_text(jsonl(4))
    with pytest.raises(ParseError, match="4 articles, more than the 3"):
        import_file(path)
    assert nothing_stored()


@pytest.mark.django_db
def test_a_file_at_the_limits_is_imported(tmp_path, settings):
    path = tmp_path / "three.jsonl"
    path.write_text(jsonl(3))
    settings.IMPORT_MAX_ARTICLES = 3
    settings.IMPORT_MAX_BYTES = path.stat().st_size
    report = import_file(path)
    assert len(report.created) == 3
    assert Article.objects.count() == 3


def test_the_defaults_are_what_a_newsroom_would_pick():
    from django.conf import settings as django_settings

    assert django_settings.IMPORT_MAX_BYTES == 20_000_000
    assert django_settings.IMPORT_MAX_ARTICLES == 500
