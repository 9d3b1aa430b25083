"""End-to-end: batches of L2 blocks on L1, state roots in StateCommitmentChain, `safe` and `finalized`.

Runs against a devnet with its rollup layer: DEVNET_RPC_URL is the L2, DEVNET_L1_RPC_URL the L1
(default http://127.0.0.1:9545). A short `[rollup] challenge_window` in the devnet's devnet.toml
makes the finality test quick; it reads the window from the SCC and waits as long as it says. Everything is checked independently of the
devnet's Swift code:

- the batch format (ROLLUP-API.md §6, Metis' inbox format) is decoded here with zlib and a parser
  written from the spec; the raw transactions must hash to the L2 blocks' transaction hashes, the
  seqSign (when present) must recover to the block's miner;
- `devnet batch decode --json` (DEVNET_BIN, default .build/release/devnet or .build/debug/devnet)
  must agree with this decoder and eth-account's sender recovery;
- every L2 block from 1 to `safe` is in exactly one batch, batch indexes count from 0 (after an
  evm_revert of the L2 under posted batches, the changed blocks are posted again and the newest
  batch covering a block counts);
- the roots in StateCommitmentChain's batches are the L2 blocks' stateRoots and their Merkle root
  (rebuilt here as StateCommitmentChain.vy's header describes the tree) is the event's batchRoot;
- `safe` lies between the batches seen on L1 before and after it is read; `finalized` stays below
  a block until its state batch's timestamp + FRAUD_PROOF_WINDOW (read from the SCC) has passed,
  then reaches it.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
import zlib
from pathlib import Path

import pytest
from eth_abi import decode as abi_decode
from eth_account import Account
from eth_keys import keys
from eth_utils import keccak, to_checksum_address

from conftest import DEV0_KEY, L1_RPC_URL, Rpc

L1_URL = L1_RPC_URL
MNEMONIC = os.environ.get("DEVNET_MNEMONIC", "test test test test test test test test test test test junk")
SCC = "0xA2FaAAC9120c1Ff75814F0c6DdB119496a12eEA6"
STATE_BATCH_APPENDED = "0x" + keccak(text="StateBatchAppended(uint256,bytes32,uint256,uint256,bytes)").hex()
STATE_BATCH_DELETED = "0x" + keccak(text="StateBatchDeleted(uint256,bytes32)").hex()
APPEND_SELECTOR = keccak(text="appendStateBatch(bytes32[],uint256)")[:4]
REPO = Path(__file__).resolve().parents[2]
WAIT = 90  # seconds for anything that the services do every batch_interval

Account.enable_unaudited_hdwallet_features()
BATCHER = Account.from_mnemonic(MNEMONIC, account_path="m/44'/60'/0'/1/1").address


def inbox_address(l1_id: int, l2_id: int) -> str:
    """0xff, zero padding, then the two chain ids in decimal digits (Metis' rollupcfg.go)."""
    digits = f"{l1_id}{l2_id}"
    return to_checksum_address("0xff" + "0" * (38 - len(digits)) + digits)


# --- an independent decoder of the batch format -------------------------------------------------

def decode_batch(calldata: bytes) -> dict:
    assert len(calldata) >= 70, "shorter than the 70-byte header"
    da, compress = calldata[0], calldata[1]
    assert da == 0, f"DA type {da}"
    assert compress in (0, 11), f"compress type {compress}"
    index = int.from_bytes(calldata[2:34], "big")
    start = int.from_bytes(calldata[34:66], "big")
    count = int.from_bytes(calldata[66:70], "big")
    body = calldata[70:]
    data = zlib.decompress(body) if compress == 11 else body
    pos = 0

    def take(n: int) -> bytes:
        nonlocal pos
        assert pos + n <= len(data), "block data ends early"
        out = data[pos:pos + n]
        pos += n
        return out

    blocks = []
    for i in range(count):
        n_tx = int.from_bytes(take(3), "big")
        timestamp = int.from_bytes(take(5), "big")
        l1_block = int.from_bytes(take(32), "big")
        txs = []
        for _ in range(n_tx):
            kind = take(1)[0]
            if kind == 0:
                raw = take(int.from_bytes(take(3), "big"))
                sig = take(int.from_bytes(take(3), "big"))
                txs.append({"raw": raw, "seqSign": sig})
            else:
                assert kind == 1, f"transaction type {kind}"
                take(3)
                txs.append({"enqueue": (take(20), int.from_bytes(take(32), "big"))})
        blocks.append({"number": start + i, "timestamp": timestamp, "l1BlockNumber": l1_block, "txs": txs})
    assert pos == len(data), f"{len(data) - pos} bytes after the last block"
    return {"index": index, "l2Start": start, "blockCount": count, "blocks": blocks, "size": len(calldata),
            "uncompressed": len(data)}


def merkle_root(leaves: list[bytes]) -> bytes:
    """StateCommitmentChain.vy: pad with zero words to a power of two, parent = keccak(l ++ r)."""
    size = 1
    while size < len(leaves):
        size *= 2
    row = list(leaves) + [b"\x00" * 32] * (size - len(leaves))
    while len(row) > 1:
        row = [keccak(row[i] + row[i + 1]) for i in range(0, len(row), 2)]
    return row[0]


def recover_seq_sign(sig: bytes, tx_hash: bytes) -> str:
    v = sig[64] - 27 if sig[64] >= 27 else sig[64]
    s = keys.Signature(vrs=(v, int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:64], "big")))
    return s.recover_public_key_from_msg_hash(tx_hash).to_checksum_address()


