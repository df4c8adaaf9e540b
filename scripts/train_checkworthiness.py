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

The model is scikit-learn's logistic regression (liblinear, balanced class
weights) over a sublinear TF-IDF of `claims.checkworthiness.tokens` plus the
dense signals of `claims.checkworthiness.dense_features`. scikit-learn is a
training-time dependency only (`pip install -e ".[train]"`): the artifact is a
JSON of per-term IDF and weight that `claims/checkworthiness.py` applies with
the standard library.

Cross-validation: one random 5-fold split over all sentences (ClaimBuster and
extra); each sentence is scored by a model fitted on the other four folds, so a
ClaimBuster sentence is never in the training data of its own score.
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

from claims.checkworthiness import (  # noqa: E402
    MODEL_PATH,
    adjust,
    dense_features,
    tokens,
)

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


def _vectoriser():
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(
        tokenizer=tokens, lowercase=False, token_pattern=None, sublinear_tf=True, min_df=2
    )


def fit(texts: list[str], dense: np.ndarray, y: np.ndarray, row_weight: np.ndarray, c: float):
    """A fitted (vectoriser, model) pair."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.linear_model import LogisticRegression

    vectoriser = _vectoriser()
    x = hstack([vectoriser.fit_transform(texts), csr_matrix(dense)]).tocsr()
    model = LogisticRegression(C=c, class_weight="balanced", solver="liblinear", max_iter=5000)
    model.fit(x, y, sample_weight=row_weight)
    return vectoriser, model


def predict(vectoriser, model, texts: list[str], dense: np.ndarray) -> np.ndarray:
    from scipy.sparse import csr_matrix, hstack

    x = hstack([vectoriser.transform(texts), csr_matrix(dense)]).tocsr()
    return 1 / (1 + np.exp(-model.decision_function(x)))


def prf(y: np.ndarray, p: np.ndarray, cut: float) -> tuple[float, float, float]:
    predicted = p >= cut
    tp = float(np.sum(predicted & (y == 1)))
    precision = tp / max(1.0, float(predicted.sum()))
    recall = tp / max(1.0, float(np.sum(y == 1)))
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    return precision, recall, f1


def cross_validated_scores(
    texts: list[str],
    y: np.ndarray,
    row_weight: np.ndarray,
    folds: int = 5,
    c: float = 2.0,
) -> np.ndarray:
    """Scores (after `adjust`) of each sentence by a model that never saw it."""
    dense = np.array([dense_features(t) for t in texts])
    order = np.random.default_rng(13).permutation(len(texts))
    parts = np.array_split(order, folds)
    scores = np.zeros(len(texts))
    for k, test in enumerate(parts):
        train = np.concatenate([f for j, f in enumerate(parts) if j != k])
        vectoriser, model = fit(
            [texts[i] for i in train], dense[train], y[train], row_weight[train], c
        )
        probabilities = predict(vectoriser, model, [texts[i] for i in test], dense[test])
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
    parser.add_argument("--c", type=float, default=2.0, help="inverse L2 strength")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--output", type=Path, default=MODEL_PATH)
    args = parser.parse_args()

    texts, labels = read(args.data)
    source = [0] * len(texts)
    for extra in args.extra:
        more_texts, more_labels = read(extra)
        texts += more_texts
        labels += more_labels
        source += [1] * len(more_texts)
    y = np.array(labels, dtype=np.float64)
    is_extra = np.array(source) == 1
    row_weight = np.where(is_extra, args.extra_weight, 1.0)
    scores = cross_validated_scores(texts, y, row_weight, args.folds, args.c)
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

    dense = np.array([dense_features(t) for t in texts])
    vectoriser, model = fit(texts, dense, y, row_weight, args.c)
    coefficients = model.coef_[0]
    n_terms = len(vectoriser.vocabulary_)
    # Shift so that the cross-validated best cut-off sits at 0.5.
    bias = float(model.intercept_[0]) - float(np.log(cut / (1 - cut)))
    # Every known term is kept (its IDF enters the normalisation), with its weight.
    terms = {
        term: [round(float(vectoriser.idf_[i]), 3), round(float(coefficients[i]), 4)]
        for term, i in sorted(vectoriser.vocabulary_.items())
    }
    dense_weights = [round(float(w), 4) for w in coefficients[n_terms:]]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(
        json.dumps(
            {
                "about": "Logistic regression over TF-IDF of claims.checkworthiness.tokens "
                "and claims.checkworthiness.dense_features; terms are [idf, weight]; "
                "trained by scripts/train_checkworthiness.py on the ClaimBuster sample "
                "and the desk's news sentences",
                "c": args.c,
                "cv_f1": round(best[2], 3),
                "cv_cut": round(cut, 2),
                "cv_precision": round(best[0], 3),
                "cv_recall": round(best[1], 3),
                "bias": round(bias, 4),
                "dense": dense_weights,
                "terms": terms,
            },
            ensure_ascii=False,
            sort_keys=True,
            separators=(",", ":"),
        ),
        encoding="utf-8",
    )
    print(f"terms_kept: {len(terms)}")
    print(f"model_bytes: {args.output.stat().st_size}")


if __name__ == "__main__":
    main()
