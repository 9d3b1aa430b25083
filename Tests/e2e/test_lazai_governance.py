"""DAT lifecycle and iDAO governance on the running devnet (issue 7's acceptance, DAT part).

The contracts are the ones the L2 genesis placed at Alith's local addresses; their ABIs come from
compiling Contracts/LazAI with the pinned Vyper. Transactions are signed with eth_account and sent
with web3.py. Expected amounts follow ERC-8028's rule (acc += amount * 1e18 // totalShare; a token's
share is shareRatio * acc // 1e18), computed here.

- usage recorded against a token lowers its value (and its ERC-1155 balance), and not past it;
- ETH revenue settled to a class is claimed pro rata by its holders, to the wei;
- an iDAO proposal to change VerifiedComputing's nodeFee passes by DAT-weighted vote (weights =
  class-1 DAT value), cannot run before its voting period ends, then takes effect; one the
  against-weight wins is defeated.
"""

from __future__ import annotations

import time
from functools import lru_cache
from pathlib import Path

import pytest
import vyper
from eth_account import Account
from web3 import Web3
from web3.exceptions import ContractLogicError
from web3.logs import DISCARD

from conftest import DEV0_KEY, RPC_URL, TX_TIMEOUT

ROOT = Path(__file__).resolve().parents[2]
DAT = "0x2eD344c586303C98FC3c6D5B42C5616ED42f9D9d"
VERIFIED_COMPUTING = "0x815da22D880E3560bCEcc85b6e4938b30c8202C4"
IDAO = "0xEA30BA91F4DB33Ef0360Fc04d8E201954474dbD1"
ETH = "0x" + "00" * 20


@lru_cache(maxsize=None)
def abi(name: str) -> list:
    path = ROOT / "Contracts" / "LazAI" / f"{name}.vy"
    return vyper.compile_code(path.read_text(), contract_path=str(path.relative_to(ROOT)),
                              output_formats=["abi"])["abi"]


@pytest.fixture(scope="module")
def w3() -> Web3:
    return Web3(Web3.HTTPProvider(RPC_URL, request_kwargs={"timeout": 60}))


def send(w3: Web3, acct, fn, value: int = 0) -> dict:
    """Signs fn (a web3 contract function) from acct, waits for the receipt, requires success."""
    tx = fn.build_transaction({
        "from": acct.address, "value": value, "chainId": w3.eth.chain_id,
        "nonce": w3.eth.get_transaction_count(acct.address, "pending"),
        "maxFeePerGas": 2 * w3.eth.gas_price + 10**9, "maxPriorityFeePerGas": 10**9,
    })
    h = w3.eth.send_raw_transaction(acct.sign_transaction(tx).raw_transaction)
    r = w3.eth.wait_for_transaction_receipt(h, timeout=TX_TIMEOUT)
    assert r["status"] == 1, f"{fn.fn_name} reverted"
    return r


def funded(w3: Web3, ether: int = 5):
    acct = Account.create()
    dev = Account.from_key(DEV0_KEY)
    tx = {"to": acct.address, "value": ether * 10**18, "gas": 21000, "chainId": w3.eth.chain_id,
          "nonce": w3.eth.get_transaction_count(dev.address, "pending"),
          "maxFeePerGas": 2 * w3.eth.gas_price + 10**9, "maxPriorityFeePerGas": 10**9}
    w3.eth.wait_for_transaction_receipt(w3.eth.send_raw_transaction(dev.sign_transaction(tx).raw_transaction))
    return acct


def minted_id(dat, receipt) -> int:
    """The token id of the ERC-1155 TransferSingle mint (from = 0x0) in the receipt."""
    ids = [e["args"]["id"] for e in dat.events.TransferSingle().process_receipt(receipt, errors=DISCARD)
           if int(e["args"]["sender"], 16) == 0]
    assert len(ids) == 1
    return ids[0]


def test_usage_lowers_value_and_revenue_is_claimed_pro_rata(w3: Web3):
    dat = w3.eth.contract(address=DAT, abi=abi("DataAnchoringToken"))
    alice, bob, payer = funded(w3), funded(w3), funded(w3)
    r = send(w3, alice, dat.functions.createClass("ipfs://class-meta", Web3.keccak(text="dataset"), 0, "ipfs://policy"))
    class_id = dat.functions.classCount().call()
    assert dat.functions.classManager(class_id).call() == alice.address
    ta = minted_id(dat, send(w3, alice, dat.functions.mintToClass(class_id, alice.address, 300, 300, 0)))
    tb = minted_id(dat, send(w3, alice, dat.functions.mintToClass(class_id, bob.address, 100, 100, 0)))
    assert dat.functions.balanceOf(alice.address, ta).call() == 300

    # Usage consumes value (ERC-8028 hard quota): 300 - 50 = 250; more than what is left is refused.
    send(w3, alice, dat.functions.recordUsage(ta, Web3.keccak(text="inference-calls"), 50))
    assert dat.functions.valueOf(ta).call() == 250
    assert dat.functions.balanceOf(alice.address, ta).call() == 250
    with pytest.raises(ContractLogicError, match="InsufficientValue"):
        dat.functions.recordUsage(ta, Web3.keccak(text="inference-calls"), 251).call({"from": alice.address})

    # Revenue: 4,000,001 wei over shares 300 + 100 (shareRatio is not consumed by usage).
    amount = 4_000_001
    total_share = 300 + 100
    acc = amount * 10**18 // total_share
    send(w3, payer, dat.functions.settleRevenueETH(class_id), value=amount)
    want_a, want_b = 300 * acc // 10**18, 100 * acc // 10**18
    assert dat.functions.pendingRevenue(ta, ETH).call() == want_a
    assert dat.functions.pendingRevenue(tb, ETH).call() == want_b
    for acct, token, want in ((alice, ta, want_a), (bob, tb, want_b)):
        before = w3.eth.get_balance(acct.address)
        r = send(w3, acct, dat.functions.claim(token, ETH, acct.address))
        assert w3.eth.get_balance(acct.address) == before + want - r["gasUsed"] * r["effectiveGasPrice"]
        assert dat.functions.pendingRevenue(token, ETH).call() == 0
    # Someone else's token cannot be claimed.
    with pytest.raises(ContractLogicError):
        dat.functions.claim(tb, ETH, alice.address).call({"from": alice.address})