# --- fixtures ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def l1(l1rpc: Rpc) -> Rpc:
    return l1rpc


@pytest.fixture(scope="module")
def traffic(rpc: Rpc) -> int:
    """Sends a few L2 transfers (signed here) and returns the L2 block of the last one."""
    acct = Account.from_key(DEV0_KEY)
    chain_id = int(rpc("eth_chainId"), 16)
    nonce = int(rpc("eth_getTransactionCount", acct.address, "pending"), 16)
    base = int(rpc("eth_getBlockByNumber", "latest", False)["baseFeePerGas"], 16)
    last = None
    for i in range(4):
        tx = acct.sign_transaction({"type": 2, "chainId": chain_id, "nonce": nonce + i, "gas": 21000,
                                    "maxPriorityFeePerGas": 10**9, "maxFeePerGas": 2 * base + 10**9,
                                    "to": to_checksum_address(f"0x{0xbeef00 + i:040x}"), "value": 1000 + i})
        last = rpc("eth_sendRawTransaction", "0x" + tx.raw_transaction.hex())
    return int(rpc.wait_receipt(last)["blockNumber"], 16)


def wait_for(what: str, check, timeout: float = WAIT):
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.25)


def tag_number(rpc: Rpc, tag: str) -> int:
    return int(rpc("eth_getBlockByNumber", tag, False)["number"], 16)


def l1_batches(l1: Rpc, rpc: Rpc) -> list[dict]:
    inbox = inbox_address(int(l1("eth_chainId"), 16), int(rpc("eth_chainId"), 16))
    head = int(l1("eth_blockNumber"), 16)
    found = []
    for n in range(1, head + 1):
        block = l1("eth_getBlockByNumber", hex(n), True)
        for tx in block["transactions"]:
            if tx["to"] and to_checksum_address(tx["to"]) == inbox and to_checksum_address(tx["from"]) == BATCHER:
                b = decode_batch(bytes.fromhex(tx["input"][2:]))
                b["l1TxHash"] = tx["hash"]
                b["l1Block"] = n
                found.append(b)
    return found


# --- tests ---------------------------------------------------------------------------------------

