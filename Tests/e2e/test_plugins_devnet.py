"""AI modules in the running devnet (issue 8): the Plugins page and its call form, a broken manifest
in a --plugins-dir, the data-score module, and the acceptance check "The LazAI node scores data with
the scoring module from Plugins/".

Two kinds of tests:
- against the devnet under test (DEVNET_RPC_URL, started from the repository root, so its
  `[plugins]` are the defaults: dir Plugins, precompile sentiment, scorer data-score);
- with a devnet of their own, started here from the built binary (DEVNET_BINARY, default
  .build/release/devnet) on free ports with --plugins-dir pointing at a temporary directory.

Expected scores come from `data_score` below, a Python reading of the algorithm documented in
Plugins/data-score/data-score.c (integer arithmetic, so the values are exact), never from the devnet.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import requests

from conftest import RPC_URL, DevnetProcess, Rpc

ROOT = Path(__file__).resolve().parents[2]
PLUGINS = ROOT / "Plugins"
FIXTURES = ROOT / "Tests" / "e2e" / "plugin-fixtures"
BINARY = os.environ.get("DEVNET_BINARY", str(ROOT / ".build" / "release" / "devnet"))
BASE = RPC_URL.rstrip("/")


def data_score(data: bytes) -> int:
    """Plugins/data-score/data-score.c's score of `data` (its header comment, step by step)."""
    n = len(data)
    if n == 0:
        return 1
    printable = sum(1 for b in data if b in (9, 10, 13) or 32 <= b <= 126 or b >= 128)
    words = [w.lower() for w in re.findall(rb"[A-Za-z0-9]+", data)]
    diversity = 0 if not words else len(set(words)) * 10000 // len(words)
    length = min(len(words), 400) * 25
    clean = printable * 10000 // n
    return max(1, min(10000, (5 * diversity + 3 * length + 2 * clean + 5) // 10))


def binary() -> str:
    if not Path(BINARY).exists():
        pytest.skip(f"{BINARY} is not built")
    return BINARY


def plugins_call(name: str, data: bytes, plugins_dir: Path = PLUGINS) -> subprocess.CompletedProcess:
    """`devnet plugins call NAME --file FILE` (the input as raw bytes)."""
    with tempfile.NamedTemporaryFile(suffix=".bin") as f:
        f.write(data)
        f.flush()
        out = subprocess.run([binary(), "plugins", "call", "--dir", str(plugins_dir), name, "--file", f.name],
                             capture_output=True, text=True, timeout=120)
        if out.returncode != 0 and "--file" in out.stderr and b"\0" not in data:
            # a binary whose `plugins call` takes text arguments only
            out = subprocess.run([binary(), "plugins", "call", "--dir", str(plugins_dir), name, data.decode()],
                                 capture_output=True, text=True, timeout=120)
    return out


TEXTS = [
    b"the cat the dog",
    b"",
    b"\x00\x01\x02\x03 binary \xff\xfe junk",
    "Caf\u00e9 au lait, caf\u00e9 AU LAIT!".encode(),
    b"word " * 1000,
    " ".join(f"token{i}" for i in range(700)).encode(),
    (ROOT / "README.md").read_bytes()[:20000],
]


# MARK: data-score, without a devnet

def test_data_score_wasm_matches_its_source():
    clang = shutil.which("clang") or "/opt/swift/usr/bin/clang"
    if not Path(clang).exists():
        pytest.skip("no clang to rebuild the module")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "data-score.wasm"   # the output's name is written into the module
        subprocess.run(["bash", str(PLUGINS / "data-score" / "build.sh")], env={**os.environ, "OUT": str(out), "CLANG": clang},
                       check=True, capture_output=True)
        assert out.read_bytes() == (PLUGINS / "data-score" / "data-score.wasm").read_bytes(), "run Plugins/data-score/build.sh"


def test_data_score_manifest_offers_score():
    text = (PLUGINS / "data-score" / "plugin.toml").read_text()
    assert re.search(r'^capabilities = \["score"\]$', text, re.M)
    assert re.search(r'^kind = "wasm"$', text, re.M)


@pytest.mark.parametrize("data", TEXTS, ids=range(len(TEXTS)))
def test_cli_score_equals_the_python_reading(data: bytes):
    if b"\0" in data and "--file" not in subprocess.run([binary(), "plugins", "call", "--help"], capture_output=True, text=True).stdout:
        pytest.skip("this binary's `plugins call` has no --file for binary input")
    out = plugins_call("data-score", data)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str(data_score(data))


# MARK: the devnet under test

def plugins_page(base: str = BASE) -> str:
    resp = requests.get(f"{base}/plugins", timeout=30)
    assert resp.status_code == 200, resp.text[:500]
    assert resp.headers["content-type"].startswith("text/html")
    return resp.text


def form_token(page: str) -> str:
    m = re.search(r'name="token" value="([0-9a-f]{64})"', page)
    assert m, "no form token on /plugins"
    return m.group(1)


def test_plugins_page_lists_the_modules():
    page = plugins_page()
    for name in ("sentiment", "data-score"):
        assert f"<td><b>{name}</b></td>" in page
    assert "<b>sentiment</b> (capability precompile)" in page
    assert "<b>data-score</b> (capability score)" in page
    assert '<a href="/plugins"' in plugins_page()   # the nav link
    assert '<a href="/plugins"' in requests.get(f"{BASE}/", timeout=30).text


def test_call_form_answers_and_checks_the_token():
    page = plugins_page()
    token = form_token(page)
    text = "Great & <fast> devnet, great!"
    resp = requests.post(f"{BASE}/dashboard/plugins/call",
                         data={"token": token, "module": "data-score", "capability": "score", "input": text}, timeout=60)
    assert resp.status_code == 200
    answer = re.search(r'<div class="data mono answer">(.*?)</div>', resp.text, re.S)
    assert answer, resp.text[:2000]
    assert answer.group(1) == str(data_score(text.encode()))
    # the input is shown escaped
    assert html.escape(text, quote=True).replace("&#x27;", "&#39;") in resp.text
    # sentiment through the same form
    resp = requests.post(f"{BASE}/dashboard/plugins/call",
                         data={"token": token, "module": "sentiment", "capability": "inference", "input": "good good bad"}, timeout=60)
    assert "{&quot;label&quot;:&quot;positive&quot;,&quot;positive&quot;:2,&quot;negative&quot;:1}" in resp.text
    # a module error is shown, not a crash
    resp = requests.post(f"{BASE}/dashboard/plugins/call",
                         data={"token": token, "module": "data-score", "capability": "precompile", "input": "x"}, timeout=60)
    assert resp.status_code == 200 and "does not offer `precompile`" in resp.text
    # wrong token: refused before any call
    calls_before = re.search(r"<td><b>data-score</b></td>.*?</tr>", plugins_page(), re.S).group(0)
    resp = requests.post(f"{BASE}/dashboard/plugins/call",
                         data={"token": "0" * 64, "module": "data-score", "capability": "score", "input": "x"}, timeout=60)
    assert resp.status_code == 403
    assert re.search(r"<td><b>data-score</b></td>.*?</tr>", plugins_page(), re.S).group(0) == calls_before


# MARK: the acceptance check: the LazAI node scores data with Plugins/data-score

def request_proof(rpc: Rpc, text: str, name: str):
    """Alith's data contribution (test_lazai_alith's helpers, pointed at `rpc`'s devnet) up to the
    node's /proof answer: (client, file_id, job_id, job, the /proof response)."""
    import test_lazai_alith as alith_flow
    from alith.lazai import ChainConfig, Client, ProofRequest
    from alith.lazai.contracts import ContractConfig
    import rsa

    saved = alith_flow.RPC_URL
    alith_flow.RPC_URL = rpc.url   # its helpers read the devnet's URL from here
    try:
        contributor = alith_flow.funded_account(rpc)
        # Alith's local profile, explicitly: its defaults are fixed when alith is first imported,
        # which another test module may have done before LAZAI_LOCAL_CHAIN was set
        client = Client(chain_config=ChainConfig("LazAI Devnet", rpc.url, 133718),
                        contract_config=ContractConfig.local(), private_key=contributor.key.hex())
        file_id, url, password = alith_flow.contribute(client, text, name)
    finally:
        alith_flow.RPC_URL = saved
    client.request_proof(file_id, 100)
    job_id = client.file_job_ids(file_id)[-1]
    job = client.get_job(job_id)
    node_info = client.get_node(job[-1])
    encryption_key = rsa.encrypt(password.encode(), rsa.PublicKey.load_pkcs1(node_info[-1].strip().encode(), format="PEM")).hex()
    request = ProofRequest(job_id=job_id, file_id=file_id, file_url=url, encryption_key=encryption_key,
                           encryption_seed="Sign to retrieve your encryption key", proof_url=None).model_dump()
    resp = requests.post(f"{node_info[1]}/proof", json=request, timeout=120)
    return client, file_id, job_id, job, resp


def test_lazai_node_scores_data_with_the_data_score_module():
    rpc = Rpc(RPC_URL)
    if "data-score" not in plugins_page():
        pytest.fail("the devnet under test does not run Plugins/data-score (start it from the repository root)")
    # a text whose built-in score (LazAIScorer: Unicode words, floating point; about 4061) differs from
    # data-score's (4232 by the Python reading), so the DAT shows which scorer ran
    text = ("Data for LazAI: naïve café résumé — 42 rows; rows of data, data of rows. " * 3
            + "\x01\x02 control bytes and ünïcödé words count differently here.\n")
    expected = data_score(text.encode())
    cli = plugins_call("data-score", text.encode())
    assert cli.returncode == 0, cli.stderr
    assert cli.stdout.strip() == str(expected)

    client, file_id, job_id, job, resp = request_proof(rpc, text, "scored-by-plugin.txt")
    assert resp.status_code == 200, resp.text
    _, receipt = client.request_reward(file_id)
    assert receipt["status"] == 1
    file = client.get_file(file_id)
    assert file[5] == expected, f"DataRegistry reward {file[5]}, data-score says {expected}"
    # the node's status says so too
    runtime = next(n for n in rpc("lazai_nodes") if n["address"].lower() == job[-1].lower())["runtime"]
    assert runtime["lastJob"] == job_id and runtime["lastScore"] == expected
    # and the module counted the call
    row = re.search(r"<td><b>data-score</b></td>.*?</tr>", plugins_page(), re.S).group(0)
    calls = int(re.findall(r'<td class="num">(\d+)</td>', row)[0])
    assert calls >= 1


# MARK: a devnet of our own with a broken manifest

BROKEN = """name = "broken"
version = "1.0.0"
kind = "wasm"
entry = 42
capabilities = ["precompile"]
"""


@pytest.fixture(scope="module")
def own_devnet():
    tmp = Path(tempfile.mkdtemp(prefix="plugins-dir-"))
    shutil.copytree(PLUGINS / "sentiment", tmp / "sentiment")
    # the misbehaving fixtures: a wasm module that loops forever, a process that never answers
    shutil.copytree(FIXTURES / "looping", tmp / "looping")
    shutil.copytree(FIXTURES / "hanging", tmp / "hanging")
    (tmp / "broken").mkdir()
    (tmp / "broken" / "plugin.toml").write_text(BROKEN)
    try:
        with DevnetProcess("--ephemeral", "--no-rollup", "--no-lazai", "--plugins-dir", str(tmp), workdir=tmp) as net:
            yield net.url, net.banner, tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def test_broken_manifest_is_reported_and_the_devnet_serves(own_devnet):
    base, banner, tmp = own_devnet
    # the banner: one module loaded, the broken one with its file and line, the missing scorer
    assert (f"AI modules:        3 modules from {tmp}: hanging 0.1.0 (process), looping 0.1.0 (wasm), "
            "sentiment 0.1.0 (wasm)") in banner
    assert re.search(rf"skipped: {re.escape(str(tmp))}/broken/plugin\.toml:4: .*entry", banner), banner
    assert "precompile 0x…0999: sentiment" in banner
    assert 'warning: plugins.scorer = "data-score": no such module' in banner
    assert "LazAI scorer: built-in (LazAIScorer)" in banner
    # the devnet serves JSON-RPC and the page
    assert Rpc(base)("eth_chainId") == hex(133718)
    page = plugins_page(base)
    assert "<td><b>sentiment</b></td>" in page and "<b>broken</b>" not in page
    assert re.search(r"broken/plugin\.toml:4: ", page)
    assert "3 loaded, 1 skipped" in page
    # the healthy module answers a call
    resp = requests.post(f"{base}/dashboard/plugins/call",
                         data={"token": form_token(page), "module": "sentiment", "capability": "precompile",
                               "input": "great fast useful"}, timeout=60)
    assert "{&quot;label&quot;:&quot;positive&quot;,&quot;positive&quot;:3,&quot;negative&quot;:0}" in resp.text


def call_form(base: str, module: str, text: str) -> tuple[requests.Response, float]:
    page = plugins_page(base)
    t0 = time.monotonic()
    resp = requests.post(f"{base}/dashboard/plugins/call",
                         data={"token": form_token(page), "module": module, "capability": "precompile", "input": text},
                         timeout=60)
    return resp, time.monotonic() - t0


def test_looping_and_hanging_modules_fail_within_their_limits_and_the_next_call_works(own_devnet):
    base, _, tmp = own_devnet
    # the looping wasm module: stopped by its fuel (deterministic), with a clear message
    resp, _ = call_form(base, "looping", "spin")
    assert resp.status_code == 200
    assert "looping: stopped after its fuel limit" in html.unescape(resp.text)
    # the hanging process: killed at its time limit
    limit_s = int(re.search(r"time_ms\s*=\s*(\d+)", (tmp / "hanging" / "plugin.toml").read_text()).group(1)) / 1000
    resp, elapsed = call_form(base, "hanging", "are you there?")
    assert resp.status_code == 200 and elapsed < limit_s + 3
    text = html.unescape(resp.text)
    assert "hanging: no answer within limits.time_ms" in text and "killed" in text
    # the devnet keeps serving, and a healthy module answers the next call
    assert Rpc(base)("eth_chainId") == hex(133718)
    resp, _ = call_form(base, "sentiment", "great fast useful")
    assert "{&quot;label&quot;:&quot;positive&quot;,&quot;positive&quot;:3,&quot;negative&quot;:0}" in resp.text
    # the page counts the failures and shows the errors
    page = html.unescape(plugins_page(base))
    assert re.search(r"<td><b>hanging</b></td>.*?error", page, re.S)


def test_missing_plugins_dir_still_starts(tmp_path: Path):
    missing = f"/nonexistent/plugins-{os.getpid()}"
    with DevnetProcess("--ephemeral", "--no-rollup", "--no-lazai", "--plugins-dir", missing, workdir=tmp_path) as net:
        assert f"AI modules:        0 modules: {missing} does not exist" in net.banner
        assert net.rpc("eth_chainId") == hex(133718)


# MARK: a scorer that does not answer a score fails the job, with the module's answer in lastError

JSON_SCORER = """name = "json-scorer"
version = "1.0.0"
description = "sentiment's classifier offered as a scorer: it answers JSON, not a score"
kind = "wasm"
entry = "sentiment.wasm"
capabilities = ["score"]
"""


def test_a_scorer_answering_no_score_fails_the_job_clearly():
    tmp = Path(tempfile.mkdtemp(prefix="plugins-scorer-"))
    (tmp / "json-scorer").mkdir()
    shutil.copy(PLUGINS / "sentiment" / "sentiment.wasm", tmp / "json-scorer" / "sentiment.wasm")
    (tmp / "json-scorer" / "plugin.toml").write_text(JSON_SCORER)
    config = tmp / "devnet.toml"
    config.write_text(f'[plugins]\ndir = "{tmp}"\nprecompile = ""\nscorer = "json-scorer"\n')
    net = DevnetProcess("--ephemeral", "--config", str(config), "--no-rollup", workdir=tmp).start()
    try:
        assert "LazAI scorer: json-scorer (capability score)" in net.banner
        rpc = net.rpc
        _, file_id, job_id, job, resp = request_proof(rpc, "good data, great data", "no-score.txt")
        assert resp.status_code == 500, resp.text
        message = resp.json()["error"]["message"]
        assert "json-scorer answered" in message and "not a score from 1 to 10000" in message, message
        runtime = next(n for n in rpc("lazai_nodes") if n["address"].lower() == job[-1].lower())["runtime"]
        assert runtime["jobsProven"] == 0
        assert f"job {job_id}: the scorer failed: json-scorer answered" in runtime["lastError"], runtime
        assert '{"label":"positive","positive":2,"negative":0}' in runtime["lastError"]
    finally:
        net.stop()
        shutil.rmtree(tmp, ignore_errors=True)


# MARK: a LazAI node answering chat requests with an inference module ([plugins] inference)

def test_lazai_chat_is_answered_by_the_inference_module(tmp_path: Path):
    import json

    import test_lazai_alith as alith_flow
    from alith.lazai import ChainConfig, Client
    from alith.lazai.contracts import ContractConfig
    from test_plugins import expected as sentiment_expected
    from web3 import Web3

    config = tmp_path / "devnet.toml"
    config.write_text('[plugins]\ninference = "sentiment"\n')
    with DevnetProcess("--ephemeral", "--config", str(config), "--no-rollup", workdir=tmp_path) as net:
        assert "LazAI inference: sentiment (capability inference)" in net.banner
        rpc = net.rpc
        saved = alith_flow.RPC_URL
        alith_flow.RPC_URL = rpc.url   # its helpers read the devnet's URL from here
        try:
            user = alith_flow.funded_account(rpc)
        finally:
            alith_flow.RPC_URL = saved
        client = Client(chain_config=ChainConfig("LazAI Devnet", rpc.url, 133718),
                        contract_config=ContractConfig.local(), private_key=user.key.hex())
        node = Web3.to_checksum_address(rpc("lazai_getInfo")["nodes"][0]["address"])
        node_url = client.get_inference_node(node)[1]
        client.add_user(10_000_000)
        client.deposit_inference(node, 5_000_000)
        prompt = "this devnet is great, not slow"
        resp = requests.post(f"{node_url}/v1/chat/completions", headers=client.get_request_headers(node), timeout=60,
                             json={"messages": [{"role": "user", "content": prompt}]})
        assert resp.status_code == 200, resp.text
        answer = resp.json()
        # the module's answer (Plugins/sentiment's rule, read in Python by test_plugins), named after it
        assert answer["choices"][0]["message"]["content"] == json.dumps(sentiment_expected(prompt), separators=(",", ":"))
        assert answer["model"] == "sentiment"
        # and the request was charged
        assert client.get_inference_account(user.address, node)[3] < 5_000_000
