"""Process modules: the `topic` example (Python + numpy) and the misbehaving fixtures in
Tests/e2e/plugin-fixtures, through `devnet plugins list | check | call`.

Needs no running devnet, only the built binary (.build/release/devnet, or DEVNET_BINARY). The
topic answers expected here are computed in this file from Plugins/topic/weights.json with numpy,
following the model's documented rule (Plugins/README.md; Plugins/topic/model.py's docstring),
not by running the module.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
PLUGINS = ROOT / "Plugins"
FIXTURES = Path(__file__).resolve().parent / "plugin-fixtures"
TOPIC = PLUGINS / "topic"
BINARY = os.environ.get("DEVNET_BINARY", str(ROOT / ".build" / "release" / "devnet"))


def devnet(*args: str, directory: Path = PLUGINS, timeout: float = 60) -> subprocess.CompletedProcess:
    if not Path(BINARY).exists():
        pytest.skip(f"{BINARY} is not built")
    return subprocess.run([BINARY, "plugins", *args, "--dir", str(directory)], capture_output=True, text=True, timeout=timeout)


# --- the topic model, read independently from its weights file -------------------------------------

# The documented stopwords (Plugins/README.md, "Example: topic/").
STOPWORDS = set("""a an and are as at be by for from has have her his in is it its of on or our so that the
their this to was were will with after before more new than then they today tomorrow we you your""".split())


def expected_topic(text: str, capability: str = "precompile") -> str:
    weights = json.loads((TOPIC / "weights.json").read_text())
    labels, vocab = weights["labels"], weights["vocab"]
    W, b = np.array(weights["W"]), np.array(weights["b"])
    words = {w for w in re.findall(r"[a-z]+", text.lower()) if w not in STOPWORDS}
    x = np.array([1.0 if v in words else 0.0 for v in vocab])
    if x.sum() == 0:
        if capability == "inference":
            return json.dumps({"topic": "unknown", "probabilities": {}}, separators=(",", ":"))
        return "topic: unknown (no known words)"
    x /= np.sqrt(x.sum())
    z = W @ x + b
    p = np.exp(z - z.max())
    p /= p.sum()
    k = int(np.argmax(p))
    if capability == "inference":
        return json.dumps({"topic": labels[k], "probabilities": {l: round(float(v), 4) for l, v in zip(labels, p)}},
                          separators=(",", ":"))
    return f"topic: {labels[k]} ({p[k]:.2f})"


TEXTS = {
    "The central bank cut interest rates and stocks rallied": "finance",
    "Heavy snow and freezing wind are forecast for the weekend": "weather",
    "The striker scored in the final and the fans celebrated": "sports",
    "The doctor said exercise and sleep improve your heart health": "health",
    "We deployed the new compiler to the cloud servers": "technology",
}


def test_the_weights_are_small_and_name_five_topics():
    weights = json.loads((TOPIC / "weights.json").read_text())
    assert (TOPIC / "weights.json").stat().st_size < 200_000
    assert weights["labels"] == ["finance", "health", "sports", "technology", "weather"]
    assert np.array(weights["W"]).shape == (5, len(weights["vocab"]))
    assert weights["vocab"] == sorted(set(weights["vocab"]))


@pytest.mark.parametrize("text,topic", list(TEXTS.items()))
def test_topic_call_agrees_with_the_weights(text, topic):
    out = devnet("call", "topic", text)
    assert out.returncode == 0, out.stderr
    answer = out.stdout.rstrip("\n")
    assert answer == expected_topic(text)
    assert answer.startswith(f"topic: {topic} (")   # and the model is right on these


def test_topic_inference_gives_every_probability():
    text = "Thunderstorms and hail will hit the stadium before the match"
    out = devnet("call", "--capability", "inference", "topic", text)
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    assert out.stdout.rstrip("\n") == expected_topic(text, "inference")
    assert abs(sum(got["probabilities"].values()) - 1) < 1e-3


def test_topic_knows_when_it_does_not_know():
    out = devnet("call", "topic", "héllo wörld ¿qué?", "")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [expected_topic("héllo wörld ¿qué?"), "topic: unknown (no known words)"]


def test_topic_answers_several_inputs_with_one_process():
    texts = list(TEXTS)
    out = devnet("call", "topic", *texts)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [expected_topic(t) for t in texts]


def test_topic_refuses_a_capability_it_lacks():
    out = devnet("call", "--capability", "score", "topic", "x")
    assert out.returncode == 1
    assert "topic does not offer `score`" in out.stderr


def test_train_py_reproduces_the_shipped_weights(tmp_path):
    out = tmp_path / "weights.json"
    subprocess.run([sys.executable, str(TOPIC / "train.py"), str(out)], check=True, capture_output=True, timeout=120)
    assert json.loads(out.read_text()) == json.loads((TOPIC / "weights.json").read_text()), "run Plugins/topic/train.py"
    assert out.read_bytes() == (TOPIC / "weights.json").read_bytes()


def test_topic_starts_fast():
    start = time.monotonic()
    out = subprocess.run([str(TOPIC / "topic.py"), "interest rates"], capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == expected_topic("interest rates")
    assert time.monotonic() - start < 3   # < 1 s on an idle machine; slack for a loaded CI box


def test_list_and_check_the_examples():
    out = devnet("list")
    assert out.returncode == 0, out.stderr
    assert re.search(r"^topic 0\.1\.0  process  \[precompile, inference\]", out.stdout, re.M)
    out = devnet("check")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "ok   topic 0.1.0 (process, started, time limit 5000 ms)" in out.stdout


# --- the fixtures ------------------------------------------------------------------------------------

def test_fixtures_list_reports_the_broken_manifest_and_lists_the_others():
    out = devnet("list", directory=FIXTURES)
    assert out.returncode == 0, out.stderr
    names = [line.split()[0] for line in out.stdout.splitlines() if not line.startswith("skipped:")]
    assert names == ["counter", "crashing", "hanging", "looping"]
    broken = FIXTURES / "broken" / "plugin.toml"
    assert f"skipped: {broken}:4: `kind` must be \"wasm\" or \"process\", got \"docker\"" in out.stdout


def test_fixtures_check_fails_only_on_the_broken_manifest():
    out = devnet("check", directory=FIXTURES, timeout=120)
    assert out.returncode == 1
    lines = out.stdout.splitlines()
    assert [l for l in lines if l.startswith("FAIL")] == [
        f"FAIL {FIXTURES / 'broken' / 'plugin.toml'}:4: `kind` must be \"wasm\" or \"process\", got \"docker\""]
    for name in ["counter", "crashing", "hanging", "looping"]:
        assert any(l.startswith(f"ok   {name} 0.1.0") for l in lines), out.stdout


def test_looping_stops_at_its_fuel_limit_and_the_next_call_works():
    out = devnet("call", "looping", "x", directory=FIXTURES)
    assert out.returncode == 1
    assert "error: looping: stopped after its fuel limit (limits.fuel = 1000000 WebAssembly operators)" in out.stderr
    # a healthy module in the same directory still answers
    out = devnet("call", "counter", "a", directory=FIXTURES)
    assert out.returncode == 0 and out.stdout == "answer 1\n", out.stderr


def test_hanging_is_killed_within_its_limit_and_the_next_call_is_tried_again():
    start = time.monotonic()
    out = devnet("call", "hanging", "first", "second", directory=FIXTURES)
    elapsed = time.monotonic() - start
    assert out.returncode == 1
    message = ("error: hanging: no answer within limits.time_ms = 1500 ms; the process was killed "
               "(it is started again on the next call)")
    assert out.stderr.count(message) == 2, out.stderr
    # two calls of 1.5 s each, plus the binary's start-up; never the 60 s the test would wait
    assert 3.0 <= elapsed < 3.0 + 3.0, elapsed


def test_crashing_fails_then_the_next_call_answers():
    out = devnet("call", "crashing", "hello", "crash", "again", directory=FIXTURES)
    assert out.returncode == 1
    assert out.stdout.splitlines() == ["ok: hello", "ok: again"]
    assert ("error: crashing: the process exited (status 3) before answering (it is started again on the next call); "
            "its last stderr: crashing on purpose") in out.stderr
    assert "plugin crashing: crashing on purpose" in out.stderr   # stderr goes to the log too


def test_counter_answers_change_per_call():
    out = devnet("call", "counter", "a", "b", "c", directory=FIXTURES)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["answer 1", "answer 2", "answer 3"]
    out = devnet("call", "--capability", "inference", "counter", "a", directory=FIXTURES)
    assert out.returncode == 1 and "counter does not offer `inference`" in out.stderr


def test_the_committed_looping_wasm_matches_its_source(tmp_path):
    import shutil
    clang = shutil.which("clang") or "/opt/swift/usr/bin/clang"
    if not Path(clang).exists():
        pytest.skip("no clang to rebuild the module")
    out = tmp_path / "looping.wasm"   # the output's name is written into the module
    subprocess.run([clang, "--target=wasm32", "-O2", "-nostdlib", "-Wl,--no-entry", "-o", str(out),
                    str(FIXTURES / "looping" / "looping.c")], check=True, capture_output=True)
    assert out.read_bytes() == (FIXTURES / "looping" / "looping.wasm").read_bytes(), "run plugin-fixtures/looping/build.sh"
