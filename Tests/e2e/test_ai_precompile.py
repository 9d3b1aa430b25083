"""The AI precompile at 0x…0999 (issue 8): a Vyper contract asks it in a transaction and stores the
answer; the receipt is charged the documented gas; tracing and a restart give the recorded answer.

Documented price (Plugins/README.md, README "AI precompile"): gas_per_token × (tokens(prompt) +
tokens(answer)), a token being a maximal run of bytes other than ASCII whitespace; 100 gas per token
for the shipped modules (the Metis SDK's price). Expected answers come from a Python reading of the
serving module (test_plugins.expected for `sentiment`; the `counter` fixture's documented
"answer N"), never from the devnet's own output.

The main devnet (DEVNET_RPC_URL) serves the precompile with Plugins/sentiment (devnet.toml default).
The restart test starts its own devnet (the release binary or DEVNET_BINARY) on a data directory with
the fixture module `counter`, whose answers change on every call.
"""

from __future__ import annotations

import json
import re
import tempfile
import time
from pathlib import Path

import pytest
from eth_account import Account
from web3 import Web3

from conftest import CONTRACTS_DIR, DEV0_KEY, ROOT, DevnetProcess, Rpc, RpcError, compile_vyper
from test_plugins import expected as sentiment_expected

FIXTURES = ROOT / "Tests" / "e2e" / "plugin-fixtures"
AI = "0x0000000000000000000000000000000000000999"
CHAIN_ID = 133718
GAS_PER_TOKEN = 100


def tokens(b: bytes) -> int:
    return len(re.findall(rb"[^ \t\n\v\f\r]+", b))


def intrinsic(data: bytes) -> int:
    """21,000 + calldata (EIP-2028: 4 per zero byte, 16 per other) and the EIP-7623 floor."""
    zeros = data.count(0)
    standard = 21000 + 4 * zeros + 16 * (len(data) - zeros)
    floor = 21000 + 10 * (zeros + 4 * (len(data) - zeros))
    return standard, floor


def sentiment_answer(text: str) -> bytes:
    return json.dumps(sentiment_expected(text), separators=(",", ":")).encode()


class Sender:
    """Signs and sends transactions from one key on one node, counting nonces itself."""

    def __init__(self, rpc: Rpc, key: str):
        self.rpc, self.acct = rpc, Account.from_key(key)
        self.nonce = int(rpc("eth_getTransactionCount", self.acct.address, "pending"), 16)

    def send(self, to: str | None, data: bytes, gas: int) -> dict:
        tx = {"to": to, "data": data, "gas": gas, "value": 0, "chainId": CHAIN_ID, "nonce": self.nonce,
              "maxFeePerGas": 10 * 10**9, "maxPriorityFeePerGas": 10**9}
        if to is None:
            del tx["to"]
        self.nonce += 1
        raw = self.acct.sign_transaction(tx).raw_transaction
        return self.rpc.wait_receipt(self.rpc("eth_sendRawTransaction", "0x" + raw.hex()))


def fresh_sender(rpc: Rpc) -> Sender:
    """A new funded account (so this file shares no nonces with other tests)."""
    dev = Sender(rpc, DEV0_KEY)
    acct = Account.create()
    tx = {"to": acct.address, "value": 10**19, "gas": 21000, "chainId": CHAIN_ID, "nonce": dev.nonce,
          "maxFeePerGas": 10 * 10**9, "maxPriorityFeePerGas": 10**9}
    rpc.wait_receipt(rpc("eth_sendRawTransaction", "0x" + dev.acct.sign_transaction(tx).raw_transaction.hex()))
    return Sender(rpc, "0x" + acct.key.hex().removeprefix("0x"))


def asker(rpc: Rpc, sender: Sender):
    art = compile_vyper(CONTRACTS_DIR / "AIAsker.vy")
    receipt = sender.send(None, art.bytecode, 1_000_000)
    assert receipt["status"] == "0x1"
    return Web3().eth.contract(address=Web3.to_checksum_address(receipt["contractAddress"]), abi=art.abi)


def ai_frames(frame: dict) -> list[dict]:
    found = [frame] if frame.get("to", "").lower() == AI else []
    for c in frame.get("calls", []):
        found += ai_frames(c)
    return found


def call_text(rpc: Rpc, contract, fn: str, *args) -> str:
    data = contract.encode_abi(fn, args=list(args))
    out = rpc("eth_call", {"to": contract.address, "data": data}, "latest")
    return Web3().codec.decode(["string"], bytes.fromhex(out[2:]))[0]


# --- on the main devnet (Plugins/sentiment serves the precompile) ---------------------------------

def test_direct_call_is_charged_per_token(rpc: Rpc):
    sender = fresh_sender(rpc)
    prompt = b"this devnet is great and fast"
    answer = sentiment_answer(prompt.decode())
    receipt = sender.send(AI, prompt, 100_000)
    assert receipt["status"] == "0x1"
    standard, floor = intrinsic(prompt)
    assert int(receipt["gasUsed"], 16) == max(standard + GAS_PER_TOKEN * (tokens(prompt) + tokens(answer)), floor)
    trace = rpc("debug_traceTransaction", receipt["transactionHash"], {"tracer": "callTracer"})
    assert bytes.fromhex(trace["output"][2:]) == answer


