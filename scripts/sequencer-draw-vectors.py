#!/usr/bin/env python3
"""Leader-draw test vectors for Tests/SequencingTests (sheet §4), computed independently of the Swift
code with eth_utils.keccak:

    r = int(keccak(seed ‖ uint256(k) [‖ uint256(attempt)])) % sum(stakes)
    leader = first index whose running stake sum exceeds r

Made with: /work/wt/pyenv/bin/python scripts/sequencer-draw-vectors.py > Tests/Vectors/sequencer-draw.json
(eth-utils 6.0.0)."""
import json
from eth_utils import keccak

def draw(seed: bytes, k: int, stakes, attempt=None):
    data = seed + k.to_bytes(32, "big") + (attempt.to_bytes(32, "big") if attempt is not None else b"")
    word = int.from_bytes(keccak(data), "big")
    total = sum(stakes)
    r = word % total
    run = 0
    for i, s in enumerate(stakes):
        run += s
        if run > r:
            return i, word
    raise AssertionError

E18 = 10**18
default_seed = keccak(b"metis-devnet")
cases = []
stake_sets = [
    [50000 * E18] * 3,
    [20000 * E18, 50000 * E18, 100000 * E18],
    [45000 * E18, 50000 * E18, 0],          # the third not Active
    [1, 2**200, 3, 50000 * E18],
]
seeds = [default_seed, bytes(range(32))]
for seed in seeds:
    for stakes in stake_sets:
        for k in [1, 2, 3, 7, 1000]:
            for attempt in [None, 1, 2]:
                leader, word = draw(seed, k, stakes, attempt)
                cases.append({"seed": "0x" + seed.hex(), "epoch": k, "attempt": attempt,
                              "stakes": [hex(s) for s in stakes], "word": hex(word), "leader": leader})
print(json.dumps({"defaultSeed": "0x" + default_seed.hex(), "cases": cases}, indent=1))
