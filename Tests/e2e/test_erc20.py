"""End-to-end: a Vyper ERC-20 on the devnet, checked against pyrevm.

A Vyper 0.4 token (contracts/MetisToken.vy) is compiled here, deployed with eth_sendRawTransaction
from dev account 0, and used: two transfers to a fresh account (a zero and a non-zero balance slot),
an ETH payment to that account, a transfer of its whole balance onward (a slot cleared: an EIP-3529
refund), and a transfer of more than the balance sent with a fixed gas limit (mined with status 0).

Each of these transactions (sender, nonce, calldata, value, gas limit, gas price) is then replayed in
a fresh pyrevm EVM whose pre-state is the devnet's at the block before it, and whose block environment
is read from the devnet's block that holds it (number, timestamp, basefee, coinbase, gas limit,
prevrandao) with the devnet's chain id. Every receipt's gasUsed and status must equal what pyrevm
computes, and the token balances the devnet reports after each transaction must equal pyrevm's.
"""

from __future__ import annotations

import pytest
import rlp
from eth_abi import decode as abi_decode
from eth_abi import encode as abi_encode
from eth_account import Account
from eth_utils import keccak, to_checksum_address
from web3 import Web3

from conftest import CONTRACTS_DIR, DEV0_ADDRESS, DEV0_KEY, PYREVM_SPEC, Rpc, RpcError, compile_vyper

SUPPLY = 1_000_000 * 10**18
FIRST = 1_000 * 10**18
SECOND = 500 * 10**18
ETH_TO_HOLDER = 10**18
REASON = "MetisToken: transfer amount exceeds balance"
TRANSFER_TOPIC = "0x" + keccak(text="Transfer(address,address,uint256)").hex()
ERROR_SELECTOR = "0x08c379a0"
FIXED_GAS = 150_000
DEPLOY_GAS = 1_500_000


def q(n: int) -> str:
    return hex(n)


def topic_of(address: str) -> str:
    return "0x" + "00" * 12 + address[2:].lower()


class Scenario:
    """Runs the transaction sequence once and records what is needed to check and replay it."""

    def __init__(self, rpc: Rpc):
        self.rpc = rpc
        self.w3 = Web3()
        self.chain_id = int(rpc("eth_chainId"), 16)
        self.artifact = compile_vyper(CONTRACTS_DIR / "MetisToken.vy")
        self.token_abi = self.w3.eth.contract(abi=self.artifact.abi)
        self.dev0 = Account.from_key(DEV0_KEY)
        assert self.dev0.address == DEV0_ADDRESS
        self.holder = Account.create("metis-devnet e2e holder")
        self.receiver = Account.create("metis-devnet e2e receiver")
        self.txs: list[dict] = []
        self.token: str | None = None

    # -- sending ---------------------------------------------------------------------------
    def calldata(self, fn: str, *args) -> bytes:
        return bytes.fromhex(self.token_abi.encode_abi(fn, list(args))[2:])

    def send(self, account, to: str | None, data: bytes = b"", value: int = 0, gas: int = FIXED_GAS,
             legacy: bool = False) -> dict:
        nonce = int(self.rpc("eth_getTransactionCount", account.address, "pending"), 16)
        tx = {"chainId": self.chain_id, "nonce": nonce, "value": value, "data": data, "gas": gas}
        if to is not None:
            tx["to"] = to
        if legacy:
            tx["gasPrice"] = int(self.rpc("eth_gasPrice"), 16)
        else:
            base = int(self.rpc("eth_getBlockByNumber", "latest", False)["baseFeePerGas"], 16)
            tip = 10**9
            tx["maxPriorityFeePerGas"] = tip
            tx["maxFeePerGas"] = 2 * base + tip
            tx["type"] = 2
        signed = account.sign_transaction(tx)
        tx_hash = self.rpc("eth_sendRawTransaction", "0x" + signed.raw_transaction.hex())
        assert tx_hash.lower() == "0x" + signed.hash.hex().lower()
        receipt = self.rpc.wait_receipt(tx_hash)
        record = {"sender": account.address, "nonce": nonce, "to": to, "data": data, "value": value,
                  "gas": gas, "hash": tx_hash, "receipt": receipt}
        self.txs.append(record)
        return receipt

    def run(self) -> "Scenario":
        init = self.artifact.bytecode + abi_encode(["string", "string", "uint256"],
                                                   ["Metis Token", "MTK", SUPPLY])
        deploy = self.send(self.dev0, None, init, gas=DEPLOY_GAS)
        assert deploy["status"] == "0x1", deploy
        self.token = to_checksum_address(deploy["contractAddress"])
        holder, receiver = self.holder.address, self.receiver.address
        self.send(self.dev0, self.token, self.calldata("transfer", holder, FIRST))
        self.send(self.dev0, self.token, self.calldata("transfer", holder, SECOND), legacy=True)
        self.send(self.dev0, holder, value=ETH_TO_HOLDER, gas=21_000)
        self.send(self.holder, self.token, self.calldata("transfer", receiver, FIRST + SECOND))
        self.too_much = self.calldata("transfer", receiver, SUPPLY)  # dev0 now holds less than SUPPLY
        self.failed = self.send(self.dev0, self.token, self.too_much)
        return self

    def balance_of(self, who: str, block: str = "latest") -> int:
        out = self.rpc("eth_call", {"to": self.token, "data": "0x" + self.calldata("balanceOf", who).hex()},
                       block)
        return abi_decode(["uint256"], bytes.fromhex(out[2:]))[0]


