"""Reference values for TransactionsBlobSetCodeTests (eth-account 0.14.0).

Run: /work/wt/pyenv/bin/python Tests/ChainTests/Reference/blob_setcode_tx.py
"""
from eth_account import Account

key = "0x4c0883a69102937d6231471b5decb811a2f8a1b4f9e0d2f1c3b5a7e9d1c3b5a7"
acct = Account.from_key(key)
print("address", acct.address)

auth = acct.sign_authorization({"chainId": 133718, "address": "0x000000000000000000000000000000000000c0de", "nonce": 1})
print("authorization y_parity", auth.y_parity, "r", hex(auth.r), "s", hex(auth.s))

tx4 = {"type": 4, "chainId": 133718, "nonce": 0, "maxPriorityFeePerGas": 1000000000, "maxFeePerGas": 3000000000,
       "gas": 100000, "to": "0x000000000000000000000000000000000000bEEF", "value": 5, "data": "0x1234",
       "accessList": [], "authorizationList": [auth]}
s4 = acct.sign_transaction(tx4)
print("type 4 raw", s4.raw_transaction.hex())
print("type 4 hash", s4.hash.hex())

tx3 = {"type": 3, "chainId": 31337, "nonce": 7, "maxPriorityFeePerGas": 2, "maxFeePerGas": 30, "gas": 21000,
       "to": "0x000000000000000000000000000000000000bEEF", "value": 1, "data": "0x",
       "accessList": [{"address": "0x000000000000000000000000000000000000bEEF",
                       "storageKeys": ["0x" + "00" * 31 + "01"]}],
       "maxFeePerBlobGas": 1000, "blobVersionedHashes": ["0x01" + "ab" * 31, "0x01" + "cd" * 31]}
s3 = acct.sign_transaction(tx3)
print("type 3 raw", s3.raw_transaction.hex())
print("type 3 hash", s3.hash.hex())
