"""Reference genesis block hash for ChainTests (Prague header, EIP-7685 requestsHash).

Run: /work/wt/pyenv/bin/python Tests/ChainTests/Reference/genesis.py
Header fields per the execution specs (EELS prague/blocks.py Header); state root of the ten anvil
dev accounts with 10,000 ETH each from py-evm (Tests/StateTests/Reference/state_roots.py, "dev10").
"""
import hashlib
import rlp
from eth_utils import keccak

EMPTY_TRIE = bytes.fromhex("56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421")
OMMERS = keccak(rlp.encode([]))
DEV10_ROOT = bytes.fromhex("e914d7e6a70676d0aecddd6b3e1110d78639f4e45a167334b8ba589316f48632")

def header(chain_time, state_root, extra=b""):
    return [
        b"\x00" * 32, OMMERS, b"\x00" * 20, state_root, EMPTY_TRIE, EMPTY_TRIE, b"\x00" * 256,
        0, 0, 30_000_000, 0, chain_time, extra, b"\x00" * 32, b"\x00" * 8,
        10**9, EMPTY_TRIE, 0, 0, b"\x00" * 32, hashlib.sha256(b"").digest(),
    ]

print("ommers   ", OMMERS.hex())
print("requests ", hashlib.sha256(b"").hexdigest())
print("genesis  ", keccak(rlp.encode(header(1_700_000_000, DEV10_ROOT))).hex())
print("genesis extra 'metis' ", keccak(rlp.encode(header(1_700_000_000, DEV10_ROOT, b"metis"))).hex())