@pytest.fixture(scope="module")
def scenario(rpc: Rpc) -> Scenario:
    return Scenario(rpc).run()


# --------------------------------------------------------------------------------------------
# deployment and balances
# --------------------------------------------------------------------------------------------
def test_deploy_address_is_keccak_of_sender_and_nonce(scenario: Scenario):
    deploy = scenario.txs[0]
    expected = keccak(rlp.encode([bytes.fromhex(deploy["sender"][2:]), deploy["nonce"]]))[12:]
    assert scenario.token.lower() == "0x" + expected.hex()
    assert deploy["receipt"]["to"] is None
    code = scenario.rpc("eth_getCode", scenario.token, "latest")
    assert code.lower() == "0x" + scenario.artifact.runtime.hex()


def test_successful_transactions_have_status_one(scenario: Scenario):
    statuses = [tx["receipt"]["status"] for tx in scenario.txs]
    assert statuses == ["0x1"] * 5 + ["0x0"]


def test_token_balances_after_the_transfers(scenario: Scenario):
    assert scenario.balance_of(scenario.holder.address) == 0
    assert scenario.balance_of(scenario.receiver.address) == FIRST + SECOND
    assert scenario.balance_of(DEV0_ADDRESS) == SUPPLY - FIRST - SECOND
    # state at a past block: right after the first transfer the holder had FIRST
    first_block = scenario.txs[1]["receipt"]["blockNumber"]
    assert scenario.balance_of(scenario.holder.address, first_block) == FIRST


# --------------------------------------------------------------------------------------------
# logs
# --------------------------------------------------------------------------------------------
def test_transfer_logs_found_by_address_and_topic(scenario: Scenario):
    rpc = scenario.rpc
    logs = rpc("eth_getLogs", {"fromBlock": scenario.txs[0]["receipt"]["blockNumber"], "toBlock": "latest",
                               "address": scenario.token, "topics": [TRANSFER_TOPIC]})
    zero = "0x" + "00" * 20
    holder, receiver = scenario.holder.address, scenario.receiver.address
    expected = [(zero, DEV0_ADDRESS, SUPPLY), (DEV0_ADDRESS, holder, FIRST), (DEV0_ADDRESS, holder, SECOND),
                (holder, receiver, FIRST + SECOND)]
    emitting = [tx for tx in scenario.txs if tx["receipt"]["logs"]]
    assert len(logs) == len(expected) == len(emitting)
    for log, (src, dst, amount), tx in zip(logs, expected, emitting):
        assert log["address"].lower() == scenario.token.lower()
        assert [topic.lower() for topic in log["topics"]] == [TRANSFER_TOPIC, topic_of(src), topic_of(dst)]
        assert abi_decode(["uint256"], bytes.fromhex(log["data"][2:]))[0] == amount
        assert log["transactionHash"] == tx["hash"]
        assert log["blockNumber"] == tx["receipt"]["blockNumber"]
        in_receipt = [entry for entry in tx["receipt"]["logs"] if entry["logIndex"] == log["logIndex"]]
        assert len(in_receipt) == 1
        assert in_receipt[0]["topics"] == log["topics"] and in_receipt[0]["data"] == log["data"]


