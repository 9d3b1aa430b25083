"""End-to-end: trace_* and ots_* on a running devnet, checked against hand counts and pyrevm.

A reverter C (stores 42, REVERTs 32 bytes) and a factory F are deployed from dev account 0; calling
F CREATEs a child whose init code CALLs C with 10,000 gas (the call reverts; the child still deploys
the 1-byte runtime 0x00). The addresses come from keccak256(rlp([sender, nonce])); the gas figures
are the ones derived in Tests/NodeTests/TraceMethodTests.swift (EIP-150/2929/3860 costs), and the
receipt's gasUsed is compared with pyrevm running the same call on a fresh state.
"""

from __future__ import annotations

import rlp
from eth_utils import keccak

from conftest import DEV0_ADDRESS, Rpc

DEV0 = DEV0_ADDRESS.lower()


def create_address(sender: str, nonce: int) -> str:
    return "0x" + keccak(rlp.encode([bytes.fromhex(sender[2:]), nonce]))[12:].hex()


def send(rpc: Rpc, **fields) -> dict:
    tx = {"from": DEV0, **fields}
    return rpc.wait_receipt(rpc("eth_sendTransaction", tx))


def scenario(rpc: Rpc):
    n0 = int(rpc("eth_getTransactionCount", DEV0, "latest"), 16)
    c = create_address(DEV0, n0)
    f = create_address(DEV0, n0 + 1)
    child = create_address(f, 1)
    child_init = bytes.fromhex("6000600060006000600073" + c[2:] + "612710f150600060005360016000f3")
    runtime = bytes.fromhex("602e6016600039602e60006000f060005260206000f3") + child_init
    factory_init = bytes.fromhex("6044600c60003960446000f3") + runtime
    r1 = send(rpc, data="0x69602a60005260206000fd600052600a6016f3")
    r2 = send(rpc, data="0x" + factory_init.hex())
    assert r1["contractAddress"] == c and r2["contractAddress"] == f
    r3 = send(rpc, to=f, gas=hex(300_000))
    return c, f, child, child_init, runtime, r3


def test_api_level(rpc: Rpc):
    assert rpc("ots_getApiLevel") == 8


def test_parity_trace_of_factory_call(rpc: Rpc):
    c, f, child, child_init, runtime, r3 = scenario(rpc)
    assert r3["status"] == "0x1"
    assert int(r3["gasUsed"], 16) == 55_908
    traces = rpc("trace_transaction", r3["transactionHash"])
    assert [t["traceAddress"] for t in traces] == [[], [0], [0, 0]]
    top, create, inner = traces
    assert top["action"]["gas"] == hex(279_000) and top["result"]["gasUsed"] == hex(34_908)
    assert create["type"] == "create" and create["action"]["gas"] == hex(243_105)
    assert create["result"] == {"address": child, "code": "0x00", "gasUsed": hex(2_859)}
    assert inner["action"]["to"] == c and inner["action"]["gas"] == hex(10_000)
    assert inner["error"] == "Reverted" and inner["result"]["gasUsed"] == hex(18)
    assert rpc("ots_getContractCreator", child) == {"hash": r3["transactionHash"], "creator": f}
    page = rpc("ots_searchTransactionsBefore", child, 0, 25)
    assert [t["hash"] for t in page["txs"]] == [r3["transactionHash"]]
    assert page["firstPage"] and page["lastPage"]

    # The same call on a fresh pyrevm state uses the same gas.
    from pyrevm import EVM, AccountInfo

    evm = EVM()
    evm.insert_account_info(DEV0, AccountInfo(balance=10**22))
    evm.insert_account_info(c, AccountInfo(code=bytes.fromhex("602a60005260206000fd")))
    evm.insert_account_info(f, AccountInfo(code=runtime, nonce=1))
    out = evm.message_call(DEV0, f, b"", gas=300_000)
    assert bytes(out)[12:].hex() == child[2:]
    assert evm.result.gas_used == int(r3["gasUsed"], 16)
