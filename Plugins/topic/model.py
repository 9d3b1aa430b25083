"""The topic model shared by topic.py (the module) and train.py: tokens, features and scores.

A multinomial logistic regression over a bag of words:
  tokens(text)   = the maximal runs of ASCII letters a-z in text.lower(), without STOPWORDS
  x[j]           = 1 if vocab[j] is among the tokens, else 0; then x /= sqrt(sum(x))  (unit length)
  p              = softmax(W @ x + b)        W: len(labels) x len(vocab), b: len(labels)
Text with no vocabulary word has no topic ("unknown").
"""
import json
import re

import numpy as np

STOPWORDS = frozenset("""
a an and are as at be by for from has have her his in is it its of on or our so that the their
this to was were will with after before more new than then they today tomorrow we you your
""".split())


def tokens(text):
    return [w for w in re.findall(r"[a-z]+", text.lower()) if w not in STOPWORDS]


def features(text, index):
    """The unit-length binary bag of words of text over the vocabulary index {word: column}."""
    x = np.zeros(len(index))
    for w in tokens(text):
        j = index.get(w)
        if j is not None:
            x[j] = 1.0
    n = x.sum()
    return x / np.sqrt(n) if n else x


def softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def load(path):
    with open(path, encoding="utf-8") as f:
        w = json.load(f)
    return w["labels"], w["vocab"], np.array(w["W"], dtype=np.float64), np.array(w["b"], dtype=np.float64)
