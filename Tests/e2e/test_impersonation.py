"""anvil_impersonateAccount through web3.py: an address without a key sends with eth_sendTransaction.

The whale is a fresh random address, funded with anvil_setBalance, so the test does not depend on
what other tests did to the chain.
"""

from __future__ import annotations

import secrets

import pytest

from web3 import Web3

from conftest import RPC_URL, TX_TIMEOUT, RpcError


def test_impersonated_account_sends_through_web3(rpc):
    w3 = Web3(Web3.HTTPProvider(RPC_URL))
    whale = Web3.to_checksum_address("0x" + secrets.token_hex(20))
    receiver = Web3.to_checksum_address("0x" + secrets.token_hex(20))
    rpc("anvil_setBalance", whale, hex(10**18))
    with pytest.raises(Exception, match="unknown account"):  # web3's own error type for the -32000 answer
        w3.eth.send_transaction({"from": whale, "to": receiver, "value": 1})
    rpc("anvil_impersonateAccount", whale)
    tx_hash = w3.eth.send_transaction({"from": whale, "to": receiver, "value": 12345})
    receipt = w3.eth.wait_for_transaction_receipt(tx_hash, timeout=TX_TIMEOUT)
    assert receipt["status"] == 1
    assert receipt["from"] == whale
    assert w3.eth.get_balance(receiver) == 12345
    tx = w3.eth.get_transaction(tx_hash)
    assert tx["from"] == whale
    assert tx["hash"] == tx_hash
    rpc("anvil_stopImpersonatingAccount", whale)
    with pytest.raises(RpcError) as refused:
        rpc("eth_sendTransaction", {"from": whale, "to": receiver, "value": hex(1)})
    assert refused.value.code == -32000
