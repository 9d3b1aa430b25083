"""The L2's sequencer set against a running devnet (issue 6, flow 5; ROLLUP-API.md §3, §4, §8).

Run against a devnet started with the rollup layer, e.g.
  .build/debug/devnet start --ephemeral --l2-port 14545 --l1-port 14645
  DEVNET_RPC_URL=http://127.0.0.1:14545 DEVNET_L1_RPC_URL=http://127.0.0.1:14645 pytest Tests/e2e/test_sequencers.py

Everything the devnet claims is recomputed here: the leader draw from the seed and the stakes read
from LockingPool on L1 (eth_utils.keccak), the seal's signer (eth_keys), the miner of every block.
"""

from __future__ import annotations

import os
import time

import pytest
from eth_abi import decode, encode
from eth_account import Account
from eth_keys import keys as eth_keys
from eth_utils import keccak, to_checksum_address

from conftest import Rpc, RpcError

MNEMONIC = os.environ.get("DEVNET_MNEMONIC", "test test test test test test test test test test test junk")
LOCKING_POOL = "0xD54c868362C2098E0E46F12E7D924C6A332952Dd"
SEQUENCER_SET = "0x0fe382b74C3894B65c10E5C12ae60Bbd8FAf5b48"
SEQUENCER_TUPLE = "(uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,address,address,bytes,address,uint8)"
STATUS_ACTIVE = 2
# Dev account 6 (m/44'/60'/0'/0/6) sends this file's transactions, so other tests' nonces are untouched.
Account.enable_unaudited_hdwallet_features()
SENDER = Account.from_mnemonic(MNEMONIC, account_path="m/44'/60'/0'/0/6")
SINK = "0x00000000000000000000000000000000000000bb"


def selector(sig: str) -> bytes:
    return keccak(text=sig)[:4]


def eth_call(rpc: Rpc, to: str, sig: str, types: list[str], args: list, returns: list[str], block="latest"):
    data = selector(sig) + encode(types, args)
    out = rpc("eth_call", {"to": to, "data": "0x" + data.hex()}, block)
    return decode(returns, bytes.fromhex(out[2:]))


def sequencer_addresses(n: int) -> list[str]:
    return [Account.from_mnemonic(MNEMONIC, account_path=f"m/44'/60'/0'/2/{i}").address for i in range(n)]


def draw(seed: bytes, k: int, stakes: list[int], attempt: int | None = None) -> int:
    """ROLLUP-API.md §4: keccak256(abi.encode(seed, k[, attempt])) % total, walked in id order."""
    data = seed + k.to_bytes(32, "big") + (attempt.to_bytes(32, "big") if attempt is not None else b"")
    r = int.from_bytes(keccak(data), "big") % sum(stakes)
    run = 0
    for i, s in enumerate(stakes):
        run += s
        if run > r:
            return i
    raise AssertionError("unreachable")


def l1_stakes(l1rpc: Rpc, addresses: list[str], block) -> list[int]:
    """The draw's stakes at an L1 block: LockingPool amount of each sequencer, 0 unless Active."""
    tag = hex(block) if isinstance(block, int) else block
    stakes = []
    for a in addresses:
        (seq_id,) = eth_call(l1rpc, LOCKING_POOL, "seqSigners(address)", ["address"], [a], ["uint256"], tag)
        if seq_id == 0:
            stakes.append(0)
            continue
        (fields,) = eth_call(l1rpc, LOCKING_POOL, "sequencers(uint256)", ["uint256"], [seq_id], [SEQUENCER_TUPLE], tag)
        stakes.append(fields[0] if fields[12] == STATUS_ACTIVE else 0)
    return stakes


def recover_seal(block_hash: str, signature: str) -> str:
    sig = bytes.fromhex(signature[2:])
    assert len(sig) == 65 and sig[64] in (27, 28)
    s = eth_keys.Signature(vrs=(sig[64] - 27, int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:64], "big")))
    return s.recover_public_key_from_msg_hash(bytes.fromhex(block_hash[2:])).to_checksum_address()


