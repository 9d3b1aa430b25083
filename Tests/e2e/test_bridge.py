"""End-to-end: the bridge through the devnet's relayer (issue 6, flows 2 and 4; ROLLUP-API.md §2, §8).

Needs `devnet start` with the Metis layer (the default): DEVNET_RPC_URL is the L2, DEVNET_L1_RPC_URL
the L1. Deposits go through L1StandardBridge on the L1 and must be credited on the L2 by the relayer
within a few L2 blocks; a native-coin withdrawal goes through L2StandardBridge, waits for its state
batch and the fraud-proof window (read from the SCC's FRAUD_PROOF_WINDOW(); CI keeps the default
30 s, a shorter `[rollup] challenge_window` makes the test faster), is refused before the window
ends, succeeds after it (relayed by the devnet's relayer or by this test, whichever comes first) and
is refused a second time. Expected values (selectors, encodings, hashes, the SCC Merkle check) are
computed here with eth_abi / eth_utils, independently of the devnet.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from eth_abi import decode as abi_decode
from eth_abi import encode as abi_encode
from eth_utils import keccak, to_checksum_address

from conftest import DEV0_ADDRESS, Rpc, RpcError, compile_vyper

ETH = 10**18
L1_BRIDGE = "0x3980c9ed79d2c191A89E02Fa3529C60eD6e9c04b"
L1_MESSENGER = "0x081D1101855bD523bA69A9794e0217F0DB6323ff"
SCC = "0xA2FaAAC9120c1Ff75814F0c6DdB119496a12eEA6"
L2_MESSENGER = "0x4200000000000000000000000000000000000007"
PASSER = "0x4200000000000000000000000000000000000000"
L2_BRIDGE = "0x4200000000000000000000000000000000000010"
L2_FACTORY = "0x4200000000000000000000000000000000000012"
NATIVE_TOKEN = "0xDeadDeAddeAddEAddeadDEaDDEAdDeaDDeAD0000"
METIS_TOKEN_SOURCE = Path(__file__).resolve().parents[2] / "Contracts" / "L1" / "MetisToken.vy"
HEADER_T = "(uint256,bytes32,uint256,uint256,bytes)"
PROOF_T = f"(bytes32,{HEADER_T},(uint256,bytes32[]),bytes[],bytes[])"
# "A few L2 blocks": the relay must be mined at most this many L2 blocks after the deposit was seen.
DEPOSIT_BLOCKS = 5
# Gas of the L1 bridge calls. Given explicitly: on a fresh devnet eth_estimateGas at block 0 (the
# genesis built with the rollup contracts' initialize calls) comes out ~40,000 gas short for the first
# deposit (two fresh CTC slots priced as if already written), and the deposit then runs out of gas.
BRIDGE_GAS = 600_000


def selector(signature: str) -> bytes:
    return keccak(text=signature)[:4]


def calldata(signature: str, types: list[str], args: list) -> str:
    return "0x" + (selector(signature) + abi_encode(types, args)).hex()


def call(rpc: Rpc, to: str, signature: str, types: list[str], args: list, returns: list[str], block="latest"):
    out = rpc("eth_call", {"to": to, "data": calldata(signature, types, args)}, block)
    return abi_decode(returns, bytes.fromhex(out[2:]))


def send(rpc: Rpc, to: str | None, data: str = "0x", value: int = 0, gas: int | None = None) -> dict:
    """eth_sendTransaction from dev account 0 (unlocked on both chains); the receipt."""
    tx = {"from": DEV0_ADDRESS, "data": data, "value": hex(value)}
    if to is not None:
        tx["to"] = to
    if gas is not None:
        tx["gas"] = hex(gas)
    return rpc.wait_receipt(rpc("eth_sendTransaction", tx))


def ok(receipt: dict) -> dict:
    assert receipt["status"] == "0x1", receipt
    return receipt


def fresh_address(label: str) -> str:
    return to_checksum_address(keccak(text=f"{label} {time.time_ns()}")[12:])


def balance(rpc: Rpc, address: str) -> int:
    return int(rpc("eth_getBalance", address, "latest"), 16)


def wait_until(what: str, fn, timeout: float, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while True:
        value = fn()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


def relay_calldata(target: str, sender: str, message: bytes, nonce: int) -> bytes:
    return selector("relayMessage(address,address,bytes,uint256)") + abi_encode(
        ["address", "address", "bytes", "uint256"], [target, sender, message, nonce])


def merkle_root_from(leaf: bytes, index: int, siblings: list[bytes]) -> bytes:
    """The SCC's verifyStateCommitment walk (Contracts/L1/StateCommitmentChain.vy header)."""
    node = leaf
    for sibling in siblings:
        node = keccak(sibling + node) if index % 2 else keccak(node + sibling)
        index //= 2
    return node


