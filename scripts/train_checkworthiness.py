"""Train the check-worthiness model (claims/data/checkworthiness.json).

Data: the ClaimBuster sample (`checkworthy.tsv`: text<TAB>label, 1 = check-worthy
factual claim), read from the shared datasets folder and never copied into the
repository:

    .venv/bin/python scripts/train_checkworthiness.py \
        [--data ../shared/datasets/checkworthiness/checkworthy.tsv] [--extra FILE.tsv]

`--extra` adds more labelled sentences in the same format (e.g. news sentences
labelled by the desk). Prints 5-fold cross-validated precision, recall and F1
at the chosen cut-off, then fits on all data and writes the weights. The bias is
shifted so that the cross-validated best cut-off maps to a score of 0.5, which
is the default `CLAIM_THRESHOLD`.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.checkworthiness import MODEL_PATH, adjust, features  # noqa: E402

# The project's checkout sits next to shared/ (a worktree one level deeper).
DATASETS = next(
    (
        base / "shared" / "datasets" / "checkworthiness"
        for base in (ROOT.parent, ROOT.parent.parent)
        if (base / "shared" / "datasets" / "checkworthiness").is_dir()
    ),
    ROOT.parent / "shared" / "datasets" / "checkworthiness",
)
DEFAULT_DATA = DATASETS / "checkworthy.tsv"


def read(path: Path) -> tuple[list[str], list[int]]:
    texts, labels = [], []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            texts.append(row["text"])
            labels.append(int(row["label"]))
    return texts, labels


def vectorise(rows: list[dict[str, float]], vocabulary: dict[str, int]) -> np.ndarray:
    matrix = np.zeros((len(rows), len(vocabulary)), dtype=np.float64)
    for i, row in enumerate(rows):
        for name, value in row.items():
            j = vocabulary.get(name)
            if j is not None:
                matrix[i, j] = value
    return matrix


def build_vocabulary(rows: list[dict[str, float]], min_count: int) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in rows:
        for name in row:
            counts[name] = counts.get(name, 0) + 1
    names = sorted(n for n, c in counts.items() if c >= min_count or n.startswith("sig:"))
    return {name: i for i, name in enumerate(names)}


def fit(
    x: np.ndarray,
    y: np.ndarray,
    l2: float,
    epochs: int = 400,
    rate: float = 0.5,
    row_weight: np.ndarray | None = None,
):
    weights = np.zeros(x.shape[1], dtype=np.float64)
    bias = 0.0
    positive = y.mean()
    # Class weights: the check-worthy class is the minority.
    sample_weight = np.where(y == 1, 0.5 / positive, 0.5 / (1 - positive))
    if row_weight is not None:
        sample_weight = sample_weight * row_weight / row_weight.mean()
    for _ in range(epochs):
        z = x @ weights + bias
        p = 1 / (1 + np.exp(-z))
        error = (p - y) * sample_weight
        weights -= rate * (x.T @ error / len(y) + l2 * weights)
        bias -= rate * error.mean()
    return weights, bias


def prf(y: np.ndarray, p: np.ndarray, cut: float) -> tuple[float, float, float]:
    predicted = p >= cut
    tp = float(np.sum(predicted & (y == 1)))
    precision = tp / max(1.0, float(predicted.sum()))
    recall = tp / max(1.0, float(np.sum(y == 1)))
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    return precision, recall, f1


def cross_validated_scores(
    texts: list[str],
    rows: list[dict[str, float]],
    y: np.ndarray,
    row_weight: np.ndarray,
    folds: int = 5,
    l2: float = 1e-3,
    min_count: int = 2,
    epochs: int = 400,
) -> np.ndarray:
    """Scores (after `adjust`) of each sentence by a model that never saw it."""
    order = np.random.default_rng(13).permutation(len(rows))
    parts = np.array_split(order, folds)
    scores = np.zeros(len(rows))
    for k, test in enumerate(parts):
        train = np.concatenate([f for j, f in enumerate(parts) if j != k])
        vocabulary = build_vocabulary([rows[i] for i in train], min_count)
        x_train = vectorise([rows[i] for i in train], vocabulary)
        weights, bias = fit(x_train, y[train], l2, epochs, row_weight=row_weight[train])
        x_test = vectorise([rows[i] for i in test], vocabulary)
        probabilities = 1 / (1 + np.exp(-(x_test @ weights + bias)))
        scores[test] = [
            adjust(texts[i], float(p)) for i, p in zip(test, probabilities, strict=True)
        ]
    return scores


def best_cut(y: np.ndarray, scores: np.ndarray, is_extra: np.ndarray) -> float:
    """The cut-off that serves both the ClaimBuster sample and the extra sentences."""
    base = ~is_extra

    def objective(cut: float) -> float:
        value = prf(y[base], scores[base], cut)[2]
        if is_extra.any():
            value = (value + prf(y[is_extra], scores[is_extra], cut)[2]) / 2
        return value

    return max((float(c) for c in np.arange(0.2, 0.8, 0.01)), key=objective)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--extra", type=Path, action="append", default=[])
    parser.add_argument("--extra-weight", type=float, default=3.0)
    parser.add_argument("--l2", type=float, default=1e-3)
    parser.add_argument("--min-count", type=int, default=2)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=400)
    parser.add_argument("--output", type=Path, default=MODEL_PATH)
    args = parser.parse_args()

    texts, labels = read(args.data)
    source = [0] * len(texts)
    for extra in args.extra:
        more_texts, more_labels = read(extra)
        texts += more_texts
        labels += more_labels
        source += [1] * len(more_texts)
    rows = [features(text) for text in texts]
    y = np.array(labels, dtype=np.float64)
    is_extra = np.array(source) == 1
    row_weight = np.where(is_extra, args.extra_weight, 1.0)
    scores = cross_validated_scores(
        texts, rows, y, row_weight, args.folds, args.l2, args.min_count, args.epochs
    )
    base = ~is_extra
    cut = best_cut(y, scores, is_extra)
    best = prf(y[base], scores[base], cut)
    print(f"cv_folds: {args.folds}")
    print(f"cv_best_cut: {cut:.2f}")
    print(f"cv_claimbuster_precision: {best[0]:.3f}")
    print(f"cv_claimbuster_recall: {best[1]:.3f}")
    print(f"cv_claimbuster_f1: {best[2]:.3f}")
    if is_extra.any():
        news = prf(y[is_extra], scores[is_extra], cut)
        print(f"cv_extra_precision: {news[0]:.3f}")
        print(f"cv_extra_recall: {news[1]:.3f}")
        print(f"cv_extra_f1: {news[2]:.3f}")

    vocabulary = build_vocabulary(rows, args.min_count)
    weights, bias = fit(vectorise(rows, vocabulary), y, args.l2, args.epochs, row_weight=row_weight)
    # Shift so that the cross-validated best cut-off sits at 0.5.
    bias -= float(np.log(cut / (1 - cut)))
    kept = {
        name: round(float(weights[i]), 4)
        for name, i in vocabulary.items()
        if abs(weights[i]) >= 5e-3
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(
        json.dumps(
            {
                "about": "Logistic regression over claims.checkworthiness.features; "
                "trained by scripts/train_checkworthiness.py on the ClaimBuster sample",
                "cv_f1": round(best[2], 3),
                "cv_cut": round(cut, 2),
                "cv_precision": round(best[0], 3),
                "cv_recall": round(best[1], 3),
                "bias": round(bias, 4),
                "weights": kept,
            },
            ensure_ascii=False,
            sort_keys=True,
            separators=(",", ":"),
        ),
        encoding="utf-8",
    )
    print(f"features_kept: {len(kept)}")
    print(f"model_bytes: {args.output.stat().st_size}")


if __name__ == "__main__":
    main()