def test_logs_filtered_by_indexed_receiver(scenario: Scenario):
    rpc = scenario.rpc
    holder = scenario.holder.address
    base = {"fromBlock": "earliest", "toBlock": "latest", "address": [scenario.token]}
    to_holder = rpc("eth_getLogs", dict(base, topics=[TRANSFER_TOPIC, None, topic_of(holder)]))
    assert [abi_decode(["uint256"], bytes.fromhex(log["data"][2:]))[0] for log in to_holder] == [FIRST, SECOND]
    from_holder = rpc("eth_getLogs", dict(base, topics=[TRANSFER_TOPIC, topic_of(holder)]))
    assert len(from_holder) == 1
    assert from_holder[0]["topics"][2].lower() == topic_of(scenario.receiver.address)
    nothing = rpc("eth_getLogs", dict(base, topics=[TRANSFER_TOPIC, None, topic_of(DEV0_ADDRESS[:-4] + "beef")]))
    assert nothing == []


# --------------------------------------------------------------------------------------------
# a failing transfer
# --------------------------------------------------------------------------------------------
def expected_revert_data() -> str:
    return ERROR_SELECTOR + abi_encode(["string"], [REASON]).hex()


@pytest.mark.parametrize("method", ["eth_call", "eth_estimateGas"])
def test_failing_transfer_reverts_with_code_3_and_error_string(scenario: Scenario, method: str):
    call = {"from": DEV0_ADDRESS, "to": scenario.token, "data": "0x" + scenario.too_much.hex()}
    params = [call, "latest"] if method == "eth_call" else [call]
    with pytest.raises(RpcError) as err:
        scenario.rpc(method, *params)
    assert err.value.code == 3
    assert err.value.data.lower() == expected_revert_data()
    assert REASON in err.value.message


def test_failing_transfer_is_mined_with_status_zero_and_no_logs(scenario: Scenario):
    receipt = scenario.failed
    assert receipt["status"] == "0x0"
    assert receipt["logs"] == []
    assert int(receipt["gasUsed"], 16) < FIXED_GAS  # a revert refunds the gas left, unlike INVALID
    # the nonce was used
    nonce = int(scenario.rpc("eth_getTransactionCount", DEV0_ADDRESS, receipt["blockNumber"]), 16)
    assert nonce == scenario.txs[-1]["nonce"] + 1