def test_every_block_in_exactly_one_batch(rpc: Rpc, l1: Rpc, traffic: int):
    wait_for(f"safe ≥ {traffic}", lambda: tag_number(rpc, "safe") >= traffic)
    before = l1_batches(l1, rpc)
    safe = tag_number(rpc, "safe")
    after = l1_batches(l1, rpc)
    assert before and after
    assert before[-1]["l2Start"] + before[-1]["blockCount"] - 1 <= safe
    assert safe <= after[-1]["l2Start"] + after[-1]["blockCount"] - 1

    # Each block is in exactly one batch, except when the L2 was reverted under posted batches
    # (evm_revert on the L2): then a later batch posts the changed blocks again, from the first
    # one that changed, and the newest batch covering a block is the one that counts.
    newest: dict[int, tuple[int, dict]] = {}
    end = 0
    for i, b in enumerate(after):
        assert b["index"] == i, "batch indexes count from 0 without gaps"
        assert 1 <= b["blockCount"] <= 50
        assert b["size"] <= 90_000 or b["blockCount"] == 1
        assert 1 <= b["l2Start"] <= end + 1, f"batch {i} starts at {b['l2Start']}, after a gap"
        if b["l2Start"] <= end:  # re-posted: the block it starts with must have changed since
            old = newest[b["l2Start"]][1]
            new = b["blocks"][0]
            assert (old["timestamp"], [keccak(t["raw"]) for t in old["txs"]]) != \
                   (new["timestamp"], [keccak(t["raw"]) for t in new["txs"]]), f"batch {i} re-posts an unchanged block"
            for n in range(b["l2Start"], end + 1):
                del newest[n]
        for blk in b["blocks"]:
            assert blk["number"] not in newest, f"L2 block {blk['number']} twice in batch {i}"
            newest[blk["number"]] = (i, blk)
        end = b["l2Start"] + b["blockCount"] - 1
    assert sorted(newest) == list(range(1, end + 1)), "the batches cover L2 blocks 1… contiguously"
    assert end >= traffic

    for n, (_, blk) in sorted(newest.items()):
        l2 = rpc("eth_getBlockByNumber", hex(n), False)
        if l2 is None:  # reverted away and not mined again yet
            continue
        assert blk["timestamp"] == int(l2["timestamp"], 16)
        hashes = ["0x" + keccak(t["raw"]).hex() for t in blk["txs"]]
        assert hashes == l2["transactions"], f"L2 block {n}"
        for t in blk["txs"]:
            if t["seqSign"]:
                assert len(t["seqSign"]) == 65
                assert recover_seq_sign(t["seqSign"], keccak(t["raw"])) == to_checksum_address(l2["miner"])
    seen = newest
    total_size = sum(b["size"] for b in after)
    total_raw = sum(b["uncompressed"] for b in after)
    print(f"{len(after)} batches, {len(seen)} L2 blocks, {total_size} calldata bytes, "
          f"{total_raw} bytes uncompressed (ratio {total_raw / max(1, total_size - 70 * len(after)):.2f})")


def devnet_binary() -> str:
    env = os.environ.get("DEVNET_BIN")
    if env:
        return env
    for p in (REPO / ".build" / "release" / "devnet", REPO / ".build" / "debug" / "devnet"):
        if p.exists():
            return str(p)
    pytest.fail("no devnet binary: set DEVNET_BIN or build .build/release/devnet", pytrace=False)


