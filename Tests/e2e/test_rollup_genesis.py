"""End-to-end: the Metis layer's genesis on a running devnet (ROLLUP-API.md §0-§2, §5, §8).

Needs `devnet start` with `[rollup] enabled = true` (the default); DEVNET_RPC_URL is the L2,
DEVNET_L1_RPC_URL the L1. Expected values come from the design sheet and are derived here
independently: the role and sequencer keys with eth-account from the dev mnemonic, the batch inbox
from the two chain ids, the epoch-1 leader with eth_abi + keccak. Settings other than the defaults
can be given with DEVNET_ROLLUP_SEQUENCERS / _EPOCH_LENGTH / _CHALLENGE_WINDOW / _STAKE / _SEED.
"""

from __future__ import annotations

import os

import pytest
from eth_abi import decode as abi_decode
from eth_abi import encode as abi_encode
from eth_account import Account
from eth_utils import keccak, to_checksum_address

from conftest import Rpc

MNEMONIC = os.environ.get("DEVNET_MNEMONIC", "test test test test test test test test test test test junk")
N = int(os.environ.get("DEVNET_ROLLUP_SEQUENCERS", "3"))
EPOCH_LENGTH = int(os.environ.get("DEVNET_ROLLUP_EPOCH_LENGTH", "8"))
CHALLENGE_WINDOW = int(os.environ.get("DEVNET_ROLLUP_CHALLENGE_WINDOW", "30"))
STAKE = int(os.environ.get("DEVNET_ROLLUP_STAKE", "50000")) * 10**18
SEED = bytes.fromhex(os.environ.get("DEVNET_ROLLUP_SEED", keccak(b"metis-devnet").hex()).removeprefix("0x"))
ETH = 10**18

L1_ADDRESSES = {
    "MetisToken": "0x9E32b13ce7f2E80A01932B42553652E053D6ed8e",
    "LockingPool": "0xD54c868362C2098E0E46F12E7D924C6A332952Dd",
    "StateCommitmentChain": "0xA2FaAAC9120c1Ff75814F0c6DdB119496a12eEA6",
    "CanonicalTransactionChain": "0x56a76bcC92361f6DF8D75476feD8843EdC70e1C9",
    "L1CrossDomainMessenger": "0x081D1101855bD523bA69A9794e0217F0DB6323ff",
    "L1StandardBridge": "0x3980c9ed79d2c191A89E02Fa3529C60eD6e9c04b",
}
L2_ADDRESSES = {
    "L2ToL1MessagePasser": "0x4200000000000000000000000000000000000000",
    "L2CrossDomainMessenger": "0x4200000000000000000000000000000000000007",
    "L2StandardBridge": "0x4200000000000000000000000000000000000010",
    "L2StandardTokenFactory": "0x4200000000000000000000000000000000000012",
    "MetisSequencerSet": "0x0fe382b74C3894B65c10E5C12ae60Bbd8FAf5b48",
}
SYSTEM_ADDRESS = "0xfffffffffffffffffffffffffffffffffffffffe"

Account.enable_unaudited_hdwallet_features()


def key(path: str):
    return Account.from_mnemonic(MNEMONIC, account_path=path)


ADMIN, BATCHER, PROPOSER, RELAYER = (key(f"m/44'/60'/0'/1/{i}") for i in range(4))
SEQUENCERS = [key(f"m/44'/60'/0'/2/{i}") for i in range(N)]


def call(rpc: Rpc, to: str, signature: str, arg_types: list[str], args: list, returns: list[str]):
    data = keccak(text=signature)[:4] + abi_encode(arg_types, args)
    out = rpc("eth_call", {"to": to, "data": "0x" + data.hex()}, "latest")
    values = abi_decode(returns, bytes.fromhex(out[2:]))
    return tuple(to_checksum_address(v) if t == "address" else v for t, v in zip(returns, values))


@pytest.fixture(scope="module")
def info(rpc: Rpc) -> dict:
    return rpc("rollup_getInfo")


