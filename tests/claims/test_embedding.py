"""claims.embedding: the numpy forward pass of all-MiniLM-L6-v2 gives the
vectors sentence-transformers gives for the same model."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from claims import embedding

REFERENCE = json.loads((Path(__file__).parent / "minilm_reference.json").read_text("utf-8"))


def test_its_vectors_equal_the_reference_implementations():
    vectors = embedding.embed(REFERENCE["sentences"])
    expected = np.array(REFERENCE["vectors"], dtype=np.float32)
    assert vectors.shape == (4, embedding.DIMENSIONS)
    assert np.abs(vectors - expected).max() < 1e-5


def test_a_sentence_gets_the_same_vector_alone_as_in_a_padded_batch():
    short, long = "Iran fired 15 missiles.", REFERENCE["sentences"][3]
    together = embedding.embed([long, short])
    alone = embedding.embed([short])
    assert np.abs(together[1] - alone[0]).max() < 1e-5


def test_vectors_have_unit_length_and_a_reworded_sentence_is_closer_than_another_story():
    first, reworded, other, _ = embedding.embed(REFERENCE["sentences"])
    assert np.linalg.norm(first) == pytest.approx(1.0, abs=1e-5)
    assert float(first @ reworded) > 0.8 > float(first @ other)


def test_no_text_gives_no_rows():
    assert embedding.embed([]).shape == (0, embedding.DIMENSIONS)


def test_a_missing_model_package_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr(embedding, "MODEL_PACKAGE", "no_such_model_package")
    with pytest.raises(embedding.EmbeddingModelMissing, match="make install"):
        embedding.model_directory()