class Sender:
    """Signs and sends plain transfers from SENDER with consecutive nonces."""

    def __init__(self, rpc: Rpc):
        self.rpc = rpc
        self.chain_id = int(rpc("eth_chainId"), 16)
        self.nonce = int(rpc("eth_getTransactionCount", SENDER.address, "pending"), 16)

    def send(self) -> str:
        base = int(self.rpc("eth_getBlockByNumber", "latest", False)["baseFeePerGas"], 16)
        tx = {"chainId": self.chain_id, "nonce": self.nonce, "to": SINK, "value": 1, "gas": 21_000,
              "maxFeePerGas": 4 * base + 10**9, "maxPriorityFeePerGas": 10**9, "type": 2}
        self.nonce += 1
        raw = SENDER.sign_transaction(tx).raw_transaction
        return self.rpc("eth_sendRawTransaction", "0x" + raw.hex())


@pytest.fixture(scope="module")
def info(rpc: Rpc):
    epochs = rpc("devnet_epochs")
    sequencers = rpc("devnet_sequencers")
    return {"seed": bytes.fromhex(epochs["seed"][2:]), "E": epochs["epochLength"],
            "stall": float(epochs["stallTimeout"]), "n": len(sequencers)}


def head(rpc: Rpc) -> int:
    return int(rpc("eth_blockNumber"), 16)


def next_leader(rpc: Rpc, sender: Sender) -> tuple[int, str]:
    """Mines until the next block lies inside the current epoch; returns (index, address) of its signer."""
    for _ in range(64):
        e = rpc("devnet_epochs")
        cur = e["epochs"][-1]
        if cur["startBlock"] <= head(rpc) + 1 <= cur["endBlock"] and cur["sequencer"] is not None:
            return cur["sequencer"], cur["signer"]
        rpc.wait_receipt(sender.send())
    raise AssertionError("no epoch covers the next block")


def test_blocks_are_sealed_by_the_drawn_leaders(rpc: Rpc, l1rpc: Rpc, info):
    sender = Sender(rpc)
    addresses = sequencer_addresses(info["n"])
    # Three epochs' worth of blocks.
    for _ in range(3 * info["E"]):
        rpc.wait_receipt(sender.send())
    e = rpc("devnet_epochs")
    epochs = e["epochs"]
    assert len(epochs) >= 3
    checked = 0
    for i, ep in enumerate(epochs):
        if ep["endBlock"] > head(rpc):
            continue
        # Every block of the epoch: miner = the epoch's signer, seal signed by it.
        for n in range(ep["startBlock"], ep["endBlock"] + 1):
            block = rpc("eth_getBlockByNumber", hex(n), False)
            assert to_checksum_address(block["miner"]) == ep["signer"], f"block {n}"
            assert len(bytes.fromhex(block["extraData"][2:])) <= 32
            seal = rpc("devnet_getBlockSeal", hex(n))
            assert seal["blockHash"] == block["hash"] and seal["sealer"] == ep["signer"]
            assert recover_seal(block["hash"], seal["signature"]) == ep["signer"]
        # Epochs opened by the draw (epoch 1 by genesis; the others by commitEpoch at the previous
        # epoch's end + 1): the signer is the draw over the stakes on L1 when the epoch opened.
        drawn = ep["epoch"] == 1 or (ep.get("origin") == "draw" and ep["startBlock"] == epochs[i - 1]["endBlock"] + 1
                                     and ep["endBlock"] - ep["startBlock"] + 1 == info["E"])
        if not drawn:
            continue
        at = 0 if ep["epoch"] == 1 else ep["stakesL1Block"]
        stakes = l1_stakes(l1rpc, addresses, at)
        assert ep["signer"] == addresses[draw(info["seed"], ep["epoch"], stakes)], f"epoch {ep['epoch']}"
        checked += 1
    assert checked >= 2
    # MetisSequencerSet agrees with devnet_epochs.
    last = epochs[-1]
    (signer,) = eth_call(rpc, SEQUENCER_SET, "getMetisSequencer(uint256)", ["uint256"], [last["startBlock"]], ["address"])
    assert to_checksum_address(signer) == last["signer"]