def test_vyper_contract_stores_the_answer_and_the_trace_shows_the_ai_frame(rpc: Rpc):
    sender = fresh_sender(rpc)
    c = asker(rpc, sender)
    prompt = "terrible slow broken devnet"
    answer = sentiment_answer(prompt)
    receipt = sender.send(c.address, bytes.fromhex(c.encode_abi("ask", args=[prompt])[2:]), 300_000)
    assert receipt["status"] == "0x1"
    assert call_text(rpc, c, "answer") == answer.decode()
    trace = rpc("debug_traceTransaction", receipt["transactionHash"], {"tracer": "callTracer"})
    [frame] = ai_frames(trace)
    assert bytes.fromhex(frame["input"][2:]) == prompt.encode()
    assert bytes.fromhex(frame["output"][2:]) == answer
    assert int(frame["gasUsed"], 16) == GAS_PER_TOKEN * (tokens(prompt.encode()) + tokens(answer))
    [w] = rpc("devnet_aiWitnesses", receipt["blockNumber"])
    assert w["module"] == "sentiment" and w["transactionHash"] == receipt["transactionHash"]
    assert bytes.fromhex(w["input"][2:]) == prompt.encode() and w["outputText"] == answer.decode()
    assert w["inputHash"] == Web3.keccak(prompt.encode()).to_0x_hex()


# --- own devnets on a data directory with the fixture modules -------------------------------------

def own_devnet(work: Path, precompile: str, ephemeral: bool = False) -> DevnetProcess:
    """A devnet of this test's own serving the precompile with fixture module `precompile`."""
    config = work / "devnet.toml"
    config.write_text(f'[plugins]\ndir = "{FIXTURES}"\nprecompile = "{precompile}"\n')
    storage = ["--ephemeral"] if ephemeral else ["--data-dir", str(work / "data")]
    return DevnetProcess("--config", str(config), "--no-lazai", *storage, workdir=work)


def test_restart_replays_the_recorded_answer_though_the_module_now_answers_differently():
    with tempfile.TemporaryDirectory() as tmp:
        net = own_devnet(Path(tmp), "counter")
        try:
            net.start()
            rpc = net.rpc
            sender = Sender(rpc, DEV0_KEY)
            c = asker(rpc, sender)
            data = c.encode_abi("ask", args=["hello"])
            # Two live eth_calls first: the counter's answers differ per call, and the transaction's
            # answer (its third call) is not the one a freshly started module gives.
            first = rpc("eth_call", {"to": c.address, "data": data}, "latest")
            second = rpc("eth_call", {"to": c.address, "data": data}, "latest")
            assert first != second
            receipt = sender.send(c.address, bytes.fromhex(data[2:]), 300_000)   # explicit gas: no estimate call
            assert receipt["status"] == "0x1"
            stored = call_text(rpc, c, "answer")
            assert stored == "answer 3"
            block = rpc("eth_getBlockByNumber", receipt["blockNumber"], False)
            trace = rpc("debug_traceTransaction", receipt["transactionHash"], {"tracer": "callTracer"})
            [frame] = ai_frames(trace)
            assert bytes.fromhex(frame["output"][2:]).decode() == stored
            assert int(frame["gasUsed"], 16) == GAS_PER_TOKEN * (tokens(b"hello") + tokens(stored.encode()))
            net.stop()

            net.start()
            rpc = net.rpc
            again = rpc("eth_getBlockByNumber", receipt["blockNumber"], False)
            assert again["hash"] == block["hash"] and again["stateRoot"] == block["stateRoot"]
            assert call_text(rpc, c, "answer") == stored
            trace = rpc("debug_traceTransaction", receipt["transactionHash"], {"tracer": "callTracer"})
            [frame] = ai_frames(trace)
            assert bytes.fromhex(frame["output"][2:]).decode() == stored
            assert trace.get("error") is None
            # The module (restarted with the devnet) now answers "answer 1", live.
            live = Web3().codec.decode(["string"], bytes.fromhex(rpc("eth_call", {"to": c.address, "data": data}, "latest")[2:]))[0]
            assert live == "answer 1" != stored
            [w] = rpc("devnet_aiWitnesses", receipt["blockNumber"])
            assert w["outputText"] == stored and w["module"] == "counter"
        finally:
            net.stop()


def test_hanging_module_fails_the_call_within_its_limit_and_the_devnet_keeps_serving():
    with tempfile.TemporaryDirectory() as tmp:
        net = own_devnet(Path(tmp), "hanging", ephemeral=True)
        try:
            net.start()
            rpc = net.rpc
            limit_s = float(re.search(r"time_ms\s*=\s*(\d+)", (FIXTURES / "hanging" / "plugin.toml").read_text()).group(1)) / 1000
            t0 = time.monotonic()
            with pytest.raises(RpcError) as err:
                rpc("eth_call", {"to": AI, "data": "0x" + b"are you there".hex()}, "latest")
            elapsed = time.monotonic() - t0
            assert elapsed < limit_s + 3
            assert err.value.code == 3
            reason = Web3().codec.decode(["string"], bytes.fromhex(err.value.data[2 + 8:]))[0]
            assert reason.startswith("AI precompile: hanging") and "time" in reason
            assert int(rpc("eth_blockNumber"), 16) >= 0
            # A mined transaction fails the same way, is recorded, and the chain goes on.
            sender = Sender(rpc, DEV0_KEY)
            receipt = sender.send(AI, b"still there?", 80_000)
            assert receipt["status"] == "0x0" and int(receipt["gasUsed"], 16) == 80_000
            [w] = rpc("devnet_aiWitnesses", receipt["blockNumber"])
            assert w["failed"] and "hanging" in w["outputText"]
            assert sender.send(Web3.to_checksum_address("0x" + "ab" * 20), b"", 21_000)["status"] == "0x1"
        finally:
            net.stop()