def deposit_record(rpc: Rpc, l1_tx: str) -> dict | None:
    for d in rpc("devnet_deposits"):
        if d["l1TxHash"] == l1_tx:
            return d
    return None


def wait_deposit_relayed(rpc: Rpc, l1_tx: str, head_before: int) -> dict:
    record = wait_until(f"the deposit of L1 tx {l1_tx} to be relayed",
                        lambda: (lambda d: d if d and d["status"] == "relayed" else None)(deposit_record(rpc, l1_tx)),
                        timeout=30)
    assert int(record["l2BlockNumber"], 16) - head_before <= DEPOSIT_BLOCKS, record
    receipt = rpc("eth_getTransactionReceipt", record["l2TxHash"])
    assert receipt["status"] == "0x1"
    assert receipt["to"].lower() == L2_MESSENGER.lower()
    return record


def test_eth_deposit_credits_the_l2_recipient(rpc, l1rpc):
    recipient = fresh_address("bridge eth deposit")
    amount = 3 * ETH // 2
    head_before = int(rpc("eth_blockNumber"), 16)
    started = time.monotonic()
    receipt = ok(send(l1rpc, L1_BRIDGE, calldata("depositETHTo(address,uint32,bytes)", ["address", "uint32", "bytes"],
                                                 [recipient, 200_000, b""]), value=amount, gas=BRIDGE_GAS))
    wait_until("the L2 balance", lambda: balance(rpc, recipient) == amount, timeout=30, interval=0.05)
    latency = time.monotonic() - started
    record = wait_deposit_relayed(rpc, receipt["transactionHash"], head_before)
    # The enqueued message is finalizeDeposit(0x0, NATIVE_TOKEN, from, to, amount, data) from the L1 bridge.
    message = selector("finalizeDeposit(address,address,address,address,uint256,bytes)") + abi_encode(
        ["address", "address", "address", "address", "uint256", "bytes"],
        ["0x" + "00" * 20, NATIVE_TOKEN, DEV0_ADDRESS, recipient, amount, b""])
    nonce = int(record["messageNonce"], 16)
    assert record["msgHash"] == "0x" + keccak(relay_calldata(L2_BRIDGE, L1_BRIDGE, message, nonce)).hex()
    assert record["bridge"]["to"] == recipient and int(record["bridge"]["amount"], 16) == amount
    (done,) = call(rpc, L2_MESSENGER, "successfulMessages(bytes32)", ["bytes32"], [bytes.fromhex(record["msgHash"][2:])], ["bool"])
    assert done
    print(f"ETH deposit credited on L2 {latency:.2f} s after the L1 receipt, "
          f"{int(record['l2BlockNumber'], 16) - head_before} L2 block(s) later; "
          f"relay gas {int(rpc('eth_getTransactionReceipt', record['l2TxHash'])['gasUsed'], 16)}")


def test_erc20_deposit_mints_the_l2_token(rpc, l1rpc):
    # An L1 token (the METIS token source, deployed fresh and minted to dev account 0).
    token = compile_vyper(METIS_TOKEN_SOURCE)
    deployed = ok(send(l1rpc, None, "0x" + token.bytecode.hex()))
    l1_token = to_checksum_address(deployed["contractAddress"])
    ok(send(l1rpc, l1_token, calldata("initialize(address)", ["address"], [DEV0_ADDRESS])))
    amount = 1234 * ETH
    ok(send(l1rpc, l1_token, calldata("mint(address,uint256)", ["address", "uint256"], [DEV0_ADDRESS, amount])))
    # Its L2 token from the factory.
    created = ok(send(rpc, L2_FACTORY, calldata("createStandardL2Token(address,string,string)",
                                                ["address", "string", "string"], [l1_token, "Bridged", "BRG"])))
    topic = "0x" + keccak(text="StandardL2TokenCreated(address,address)").hex()
    (log,) = [l for l in created["logs"] if l["topics"][0] == topic]
    assert int(log["topics"][1], 16) == int(l1_token, 16)
    l2_token = to_checksum_address("0x" + log["topics"][2][-40:])
    # Deposit.
    recipient = fresh_address("bridge erc20 deposit")
    ok(send(l1rpc, l1_token, calldata("approve(address,uint256)", ["address", "uint256"], [L1_BRIDGE, amount])))
    head_before = int(rpc("eth_blockNumber"), 16)
    receipt = ok(send(l1rpc, L1_BRIDGE, calldata(
        "depositERC20To(address,address,address,uint256,uint32,bytes)",
        ["address", "address", "address", "uint256", "uint32", "bytes"], [l1_token, l2_token, recipient, amount, 200_000, b""]),
        gas=BRIDGE_GAS))
    wait_until("the L2 token balance",
               lambda: call(rpc, l2_token, "balanceOf(address)", ["address"], [recipient], ["uint256"])[0] == amount, timeout=30)
    record = wait_deposit_relayed(rpc, receipt["transactionHash"], head_before)
    assert record["bridge"]["l1Token"] == l1_token and record["bridge"]["l2Token"] == l2_token
    assert call(l1rpc, l1_token, "balanceOf(address)", ["address"], [L1_BRIDGE], ["uint256"])[0] == amount