def test_devnet_batch_decode_agrees(rpc: Rpc, l1: Rpc, traffic: int):
    wait_for(f"safe ≥ {traffic}", lambda: tag_number(rpc, "safe") >= traffic)
    batches = l1_batches(l1, rpc)
    ours = next(b for b in reversed(batches) if any(blk["number"] == traffic for blk in b["blocks"]))
    out = subprocess.run([devnet_binary(), "batch", "decode", ours["l1TxHash"], "--l1-rpc", L1_URL, "--json"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["index"] == ours["index"] and doc["l2Start"] == ours["l2Start"]
    assert doc["blockCount"] == ours["blockCount"] and doc["l1TxHash"] == ours["l1TxHash"]
    assert doc["l1BlockNumber"] == ours["l1Block"]
    assert len(doc["blocks"]) == len(ours["blocks"])
    for d, o in zip(doc["blocks"], ours["blocks"]):
        assert d["number"] == o["number"] and d["timestamp"] == o["timestamp"]
        assert len(d["transactions"]) == len(o["txs"])
        for dt, ot in zip(d["transactions"], o["txs"]):
            raw = ot["raw"]
            assert dt["raw"] == "0x" + raw.hex()
            assert dt["hash"] == "0x" + keccak(raw).hex()
            assert dt["from"] == Account.recover_transaction(raw)
            l2tx = rpc("eth_getTransactionByHash", dt["hash"])
            assert dt["nonce"] == int(l2tx["nonce"], 16)
            assert int(dt["value"]) == int(l2tx["value"], 16)
            assert (dt["to"] or "").lower() == (l2tx["to"] or "").lower()
    # The calldata form decodes the same.
    calldata = l1("eth_getTransactionByHash", ours["l1TxHash"])["input"]
    out2 = subprocess.run([devnet_binary(), "batch", "decode", calldata, "--json"],
                          capture_output=True, text=True, timeout=60)
    assert out2.returncode == 0, out2.stderr
    assert json.loads(out2.stdout)["blocks"] == doc["blocks"]


def state_batches(l1: Rpc) -> list[dict]:
    """The SCC's current batches, from its StateBatchAppended and StateBatchDeleted events in order
    (a deletion removes the batch and every later one, as deleteStateBatch does)."""
    logs = l1("eth_getLogs", {"address": SCC, "fromBlock": "0x0", "toBlock": "latest",
                              "topics": [[STATE_BATCH_APPENDED, STATE_BATCH_DELETED]]})
    out = []
    for log in logs:
        if log["topics"][0] == STATE_BATCH_DELETED:
            out = [b for b in out if b["index"] < int(log["topics"][1], 16)]
            continue
        root, size, prev, extra = abi_decode(["bytes32", "uint256", "uint256", "bytes"], bytes.fromhex(log["data"][2:]))
        tx = l1("eth_getTransactionByHash", log["transactionHash"])
        data = bytes.fromhex(tx["input"][2:])
        assert data[:4] == APPEND_SELECTOR
        roots, start = abi_decode(["bytes32[]", "uint256"], data[4:])
        timestamp, proposer = abi_decode(["uint256", "address"], extra)
        out.append({"index": int(log["topics"][1], 16), "root": root, "size": size, "prev": prev,
                    "roots": list(roots), "start": start, "timestamp": timestamp, "proposer": proposer})
    return out


def test_committed_roots_are_the_l2_state_roots(rpc: Rpc, l1: Rpc, traffic: int):
    wait_for(f"the state root of L2 block {traffic} in the SCC",
             lambda: any(b["prev"] + b["size"] >= traffic for b in state_batches(l1)))
    batches = state_batches(l1)
    expected_prev = 0
    for i, b in enumerate(batches):
        assert b["index"] == i
        assert b["prev"] == expected_prev == b["start"]
        assert b["size"] == len(b["roots"]) and 1 <= b["size"] <= 1024
        assert merkle_root(b["roots"]) == b["root"]
        for k, r in enumerate(b["roots"]):
            block = rpc("eth_getBlockByNumber", hex(b["prev"] + k + 1), False)
            assert "0x" + r.hex() == block["stateRoot"], f"element {b['prev'] + k} = L2 block {b['prev'] + k + 1}"
        expected_prev += b["size"]
    # Roots only for blocks already batched: committed ≤ safe.
    assert expected_prev <= tag_number(rpc, "safe")


def mined_l1_time(l1: Rpc) -> int:
    """Mines an empty L1 block and returns its timestamp: an upper bound of the timestamp the next
    L1 block would have got just before (the devnet stamps max(clock + offset, parent + 1), and the
    L1 may run ahead of the wall clock after cheats such as evm_increaseTime)."""
    l1("evm_mine")
    return int(l1("eth_getBlockByNumber", "latest", False)["timestamp"], 16)


def test_finalized_waits_for_the_challenge_window(rpc: Rpc, l1: Rpc, traffic: int):
    window = int(l1("eth_call", {"to": SCC, "data": "0x" + keccak(text="FRAUD_PROOF_WINDOW()")[:4].hex()}, "latest"), 16)
    wait_for(f"the state root of L2 block {traffic} in the SCC",
             lambda: any(b["prev"] + b["size"] >= traffic for b in state_batches(l1)))
    batch = next(b for b in state_batches(l1) if b["prev"] < traffic <= b["prev"] + b["size"])
    ends = batch["timestamp"] + window
    finalized = tag_number(rpc, "finalized")
    upper = mined_l1_time(l1)
    if upper < ends:  # the window had not ended when `finalized` was read
        assert finalized < traffic, "finalized before the window ended"
        assert tag_number(rpc, "safe") >= traffic
    # L1 time follows the wall clock, unless its head is ahead of it (then it waits for the clock).
    timeout = max(ends - upper, ends - int(time.time()), 0) + WAIT
    wait_for(f"finalized ≥ {traffic} ({window} s window)", lambda: tag_number(rpc, "finalized") >= traffic,
             timeout=timeout)
    finalized = tag_number(rpc, "finalized")
    assert mined_l1_time(l1) >= ends
    assert finalized <= tag_number(rpc, "safe")
    # The batch holding the finalized block is outside the window too.
    holder = next(b for b in state_batches(l1) if b["prev"] < finalized <= b["prev"] + b["size"])
    assert holder["timestamp"] + window <= mined_l1_time(l1)