def wait_past(w3: Web3, timestamp: int):
    """Mines (an empty evm_mine, or a 0-value transfer) until the head's timestamp is past `timestamp`."""
    dev = Account.from_key(DEV0_KEY)
    deadline = time.monotonic() + 60
    while w3.eth.get_block("latest")["timestamp"] <= timestamp:
        assert time.monotonic() < deadline, "the L2 clock did not pass the voting period"
        time.sleep(0.5)
        try:
            w3.provider.make_request("evm_mine", [])
        except Exception:
            pass
        if w3.eth.get_block("latest")["timestamp"] <= timestamp:
            tx = {"to": dev.address, "value": 0, "gas": 21000, "chainId": w3.eth.chain_id,
                  "nonce": w3.eth.get_transaction_count(dev.address, "pending"),
                  "maxFeePerGas": 2 * w3.eth.gas_price + 10**9, "maxPriorityFeePerGas": 10**9}
            w3.eth.wait_for_transaction_receipt(w3.eth.send_raw_transaction(dev.sign_transaction(tx).raw_transaction))


def test_idao_proposal_changes_node_fee_by_dat_weighted_vote(w3: Web3):
    dat = w3.eth.contract(address=DAT, abi=abi("DataAnchoringToken"))
    idao = w3.eth.contract(address=IDAO, abi=abi("IDAO"))
    vc = w3.eth.contract(address=VERIFIED_COMPUTING, abi=abi("VerifiedComputing"))
    admin = Account.from_key(DEV0_KEY)
    class_id = idao.functions.classId().call()
    assert dat.functions.classManager(class_id).call() == IDAO
    old_fee = vc.functions.nodeFee().call()
    old_period = idao.functions.votingPeriod().call()

    # Contributors with class-1 DAT value: the admin mints as DataRegistry would (Alith's mint).
    alice, bob = funded(w3), funded(w3)
    minter = dat.functions.MINTER_ROLE().call()
    send(w3, admin, dat.functions.grantRole(minter, admin.address))
    send(w3, admin, dat.functions.mint(alice.address, 300, "file://alice", True))
    send(w3, admin, dat.functions.mint(bob.address, 100, "file://bob", True))
    send(w3, admin, dat.functions.revokeRole(minter, admin.address))
    assert dat.functions.classValueOf(class_id, alice.address).call() == 300
    send(w3, admin, idao.functions.updateVotingPeriod(3))   # seconds, so the test need not wait a minute
    try:
        new_fee = old_fee + 67
        calldata = vc.encode_abi("updateNodeFee", args=[new_fee])
        r = send(w3, alice, idao.functions.propose(VERIFIED_COMPUTING, calldata, 0, "Raise the node fee"))
        created = idao.events.ProposalCreated().process_receipt(r, errors=DISCARD)[0]["args"]
        pid = created["proposalId"]
        assert created["target"] == VERIFIED_COMPUTING and created["proposer"] == alice.address

        assert send(w3, alice, idao.functions.vote(pid, True)) is not None
        send(w3, bob, idao.functions.vote(pid, False))
        p = idao.functions.proposals(pid).call()
        assert (p[7], p[8]) == (300, 100), "votes weigh each voter's class-1 DAT value"
        with pytest.raises(ContractLogicError):
            idao.functions.vote(pid, True).call({"from": alice.address})   # once per voter
        with pytest.raises(ContractLogicError):
            idao.functions.execute(pid).call({"from": bob.address})        # voting still open

        wait_past(w3, p[6])
        send(w3, bob, idao.functions.execute(pid))                          # anyone may execute
        assert vc.functions.nodeFee().call() == new_fee
        assert idao.functions.state(pid).call() == 4                         # executed
        # It takes effect: a proof request paying the old fee is refused.
        with pytest.raises(ContractLogicError, match="InsufficientFee"):
            vc.functions.requestProof(1).call({"from": alice.address, "value": old_fee})

        # The against-weight wins: defeated, cannot run.
        calldata = vc.encode_abi("updateNodeFee", args=[1])
        r = send(w3, bob, idao.functions.propose(VERIFIED_COMPUTING, calldata, 0, "Fee to 1 wei"))
        pid2 = idao.events.ProposalCreated().process_receipt(r, errors=DISCARD)[0]["args"]["proposalId"]
        send(w3, bob, idao.functions.vote(pid2, True))
        send(w3, alice, idao.functions.vote(pid2, False))
        wait_past(w3, idao.functions.proposals(pid2).call()[6])
        assert idao.functions.state(pid2).call() == 2                        # defeated
        with pytest.raises(ContractLogicError):
            idao.functions.execute(pid2).call({"from": bob.address})
        assert vc.functions.nodeFee().call() == new_fee
    finally:
        send(w3, admin, idao.functions.updateVotingPeriod(old_period))
        send(w3, admin, vc.functions.updateNodeFee(old_fee))
    assert vc.functions.nodeFee().call() == old_fee