def revert_message(rpc: Rpc, to: str, data: str, block="latest") -> str:
    try:
        rpc("eth_call", {"from": DEV0_ADDRESS, "to": to, "data": data}, block)
    except RpcError as e:
        return e.message
    return ""


def test_native_withdrawal_is_proven_after_the_window(rpc, l1rpc):
    window = call(l1rpc, SCC, "FRAUD_PROOF_WINDOW()", [], [], ["uint256"])[0]
    amount = ETH // 4
    if balance(l1rpc, L1_BRIDGE) < amount:   # the L1 bridge pays withdrawals from deposited ETH
        ok(send(l1rpc, L1_BRIDGE, calldata("depositETH(uint32,bytes)", ["uint32", "bytes"], [200_000, b""]), value=ETH,
                gas=BRIDGE_GAS))
    recipient = fresh_address("bridge withdrawal")
    receipt = ok(send(rpc, L2_BRIDGE, calldata("withdrawTo(address,address,uint256,uint32,bytes)",
                                               ["address", "address", "uint256", "uint32", "bytes"],
                                               [NATIVE_TOKEN, recipient, amount, 0, b""]), value=amount))
    l2_tx, l2_block = receipt["transactionHash"], int(receipt["blockNumber"], 16)

    # It appears in a state batch on L1: the proof names the batch, and the SCC agrees.
    def proof():
        try:
            return rpc("devnet_getWithdrawalProof", l2_tx)
        except RpcError as e:
            assert "not in a state batch" in e.message, e.message
            return None
    answer = wait_until("the withdrawal's state batch", proof, timeout=60, interval=0.25)
    p = answer["proof"]
    header = p["stateRootBatchHeader"]
    header_t = (int(header["batchIndex"], 16), bytes.fromhex(header["batchRoot"][2:]), int(header["batchSize"], 16),
                int(header["prevTotalElements"], 16), bytes.fromhex(header["extraData"][2:]))
    index = int(p["stateRootProof"]["index"], 16)
    siblings = [bytes.fromhex(s[2:]) for s in p["stateRootProof"]["siblings"]]
    state_root = bytes.fromhex(p["stateRoot"][2:])
    assert p["stateRoot"] == rpc("eth_getBlockByNumber", hex(l2_block), False)["stateRoot"]
    assert header_t[3] + index == l2_block - 1                 # element i = state root of L2 block i + 1
    assert merkle_root_from(state_root, index, siblings) == header_t[1]
    assert call(l1rpc, SCC, "verifyStateCommitment(bytes32,(uint256,bytes32,uint256,uint256,bytes),(uint256,bytes32[]))",
                ["bytes32", HEADER_T, "(uint256,bytes32[])"], [state_root, header_t, (index, siblings)], ["bool"])[0]
    # The message and the calldata, recomputed.
    message = selector("finalizeETHWithdrawal(address,address,uint256,bytes)") + abi_encode(
        ["address", "address", "uint256", "bytes"], [DEV0_ADDRESS, recipient, amount, b""])
    assert answer["target"] == L1_BRIDGE and answer["sender"] == L2_BRIDGE
    assert answer["message"] == "0x" + message.hex()
    nonce = int(answer["messageNonce"], 16)
    msg_hash = keccak(relay_calldata(L1_BRIDGE, L2_BRIDGE, message, nonce))
    assert answer["msgHash"] == "0x" + msg_hash.hex()
    # The passer's entry: sentMessages[keccak256(relayCalldata ‖ L2 messenger)] at Vyper's slot
    # keccak256(uint256(0) ‖ key) holds 1 (True) at the withdrawal's block.
    key = keccak(relay_calldata(L1_BRIDGE, L2_BRIDGE, message, nonce) + bytes.fromhex(L2_MESSENGER[2:]))
    slot = keccak(b"\x00" * 32 + key)
    assert int(rpc("eth_getStorageAt", PASSER, "0x" + slot.hex(), hex(l2_block)), 16) == 1
    assert int(rpc("eth_getStorageAt", PASSER, "0x" + slot.hex(), hex(l2_block - 1)), 16) == 0
    proof_t = (state_root, header_t, (index, siblings), [bytes.fromhex(n[2:]) for n in p["accountProof"]],
               [bytes.fromhex(n[2:]) for n in p["storageProof"]])
    relay = calldata(f"relayMessage(address,address,bytes,uint256,{PROOF_T})",
                     ["address", "address", "bytes", "uint256", PROOF_T], [L1_BRIDGE, L2_BRIDGE, message, nonce, proof_t])
    assert answer["calldata"] == relay and answer["to"] == L1_MESSENGER

    # Before the window ends finalizing reverts: in the L1 block that appended the batch (its
    # timestamp is the batch's), and with a real transaction when enough of the window is left.
    batch_timestamp = int.from_bytes(header_t[4][:32], "big")
    batches = l1rpc("eth_getLogs", {"address": SCC, "fromBlock": "0x0", "toBlock": "latest",
                                    "topics": ["0x" + keccak(text="StateBatchAppended(uint256,bytes32,uint256,uint256,bytes)").hex(),
                                               "0x" + header_t[0].to_bytes(32, "big").hex()]})
    batch_block = batches[-1]["blockNumber"]
    # The L1's clock may run ahead of ours (evm_increaseTime in earlier tests): L1 time ≈ ours + offset,
    # the offset read from the newest L1 block (the batcher and proposer write one every few seconds).
    offset = max(0, int(l1rpc("eth_getBlockByNumber", "latest", False)["timestamp"], 16) - int(time.time()))
    def l1_now() -> float:
        return time.time() + offset
    if window > 0:
        assert "State batch is inside the fraud proof window." in revert_message(l1rpc, L1_MESSENGER, relay, batch_block)
        left = batch_timestamp + window - l1_now()
        if left > 5:
            early = send(l1rpc, L1_MESSENGER, relay, gas=3_000_000)
            assert early["status"] == "0x0", "a finalization inside the window succeeded"
    l1_before = balance(l1rpc, recipient)
    assert l1_before == 0

    # After the window: the relayer relays it, or this test does, whichever comes first.
    wait_until("the end of the fraud-proof window", lambda: l1_now() > batch_timestamp + window + 1, timeout=window + 30)
    def relayed():
        if call(l1rpc, L1_MESSENGER, "successfulMessages(bytes32)", ["bytes32"], [msg_hash], ["bool"])[0]:
            return True
        if l1_now() > batch_timestamp + window + 10:   # the relayer is slow: finalize ourselves
            send(l1rpc, L1_MESSENGER, relay, gas=3_000_000)
        return False
    wait_until("the withdrawal to be relayed on L1", relayed, timeout=60, interval=0.25)
    assert balance(l1rpc, recipient) == l1_before + amount
    logs = l1rpc("eth_getLogs", {"address": L1_MESSENGER, "fromBlock": "0x0", "toBlock": "latest",
                                 "topics": ["0x" + keccak(text="RelayedMessage(bytes32)").hex(), "0x" + msg_hash.hex()]})
    assert len(logs) == 1
    relay_receipt = l1rpc("eth_getTransactionReceipt", logs[0]["transactionHash"])
    who = "the relayer" if relay_receipt["from"].lower() != DEV0_ADDRESS.lower() else "the test"

    # A second finalization is refused.
    assert "Provided message has already been received." in revert_message(l1rpc, L1_MESSENGER, relay)
    second = send(l1rpc, L1_MESSENGER, relay, gas=3_000_000)
    assert second["status"] == "0x0"
    assert balance(l1rpc, recipient) == l1_before + amount

    # devnet_withdrawals reports it relayed, with the L1 transaction.
    def listed():
        for w in rpc("devnet_withdrawals"):
            if w["l2TxHash"] == l2_tx and w["status"] == "relayed":
                return w
        return None
    w = wait_until("devnet_withdrawals to say relayed", listed, timeout=10)
    assert w["l1TxHash"] == logs[0]["transactionHash"]
    assert w["msgHash"] == "0x" + msg_hash.hex()
    print(f"withdrawal relayed by {who}, L1 relay gas {int(relay_receipt['gasUsed'], 16)}, window {window} s")


def test_withdrawal_proof_errors(rpc):
    with pytest.raises(RpcError) as e:
        rpc("devnet_getWithdrawalProof", "0x12")
    assert e.value.code == -32602
    # A transaction that sent no L2→L1 message.
    plain = ok(send(rpc, fresh_address("plain transfer"), value=1))
    with pytest.raises(RpcError) as e:
        rpc("devnet_getWithdrawalProof", plain["transactionHash"])
    assert e.value.code == -32000 and "no L2→L1 message" in e.value.message
