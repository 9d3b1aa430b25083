#!/usr/bin/env python3
"""topic: a process module (Plugins/README.md, process protocol) naming the topic of a text —
finance, health, sports, technology or weather — with a small logistic-regression model
(model.py) whose weights (weights.json) train.py made from corpus.tsv.

capability "precompile": "topic: finance (0.83)"  (the most likely topic and its probability, 2 decimals)
capability "inference":  {"topic":"finance","probabilities":{"finance":0.8312,...}}  (4 decimals)
Text without any word of the vocabulary: "topic: unknown (no known words)" / {"topic":"unknown","probabilities":{}}.

Run by hand: ./topic.py "some text"  (prints the precompile answer).
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import model  # noqa: E402

LABELS, VOCAB, W, B = model.load(os.path.join(HERE, "weights.json"))
INDEX = {w: j for j, w in enumerate(VOCAB)}


def answer(text, capability):
    x = model.features(text, INDEX)
    if not x.any():
        if capability == "inference":
            return json.dumps({"topic": "unknown", "probabilities": {}}, separators=(",", ":"))
        return "topic: unknown (no known words)"
    p = model.softmax(W @ x + B)
    best = int(p.argmax())
    if capability == "inference":
        probabilities = {label: round(float(v), 4) for label, v in zip(LABELS, p)}
        return json.dumps({"topic": LABELS[best], "probabilities": probabilities}, separators=(",", ":"))
    return f"topic: {LABELS[best]} ({p[best]:.2f})"


def main():
    if len(sys.argv) > 1:
        print(answer(" ".join(sys.argv[1:]), "precompile"))
        return
    for line in sys.stdin:
        try:
            request = json.loads(line)
            rid = request["id"]
        except (ValueError, KeyError, TypeError):
            print(f"topic: skipped a request that is not JSON with an id: {line[:80]!r}", file=sys.stderr, flush=True)
            continue
        if "input" in request:
            text = request["input"]
        else:
            text = bytes.fromhex(request.get("input_hex", "0x")[2:]).decode("utf-8", "replace")
        capability = request.get("capability", "precompile")
        if capability not in ("precompile", "inference"):
            reply = {"id": rid, "error": f"topic does not offer {capability!r}"}
        else:
            reply = {"id": rid, "output": answer(text, capability)}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
