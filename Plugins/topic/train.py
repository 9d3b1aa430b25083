#!/usr/bin/env python3
"""Trains the topic model (model.py) on corpus.tsv and writes weights.json.

    ./train.py [OUT]        (default: weights.json beside this file)

Deterministic: the vocabulary is sorted, the weights start at zero, full-batch gradient descent
runs a fixed number of steps in float64, and the weights are rounded to 6 decimals, so the same
corpus gives the same file on every machine (Tests/e2e/test_process_plugins.py retrains and compares).
"""
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import model  # noqa: E402

STEPS = 600
LEARNING_RATE = 2.0
L2 = 1e-3


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "weights.json")
    rows = []
    with open(os.path.join(HERE, "corpus.tsv"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                label, text = line.split("\t", 1)
                rows.append((label, text))
    labels = sorted({label for label, _ in rows})
    vocab = sorted({w for _, text in rows for w in model.tokens(text)})
    index = {w: j for j, w in enumerate(vocab)}
    X = np.array([model.features(text, index) for _, text in rows])
    Y = np.zeros((len(rows), len(labels)))
    for i, (label, _) in enumerate(rows):
        Y[i, labels.index(label)] = 1.0
    W = np.zeros((len(labels), len(vocab)))
    b = np.zeros(len(labels))
    n = len(rows)
    for _ in range(STEPS):
        P = model.softmax(X @ W.T + b)
        G = (P - Y) / n
        W -= LEARNING_RATE * (G.T @ X + L2 * W)
        b -= LEARNING_RATE * G.sum(axis=0)
    W = np.round(W, 6)
    b = np.round(b, 6)
    accuracy = float((model.softmax(X @ W.T + b).argmax(axis=1) == Y.argmax(axis=1)).mean())
    weights = {
        "labels": labels,
        "vocab": vocab,
        "W": [[float(v) for v in row] for row in W],
        "b": [float(v) for v in b],
    }
    with open(out, "w", encoding="utf-8") as f:
        json.dump(weights, f, separators=(",", ":"))
        f.write("\n")
    print(f"{out}: {len(labels)} topics, {len(vocab)} words, {n} examples, training accuracy {accuracy:.3f}")


if __name__ == "__main__":
    main()
