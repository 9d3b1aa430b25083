"""EIP-712 reference values for Tests/ChainTests/EIP712Tests.swift and Tests/NodeTests/ExtrasRPCTests.swift.

Run: /work/wt/pyenv/bin/python Tests/ChainTests/Reference/eip712_vectors.py  (eth-account 0.14.0)
Prints, per document: the signing hash (encode_typed_data(full_message=…).body is the
domainSeparator‖hashStruct pair; hash_eip191_message gives the digest) and the signature by the
given key (Account.sign_message), r‖s‖v with v in {27, 28}.
"""
import json
from eth_account import Account
from eth_account.messages import encode_typed_data, _hash_eip191_message
from eth_utils import keccak

MAIL = {
    "types": {
        "EIP712Domain": [
            {"name": "name", "type": "string"},
            {"name": "version", "type": "string"},
            {"name": "chainId", "type": "uint256"},
            {"name": "verifyingContract", "type": "address"},
        ],
        "Person": [{"name": "name", "type": "string"}, {"name": "wallet", "type": "address"}],
        "Mail": [
            {"name": "from", "type": "Person"},
            {"name": "to", "type": "Person"},
            {"name": "contents", "type": "string"},
        ],
    },
    "primaryType": "Mail",
    "domain": {
        "name": "Ether Mail",
        "version": "1",
        "chainId": 1,
        "verifyingContract": "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC",
    },
    "message": {
        "from": {"name": "Cow", "wallet": "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"},
        "to": {"name": "Bob", "wallet": "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"},
        "contents": "Hello, Bob!",
    },
}

# v4 features: arrays of structs, arrays of atomics, fixed arrays, nested arrays, negative ints,
# bytes, bytesN, bool; chainId as a hex string.
V4 = {
    "types": {
        "EIP712Domain": [
            {"name": "name", "type": "string"},
            {"name": "version", "type": "string"},
            {"name": "chainId", "type": "uint256"},
            {"name": "verifyingContract", "type": "address"},
            {"name": "salt", "type": "bytes32"},
        ],
        "Group": [{"name": "name", "type": "string"}, {"name": "members", "type": "Person[]"}],
        "Mail": [
            {"name": "from", "type": "Person"},
            {"name": "to", "type": "Person[]"},
            {"name": "contents", "type": "string"},
            {"name": "attachment", "type": "bytes"},
            {"name": "tag", "type": "bytes4"},
            {"name": "delta", "type": "int64"},
            {"name": "urgent", "type": "bool"},
            {"name": "scores", "type": "uint16[3]"},
            {"name": "matrix", "type": "int8[][]"},
            {"name": "cc", "type": "Group"},
        ],
        "Person": [{"name": "name", "type": "string"}, {"name": "wallets", "type": "address[]"}],
    },
    "primaryType": "Mail",
    "domain": {
        "name": "Ether Mail",
        "version": "1",
        "chainId": "0x20a56",
        "verifyingContract": "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC",
        "salt": "0x" + "ab" * 32,
    },
    "message": {
        "from": {"name": "Cow", "wallets": ["0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826",
                                           "0xDeaDbeefdEAdbeefdEadbEEFdeadbeEFdEaDbeeF"]},
        "to": [{"name": "Bob", "wallets": ["0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"]},
               {"name": "Alice", "wallets": []}],
        "contents": "Hello, Bob!",
        "attachment": "0x0102030405",
        "tag": "0xdeadbeef",
        "delta": -12345,
        "urgent": True,
        "scores": [1, 2, 65535],
        "matrix": [[-1, 2], [], [127, -128, 0]],
        "cc": {"name": "team", "members": [{"name": "Carol", "wallets": ["0x" + "11" * 20]}]},
    },
}

COW = keccak(text="cow")
DEV0 = bytes.fromhex("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")

for name, doc, key in [("mail/cow", MAIL, COW), ("mail/dev0", MAIL, DEV0), ("v4/dev0", V4, DEV0)]:
    msg = encode_typed_data(full_message=doc)
    digest = _hash_eip191_message(msg)
    sig = Account.sign_message(msg, key)
    print(name)
    print("  domainSeparator", "0x" + msg.header.hex())
    print("  hashStruct     ", "0x" + msg.body.hex())
    print("  signingHash    ", "0x" + digest.hex())
    print("  signature      ", "0x" + sig.signature.hex())
print(json.dumps(V4))  # saved as eip712_v4.json (the document the tests load)
