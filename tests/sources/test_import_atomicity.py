"""A failure in the middle of an import leaves the database exactly as before."""

from __future__ import annotations

import json

import pytest
from django.apps import apps

import claims.services as claim_services
from sources.services import import_file

SENTENCES = [
    "The ministry said 15 missiles struck Ain al-Asad air base on January 8, 2020.",
    "Officials said 22 missiles struck Ain al-Asad air base on January 8, 2020.",
    "About 110 soldiers were treated for brain injuries after the strike, the Pentagon said.",
    "The Pentagon said 110 soldiers were treated for brain injuries after the strike.",
    "Iran fired 16 ballistic missiles at two bases in Iraq, the army said on Wednesday.",
]


def write_jsonl(path, prefix: str) -> None:
    path.write_text(
        "\n".join(
            json.dumps({"title": f"{prefix} {i}", "outlet": f"Outlet {i}", "text": text})
            for i, text in enumerate(SENTENCES)
        )
    )


def counts() -> dict[str, int]:
    """Rows in every table of the workbench's apps (history tables included)."""
    models = [
        model
        for label in ("sources", "claims")
        for model in apps.get_app_config(label).get_models()
    ]
    return {model._meta.db_table: model.objects.count() for model in models}


@pytest.fixture
def corpus(tmp_path, db):
    first = tmp_path / "first.jsonl"
    write_jsonl(first, "First")
    import_file(first)
    snapshot = counts()
    assert snapshot["claims_claim"] > 0 and snapshot["claims_claimmatch"] > 0
    second = tmp_path / "second.jsonl"
    # Same stories reworded: new articles whose claims match the corpus.
    second.write_text(
        "\n".join(
            json.dumps({"title": f"Second {i}", "text": "Reports: " + text.replace("said", "told")})
            for i, text in enumerate(SENTENCES)
        )
    )
    return second, snapshot


def fail_extraction_on_third_article(monkeypatch) -> dict[str, int]:
    real = claim_services.extract_claims
    calls = {"n": 0}

    def flaky(article, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("extraction failed")
        return real(article, *args, **kwargs)

    monkeypatch.setattr(claim_services, "extract_claims", flaky)
    return calls


def test_extraction_failing_on_the_third_article_leaves_every_table_as_before(corpus, monkeypatch):
    path, before = corpus
    calls = fail_extraction_on_third_article(monkeypatch)
    with pytest.raises(RuntimeError, match="extraction failed"):
        import_file(path)
    assert calls["n"] == 3
    assert counts() == before


def test_matching_failing_after_all_articles_leaves_every_table_as_before(corpus, monkeypatch):
    path, before = corpus

    def broken(claims):
        raise RuntimeError("matching failed")

    monkeypatch.setattr(claim_services, "match_claims", broken)
    with pytest.raises(RuntimeError, match="matching failed"):
        import_file(path)
    assert counts() == before


def test_the_same_file_imports_cleanly_after_a_failed_attempt(corpus, monkeypatch):
    path, before = corpus
    monkeypatch.setattr(
        claim_services, "match_claims", lambda claims: (_ for _ in ()).throw(RuntimeError("x"))
    )
    with pytest.raises(RuntimeError):
        import_file(path)
    monkeypatch.undo()
    report = import_file(path)
    assert len(report.created) == len(SENTENCES)
    assert counts()["sources_article"] == before["sources_article"] + len(SENTENCES)


def test_a_failed_import_drops_this_process_candidate_index(corpus, monkeypatch):
    import claims.services.matching as matching_services

    path, _ = corpus
    assert matching_services._state is not None  # the first import built it
    calls = fail_extraction_on_third_article(monkeypatch)
    with pytest.raises(RuntimeError):
        import_file(path)
    assert calls["n"] == 3
    # Rolled-back claims must not linger in the index (SQLite may reuse their ids).
    assert matching_services._state is None