def test_stopped_leader_fails_over_and_no_transaction_is_lost(rpc: Rpc, info):
    sender = Sender(rpc)
    leader, leader_address = next_leader(rpc, sender)
    before = head(rpc)
    stopped_at = time.monotonic()
    assert rpc("devnet_stopSequencer", leader) is True
    try:
        sent = []
        # Stream transactions through the failover: 3 per second for stall_timeout + 2 s.
        while time.monotonic() - stopped_at < info["stall"] + 2:
            sent.append(sender.send())
            time.sleep(0.33)
        receipts = [rpc.wait_receipt(h) for h in sent]
    finally:
        rpc("devnet_startSequencer", leader)
    first = rpc("eth_getBlockByNumber", hex(before + 1), False)
    assert to_checksum_address(first["miner"]) != leader_address
    assert all(r["status"] == "0x1" for r in receipts)
    # Nothing was mined while the leader was stopped before the re-span: the first transaction's
    # block is the one right after the stop.
    assert min(int(r["blockNumber"], 16) for r in receipts) == before + 1
    # Every transaction is in exactly one block, none twice, and no block holds an unknown one of ours.
    hashes = []
    for n in range(before + 1, head(rpc) + 1):
        hashes += rpc("eth_getBlockByNumber", hex(n), False)["transactions"]
    ours = [h for h in hashes if h in set(sent)]
    assert sorted(ours) == sorted(sent) and len(ours) == len(set(ours))
    # The re-span is on L2: the epoch covering the first new block started there, for another signer.
    e = rpc("devnet_epochs")
    taken = [ep for ep in e["epochs"] if ep["startBlock"] == before + 1]
    assert taken and taken[0]["signer"] != leader_address and taken[0]["origin"] == "stall"
    # The new leader is the first draw of (seed, k, attempt), attempt = 1, 2, …, that is not the
    # stopped leader (every other sequencer is live and honest here), for the failed epoch k.
    k, attempt = taken[0]["drawEpoch"], taken[0]["attempt"]
    stakes = [int(s, 16) for s in taken[0]["stakes"]]
    addresses = sequencer_addresses(info["n"])
    expected = next(a for a in range(1, 65) if draw(info["seed"], k, stakes, a) != leader)
    assert attempt == expected
    assert addresses[draw(info["seed"], k, stakes, attempt)] == taken[0]["signer"]


def test_failover_time(rpc: Rpc, info):
    """Stop the leader, send one transaction, time its receipt: within stall_timeout + 1 s."""
    sender = Sender(rpc)
    leader, leader_address = next_leader(rpc, sender)
    t0 = time.monotonic()
    rpc("devnet_stopSequencer", leader)
    try:
        # No live leader: evm_mine refuses with -32000, naming the stopped leader and the stall timeout.
        with pytest.raises(RpcError) as refused:
            rpc("evm_mine")
        assert refused.value.code == -32000
        assert leader_address in refused.value.message and "stall_timeout" in refused.value.message
        h = sender.send()
        receipt = rpc.wait_receipt(h)
        elapsed = time.monotonic() - t0
    finally:
        rpc("devnet_startSequencer", leader)
    block = rpc("eth_getBlockByNumber", receipt["blockNumber"], False)
    assert to_checksum_address(block["miner"]) != leader_address
    print(f"failover: {elapsed:.2f} s (stall_timeout {info['stall']} s)")
    assert info["stall"] - 0.2 <= elapsed <= info["stall"] + 1.0


def test_wrong_state_root_is_rejected_and_slashed(rpc: Rpc, l1rpc: Rpc, info):
    sender = Sender(rpc)
    leader, leader_address = next_leader(rpc, sender)
    addresses = sequencer_addresses(info["n"])
    stake_before = l1_stakes(l1rpc, addresses, "latest")[leader]
    rejections_before = rpc("devnet_sequencers")[leader]["rejections"]
    rpc("devnet_setSequencerBehaviour", leader, "wrongStateRoot")
    try:
        receipt = rpc.wait_receipt(sender.send())
    finally:
        rpc("devnet_setSequencerBehaviour", leader, "honest")
    block = rpc("eth_getBlockByNumber", receipt["blockNumber"], False)
    # Sealed by another sequencer; its state root is the one the chain's state has (eth_getProof's
    # account proof starts at it).
    assert to_checksum_address(block["miner"]) != leader_address
    seal = rpc("devnet_getBlockSeal", receipt["blockNumber"])
    assert recover_seal(block["hash"], seal["signature"]) == to_checksum_address(block["miner"])
    assert leader_address in seal["verifiedBy"]   # the liar is live: it verifies the others' block
    assert rpc("devnet_sequencers")[leader]["rejections"] == rejections_before + 1
    # The stake on L1 dropped by 10 %.
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        now = l1_stakes(l1rpc, addresses, "latest")[leader]
        if now < stake_before:
            break
        time.sleep(0.2)
    assert now == stake_before - stake_before // 10
    assert int(rpc("devnet_sequencers")[leader]["slashed"], 16) >= stake_before // 10