# --------------------------------------------------------------------------------------------
# gas: the devnet against pyrevm
# --------------------------------------------------------------------------------------------
def replay_in_pyrevm(scenario: Scenario) -> list[dict]:
    """Replays each of scenario.txs in pyrevm, from the devnet's state at the block before it.

    pyrevm keeps one journal open across the calls made on one EVM object (warm addresses and slots,
    original storage values and refunds would leak from one transaction into the next), so each
    transaction runs in a fresh EVM forked from the devnet at its parent block: every account, code
    and storage slot the transaction reads is fetched from the devnet as it was before the
    transaction (eth_getBalance, eth_getTransactionCount, eth_getCode, eth_getStorageAt at that
    block). Each transaction must therefore be alone in its block, which automine gives here since
    the scenario waits for every receipt before sending the next transaction.

    Returns, per transaction: gasUsed, success, and the token balances pyrevm computes afterwards.
    pyrevm runs calls with basefee 0 and charges no fee for message calls; neither changes gasUsed.
    pyrevm 0.3.7 is built on revm 8, whose Prague predates EIP-7623's calldata floor; the gas test
    checks that the floor does not bind for any of these transactions, so the rules agree here.
    """
    import pyrevm

    assert PYREVM_SPEC in REVM_SPECS, f"DEVNET_PYREVM_SPEC={PYREVM_SPEC!r} is not one of {REVM_SPECS}"

    rpc = scenario.rpc
    results = []
    for tx in scenario.txs:
        receipt = tx["receipt"]
        assert receipt["transactionIndex"] == "0x0", f"{tx['hash']} shares its block: no clean pre-state"
        number = int(receipt["blockNumber"], 16)
        block = rpc("eth_getBlockByNumber", receipt["blockNumber"], False)
        evm = pyrevm.EVM(env=pyrevm.Env(cfg=pyrevm.CfgEnv(chain_id=scenario.chain_id)),
                         fork_url=rpc.url, fork_block=q(number - 1), spec_id=PYREVM_SPEC)
        evm.set_block_env(pyrevm.BlockEnv(
            number=number,
            coinbase=to_checksum_address(block["miner"]),
            timestamp=int(block["timestamp"], 16),
            difficulty=int(block.get("difficulty") or "0x0", 16),
            prevrandao=bytes.fromhex(block["mixHash"][2:]),
            basefee=int(block["baseFeePerGas"], 16),
            gas_limit=int(block["gasLimit"], 16)))
        sender = evm.basic(tx["sender"])
        assert sender.nonce == tx["nonce"], "the devnet's nonce at the parent block differs from the tx's"
        price = int(receipt["effectiveGasPrice"], 16)
        if tx["to"] is None:
            address = evm.deploy(tx["sender"], tx["data"], value=tx["value"], gas=tx["gas"], gas_price=price)
            assert address.lower() == receipt["contractAddress"].lower()
        else:
            try:
                evm.message_call(tx["sender"], tx["to"], tx["data"], value=tx["value"], gas=tx["gas"],
                                 gas_price=price)
            except RuntimeError as exc:  # pyrevm raises on revert; its result still holds the gas used
                assert "Revert" in str(exc), exc
        gas_used, success = evm.result.gas_used, evm.result.is_success
        balances = {}
        for who in (DEV0_ADDRESS, scenario.holder.address, scenario.receiver.address):
            out = evm.message_call(who, scenario.token, scenario.calldata("balanceOf", who), is_static=True)
            balances[who] = abi_decode(["uint256"], bytes(out))[0]
        results.append({"gas_used": gas_used, "success": success, "balances": balances})
    return results


# revm 8's spec names (SpecId::from(&str)); any other string silently selects Latest.
REVM_SPECS = ("Frontier", "Homestead", "Tangerine", "Spurious", "Byzantium", "Constantinople", "Petersburg",
              "Istanbul", "MuirGlacier", "Berlin", "London", "Merge", "Shanghai", "Cancun", "Prague", "Latest")

LABELS = ["deploy", "transfer (new slot)", "transfer (legacy tx, slot set)", "ETH payment",
          "transfer of a whole balance (refund)", "failing transfer (status 0)"]


@pytest.fixture(scope="module")
def replayed(scenario: Scenario) -> list[dict]:
    return replay_in_pyrevm(scenario)


def test_gas_used_equals_pyrevm(scenario: Scenario, replayed: list[dict]):
    devnet = [(int(tx["receipt"]["gasUsed"], 16), tx["receipt"]["status"] == "0x1") for tx in scenario.txs]
    reference = [(r["gas_used"], r["success"]) for r in replayed]
    assert list(zip(LABELS, devnet)) == list(zip(LABELS, reference))
    assert reference[3] == (21_000, True)  # a plain payment costs exactly the intrinsic gas
    for label, tx, (standard, _) in zip(LABELS, scenario.txs, reference):
        tokens = sum(1 if byte == 0 else 4 for byte in tx["data"])
        floor = 21_000 + 10 * tokens  # EIP-7623 (Prague): TOTAL_COST_FLOOR_PER_TOKEN = 10
        assert standard >= floor, f"{label}: the EIP-7623 floor binds, which pyrevm (revm 8) does not model"


def test_state_after_each_transaction_equals_pyrevm(scenario: Scenario, replayed: list[dict]):
    """The devnet's token balances after each transaction are the ones pyrevm computed from its pre-state."""
    for label, tx, reference in zip(LABELS, scenario.txs, replayed):
        block = tx["receipt"]["blockNumber"]
        devnet = {who: scenario.balance_of(who, block) for who in reference["balances"]}
        assert (label, devnet) == (label, reference["balances"])