def test_info_lists_the_sheets_addresses(info, rpc, l1rpc):
    assert info["mode"] == "sequencer" and info["syncing"] is False
    assert info["addresses"]["l1"].items() >= L1_ADDRESSES.items()
    for name, address in L2_ADDRESSES.items():
        assert info["addresses"]["l2"][name] == address
    assert info["addresses"]["systemAddress"].lower() == SYSTEM_ADDRESS
    l1_id, l2_id = int(l1rpc("eth_chainId"), 16), int(rpc("eth_chainId"), 16)
    digits = f"{l1_id}{l2_id}"
    assert info["batchInbox"] == to_checksum_address("0xff" + digits.rjust(38, "0"))
    assert info["epochLength"] == EPOCH_LENGTH
    assert info["challengeWindow"] == CHALLENGE_WINDOW
    assert info["seed"] == "0x" + SEED.hex()
    # The batcher and proposer keep mining L1 blocks after earlier tests: bracket a fresh answer.
    before = int(l1rpc("eth_blockNumber"), 16)
    now = rpc("rollup_getInfo")
    after = int(l1rpc("eth_blockNumber"), 16)
    assert before <= now["ethContext"]["blockNumber"] <= after
    assert now["rollupContext"]["index"] <= int(rpc("eth_blockNumber"), 16)


def test_contracts_have_code_on_their_chain(info, rpc, l1rpc):
    for name, address in info["addresses"]["l1"].items():
        assert len(l1rpc("eth_getCode", address, "latest")) > 2, f"{name} has no code on L1"
        assert rpc("eth_getCode", address, "latest") == "0x", f"{name} has code on L2"
    for name, address in info["addresses"]["l2"].items():
        assert len(rpc("eth_getCode", address, "latest")) > 2, f"{name} has no code on L2"
    assert l1rpc("eth_getCode", info["batchInbox"], "latest") == "0x"


def test_locking_pool_has_the_sequencers(info, l1rpc):
    pool = L1_ADDRESSES["LockingPool"]
    assert call(l1rpc, pool, "seqCount()", [], [], ["uint256"])[0] == N
    assert call(l1rpc, pool, "totalLocked()", [], [], ["uint256"])[0] == N * STAKE
    for i, seq in enumerate(SEQUENCERS):
        assert call(l1rpc, pool, "seqSigners(address)", ["address"], [seq.address], ["uint256"])[0] == i + 1
        assert int(l1rpc("eth_getBalance", seq.address, "latest"), 16) >= 99 * ETH   # 100 ETH at genesis
    assert [s["address"] for s in info["sequencers"]] == [s.address for s in SEQUENCERS]
    assert [int(s["stake"], 16) for s in info["sequencers"]] == [STAKE] * N
    token = L1_ADDRESSES["MetisToken"]
    assert call(l1rpc, token, "balanceOf(address)", ["address"], [pool], ["uint256"])[0] >= N * STAKE


def test_state_commitment_chain_window(l1rpc):
    scc = L1_ADDRESSES["StateCommitmentChain"]
    assert call(l1rpc, scc, "FRAUD_PROOF_WINDOW()", [], [], ["uint256"])[0] == CHALLENGE_WINDOW
    assert call(l1rpc, scc, "proposer()", [], [], ["address"])[0] == PROPOSER.address


def test_sequencer_set_on_l2(rpc):
    sset = L2_ADDRESSES["MetisSequencerSet"]
    assert call(rpc, sset, "epochLength()", [], [], ["uint256"])[0] == EPOCH_LENGTH
    assert call(rpc, sset, "mpcAddress()", [], [], ["address"])[0].lower() == SYSTEM_ADDRESS
    # Epoch 1's signer is the §4 draw: keccak256(abi.encode(seed, 1)) % totalStake over equal stakes.
    r = int.from_bytes(keccak(abi_encode(["bytes32", "uint256"], [SEED, 1])), "big") % (N * STAKE)
    leader = SEQUENCERS[r // STAKE]
    epoch1 = call(rpc, sset, "epochs(uint256)", ["uint256"], [1], ["uint256", "address", "uint256", "uint256"])
    assert epoch1 == (1, leader.address, 1, EPOCH_LENGTH)


def test_role_keys_are_funded(rpc, l1rpc):
    for k in (ADMIN, BATCHER, PROPOSER, RELAYER):
        assert int(l1rpc("eth_getBalance", k.address, "latest"), 16) > 999_000 * ETH
    assert int(rpc("eth_getBalance", RELAYER.address, "latest"), 16) > 999_000 * ETH
    assert int(rpc("eth_getBalance", ADMIN.address, "latest"), 16) > 900 * ETH
    assert int(rpc("eth_getBalance", L2_ADDRESSES["L2StandardBridge"], "latest"), 16) >= 2**199


def test_gas_prices_are_each_chains(rpc, l1rpc):
    prices = rpc("rollup_gasPrices")
    assert int(prices["l1GasPrice"], 16) == int(l1rpc("eth_gasPrice"), 16)
    assert int(prices["l2GasPrice"], 16) == int(rpc("eth_gasPrice"), 16)


def test_rpc_modules_lists_rollup(rpc):
    assert "rollup" in rpc("rpc_modules")
