"""Writes state_dump_v1.json, the committed version-1 anvil_dumpState fixture, and prints the state
root of exactly its accounts (Yellow Paper §4.1: account trie keyed by keccak(address), leaves
rlp([nonce, balance, storageRoot, codeHash]); storage tries keyed by keccak(slot), values rlp(int)),
computed here with py-trie — independently of the devnet. StateDumpTests loads the file into a
chain whose genesis is empty and expects this root.

Run: /work/wt/pyenv/bin/python Tests/ChainTests/Reference/state_dump_v1.py
"""
import json, os
import rlp
from eth_utils import keccak
from trie import HexaryTrie

ACCOUNTS = {
    "0x1000000000000000000000000000000000000001": {"balance": "0xde0b6b3a7640000", "nonce": 7, "code": "0x", "storage": {}},
    "0x2000000000000000000000000000000000000002": {
        "balance": "0x0", "nonce": 1,
        # PUSH1 0 SLOAD PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN: returns slot 0
        "code": "0x60005460005260206000f3",
        "storage": {
            "0x0000000000000000000000000000000000000000000000000000000000000000":
                "0x000000000000000000000000000000000000000000000000000000000000002a",
            "0x00000000000000000000000000000000000000000000000000000000000000ff":
                "0x0000000000000000000000000000000000000000000000000000000000abcdef",
        },
    },
    "0x3000000000000000000000000000000000000003": {"balance": "0x1", "nonce": 0, "code": "0x", "storage": {}},
}

DOC = {
    "version": 1,
    "devnet": "metis-devnet",
    "chainId": 133718,
    "head": {"number": "0x0", "hash": "0x" + "00" * 32, "stateRoot": None},
    "accounts": ACCOUNTS,
}


def state_root(accounts):
    t = HexaryTrie({})
    for addr, a in accounts.items():
        st = HexaryTrie({})
        for k, v in a["storage"].items():
            value = int(v, 16)
            if value:
                st[keccak(bytes.fromhex(k[2:]))] = rlp.encode(value)
        code = bytes.fromhex(a["code"][2:])
        leaf = rlp.encode([a["nonce"], int(a["balance"], 16), st.root_hash, keccak(code)])
        t[keccak(bytes.fromhex(addr[2:]))] = leaf
    return t.root_hash


root = "0x" + state_root(ACCOUNTS).hex()
DOC["head"]["stateRoot"] = root
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "state_dump_v1.json"), "w") as f:
    json.dump(DOC, f, indent=2)
    f.write("\n")
print("stateRoot", root)
