"""Plugins/: `devnet plugins list | check | call` and the sentiment example module.

Needs no running devnet, only the built binary (.build/release/devnet, or DEVNET_BINARY). The
expected labels come from a Python reading of the lexicons in Plugins/sentiment/sentiment.c (the
module's documented rule: count the lower-cased ASCII words found in each list).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PLUGINS = ROOT / "Plugins"
BINARY = os.environ.get("DEVNET_BINARY", str(ROOT / ".build" / "release" / "devnet"))
SOURCE = (PLUGINS / "sentiment" / "sentiment.c").read_text()


def devnet(*args: str) -> subprocess.CompletedProcess:
    if not Path(BINARY).exists():
        pytest.skip(f"{BINARY} is not built")
    return subprocess.run([BINARY, "plugins", *args, "--dir", str(PLUGINS)], capture_output=True, text=True, timeout=60)


def lexicon(name: str) -> set[str]:
    body = re.search(rf"{name}\[\] = \{{(.*?)\}};", SOURCE, re.S).group(1)
    return set(re.findall(r'"([a-z]+)"', body))


POSITIVE, NEGATIVE = lexicon("POSITIVE"), lexicon("NEGATIVE")


def expected(text: str) -> dict:
    words = [w for w in re.split(r"[^a-z]+", text.lower()) if w]
    # words longer than 32 letters are skipped by the module
    words = [w for w in words if len(w) <= 32]
    p = sum(1 for w in words if w in POSITIVE)
    n = sum(1 for w in words if w in NEGATIVE and w not in POSITIVE)
    label = "positive" if p > n else "negative" if n > p else "neutral"
    return {"label": label, "positive": p, "negative": n}


def test_list_and_check():
    out = devnet("list")
    assert out.returncode == 0, out.stderr
    assert re.search(r"^sentiment 0\.1\.0  wasm  \[precompile, inference\]", out.stdout, re.M)
    out = devnet("check")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "ok   sentiment 0.1.0 (wasm" in out.stdout


@pytest.mark.parametrize("text", [
    "This devnet is great and fast, not slow",
    "terrible, broken and slow: the worst bug",
    "Nothing to see here",
    "GOOD good GoOd bad",
    "héllo wörld, a nice day with a BUG in it",
    "",
])
def test_call_agrees_with_the_lexicon_rule(text):
    out = devnet("call", "sentiment", text)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == expected(text)


def test_unknown_module_is_named():
    out = devnet("call", "nope", "x")
    assert out.returncode != 0
    assert 'no module "nope"' in out.stderr and "sentiment" in out.stderr


def test_committed_wasm_matches_its_source():
    clang = shutil.which("clang") or "/opt/swift/usr/bin/clang"
    if not Path(clang).exists():
        pytest.skip("no clang to rebuild the module")
    build = PLUGINS / "sentiment"
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "sentiment.wasm"   # the output's name is written into the module
        subprocess.run([clang, "--target=wasm32", "-O2", "-nostdlib", "-Wl,--no-entry", "-o", str(out), str(build / "sentiment.c")],
                       check=True, capture_output=True)
        assert out.read_bytes() == (build / "sentiment.wasm").read_bytes(), "run Plugins/sentiment/build.sh"
