"""End-to-end: the L1 rollup contracts in Contracts/L1 (MetisToken, LockingPool, StateCommitmentChain).

They are compiled here with Vyper's Python API, deployed from dev account 0 to whatever chain
DEVNET_RPC_URL names (they belong on the L1 mock, but behave the same on the L2) and then set up
with their one-time `initialize(...)` (ROLLUP-API §2: no constructor arguments). Every expected
value is derived in this file from the rules the contracts implement: min/max lock, the withdrawal
delay (passed with evm_increaseTime), slashing with nonce + 1, the Merkle root of a state batch
computed independently with eth_utils.keccak, Merkle proofs, and the fraud-proof window.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from eth_abi import decode as abi_decode
from eth_abi import encode as abi_encode
from eth_account import Account
from eth_keys import keys
from eth_utils import keccak, to_checksum_address
from web3 import Web3

from conftest import DEV0_ADDRESS, DEV0_KEY, Rpc, RpcError, compile_vyper

L1_CONTRACTS = Path(__file__).resolve().parents[2] / "Contracts" / "L1"
METIS = 10**18
MIN_LOCK = 20_000 * METIS
MAX_LOCK = 100_000 * METIS
WITHDRAWAL_DELAY = 600          # seconds
FRAUD_PROOF_WINDOW = 300        # seconds
GAS = 1_000_000
DEPLOY_GAS = 6_000_000
W3 = Web3()
ZERO = "0x" + "00" * 20


def topic(signature: str) -> str:
    return "0x" + keccak(text=signature).hex()


LOCKED = topic("Locked(address,uint256,uint256,uint256,uint256,uint256,bytes)")
RELOCKED = topic("Relocked(uint256,uint256,uint256)")
LOCK_UPDATE = topic("LockUpdate(uint256,uint256,uint256)")
UNLOCK_INIT = topic("UnlockInit(address,uint256,uint256,uint256,uint256,uint256,uint256)")
UNLOCKED = topic("Unlocked(address,uint256,uint256,uint256)")
SLASHED = topic("Slashed(uint256,uint256,uint256,uint256)")
BATCH_APPENDED = topic("StateBatchAppended(uint256,bytes32,uint256,uint256,bytes)")
BATCH_DELETED = topic("StateBatchDeleted(uint256,bytes32)")


# --- an independent Lib_MerkleTree ------------------------------------------------------------

def merkle_levels(leaves: list[bytes]) -> list[list[bytes]]:
    """All levels of the tree: leaves padded with zero words to a power of two, keccak(l ++ r)."""
    size = 1
    while size < len(leaves):
        size *= 2
    level = list(leaves) + [b"\x00" * 32] * (size - len(leaves))
    levels = [level]
    while len(level) > 1:
        level = [keccak(level[i] + level[i + 1]) for i in range(0, len(level), 2)]
        levels.append(level)
    return levels


def merkle_root(leaves: list[bytes]) -> bytes:
    return merkle_levels(leaves)[-1][0]


def merkle_proof(leaves: list[bytes], index: int) -> list[bytes]:
    siblings = []
    for level in merkle_levels(leaves)[:-1]:
        siblings.append(level[index ^ 1])
        index //= 2
    return siblings


# --- chain helpers ------------------------------------------------------------------------------

class Chain:
    def __init__(self, rpc: Rpc):
        self.rpc = rpc
        self.chain_id = int(rpc("eth_chainId"), 16)

    def send(self, account, to: str | None, data: bytes, gas: int = GAS, value: int = 0) -> dict:
        tx = {
            "chainId": self.chain_id,
            "nonce": int(self.rpc("eth_getTransactionCount", account.address, "pending"), 16),
            "gas": gas,
            "gasPrice": 2 * int(self.rpc("eth_gasPrice"), 16),
            "value": value,
            "data": data,
        }
        if to is not None:
            tx["to"] = to
        raw = account.sign_transaction(tx).raw_transaction
        return self.rpc.wait_receipt(self.rpc("eth_sendRawTransaction", "0x" + raw.hex()))

    def ok(self, account, to, data, **kw) -> dict:
        receipt = self.send(account, to, data, **kw)
        assert receipt["status"] == "0x1", receipt
        return receipt

    def call(self, to: str, data: bytes, sender: str = DEV0_ADDRESS) -> bytes:
        out = self.rpc("eth_call", {"from": sender, "to": to, "data": "0x" + data.hex()}, "latest")
        return bytes.fromhex(out[2:])

    def refused(self, account, to: str, data: bytes, reason: str) -> None:
        """eth_call reverts with `reason`, and the transaction itself is mined with status 0."""
        with pytest.raises(RpcError) as err:
            self.call(to, data, account.address)
        assert reason in f"{err.value.message} {err.value.data}" or reason_in_data(err.value.data, reason)
        receipt = self.send(account, to, data)
        assert receipt["status"] == "0x0"

    def deploy(self, account, name: str, *init_args) -> tuple[str, object]:
        """Deploys Contracts/L1/<name> (no constructor arguments), then, when `init_args` are
        given, calls its `initialize(*init_args)` from the same account."""
        artifact = compile_vyper(L1_CONTRACTS / name)
        receipt = self.ok(account, None, artifact.bytecode, gas=DEPLOY_GAS)
        address = to_checksum_address(receipt["contractAddress"])
        contract = W3.eth.contract(address=address, abi=artifact.abi)
        if init_args:
            self.ok(account, address, cd(contract, "initialize", *init_args))
        return address, contract

    def logs(self, receipt: dict, topic0: str) -> list[dict]:
        return [log for log in receipt["logs"] if log["topics"][0] == topic0]

    def timestamp(self) -> int:
        return int(self.rpc("eth_getBlockByNumber", "latest", False)["timestamp"], 16)

    def advance(self, seconds: int) -> None:
        """Moves the chain's clock until the head block is `seconds` past the current head.

        evm_increaseTime shifts the wall clock the node stamps blocks with; when automine has
        already stamped blocks ahead of the wall clock (a block's timestamp is at least its
        parent's + 1), one shift moves the head by less, so shift again by what is missing."""
        target = self.timestamp() + seconds
        for _ in range(10):
            gap = target - self.timestamp()
            if gap <= 0:
                return
            self.rpc("evm_increaseTime", gap)
            self.rpc("evm_mine")
        raise AssertionError(f"the head did not reach timestamp {target}")


def reason_in_data(data, reason: str) -> bool:
    if not isinstance(data, str) or not data.startswith("0x08c379a0"):
        return False
    return abi_decode(["string"], bytes.fromhex(data[10:]))[0] == reason


def cd(contract, fn: str, *args) -> bytes:
    """Calldata of contract.fn(*args)."""
    return bytes.fromhex(contract.encode_abi(fn, args=list(args))[2:])


def view(chain: Chain, contract, fn: str, *args) -> tuple:
    """Calls a view with eth_call and decodes its outputs (addresses checksummed)."""
    out = chain.call(contract.address, cd(contract, fn, *args))
    outputs = contract.get_function_by_name(fn).abi["outputs"]
    types = [tuple_type(o) if o["type"] == "tuple" else o["type"] for o in outputs]
    return checksummed(W3.codec.decode(types, out))


def checksummed(value):
    if isinstance(value, (tuple, list)):
        return type(value)(checksummed(v) for v in value)
    if isinstance(value, str) and value.startswith("0x") and len(value) == 42:
        return to_checksum_address(value)
    return value


def tuple_type(output: dict) -> str:
    return "(" + ",".join(c["type"] if c["type"] != "tuple" else tuple_type(c)
                          for c in output["components"]) + ")"


def fresh_account(chain: Chain, funder, label: str):
    account = Account.from_key(keccak(text=f"metis-devnet rollup-l1 {label} {chain.chain_id}"))
    chain.ok(funder, account.address, b"", gas=21_000, value=10 * METIS)
    return account


# --- fixtures -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def chain(rpc: Rpc) -> Chain:
    return Chain(rpc)


@pytest.fixture(scope="module")
def dev0():
    account = Account.from_key(DEV0_KEY)
    assert account.address == DEV0_ADDRESS
    return account


@pytest.fixture(scope="module")
def token(chain, dev0):
    address, contract = chain.deploy(dev0, "MetisToken.vy", dev0.address)
    return contract


@pytest.fixture(scope="module")
def pool(chain, dev0, token):
    address, contract = chain.deploy(dev0, "LockingPool.vy", dev0.address, token.address, dev0.address,
                                     WITHDRAWAL_DELAY)
    return contract


def signer_key(label: str):
    return keys.PrivateKey(keccak(text=f"metis-devnet rollup-l1 signer {label}"))


# --- initialize ---------------------------------------------------------------------------------

def test_initialize_sets_the_settings_once(chain, dev0):
    """Each contract is inert until initialize(...); its settings come from the arguments (not
    from msg.sender), and a second initialize reverts, whoever sends it."""
    owner = fresh_account(chain, dev0, "init owner")
    other = fresh_account(chain, dev0, "init other")
    _, token = chain.deploy(dev0, "MetisToken.vy")
    assert view(chain, token, "owner") == (ZERO,)
    assert view(chain, token, "initialized") == (False,)
    receipt = chain.ok(dev0, token.address, cd(token, "initialize", owner.address))
    assert receipt["logs"][0]["topics"] == [topic("OwnershipTransferred(address,address)"), "0x" + "00" * 32,
                                            "0x" + "00" * 12 + owner.address[2:].lower()]
    assert view(chain, token, "owner") == (owner.address,)
    chain.refused(dev0, token.address, cd(token, "initialize", dev0.address), "MetisToken: already initialized")
    chain.refused(owner, token.address, cd(token, "initialize", owner.address), "MetisToken: already initialized")
    chain.refused(dev0, token.address, cd(token, "mint", dev0.address, 1), "MetisToken: caller is not the owner")

    _, pool = chain.deploy(dev0, "LockingPool.vy")
    assert view(chain, pool, "currentBatch") == (0,)
    chain.ok(dev0, pool.address, cd(pool, "initialize", owner.address, token.address, other.address, 77))
    assert view(chain, pool, "owner") == (owner.address,)
    assert view(chain, pool, "token") == (token.address,)
    assert view(chain, pool, "mpcAddress") == (other.address,)
    assert view(chain, pool, "WITHDRAWAL_DELAY") == (77,)
    assert view(chain, pool, "minLock") == (MIN_LOCK,)
    assert view(chain, pool, "maxLock") == (MAX_LOCK,)
    assert view(chain, pool, "currentBatch") == (1,)
    chain.refused(owner, pool.address, cd(pool, "initialize", owner.address, token.address, other.address, 1),
                  "LockingPool: already initialized")
    chain.refused(dev0, pool.address, cd(pool, "setMinLock", 1), "LockingPool: not the owner")

    _, scc = chain.deploy(dev0, "StateCommitmentChain.vy")
    chain.ok(dev0, scc.address, cd(scc, "initialize", owner.address, other.address, owner.address, 42))
    assert view(chain, scc, "owner") == (owner.address,)
    assert view(chain, scc, "proposer") == (other.address,)
    assert view(chain, scc, "fraudVerifier") == (owner.address,)
    assert view(chain, scc, "FRAUD_PROOF_WINDOW") == (42,)
    chain.refused(dev0, scc.address, cd(scc, "initialize", dev0.address, dev0.address, dev0.address, 1),
                  "StateCommitmentChain: already initialized")
    chain.refused(dev0, scc.address, cd(scc, "appendStateBatch", [keccak(b"r")], 0),
                  "StateCommitmentChain: caller is not the proposer")
    chain.ok(other, scc.address, cd(scc, "appendStateBatch", [keccak(b"r")], 0))


# --- MetisToken -----------------------------------------------------------------------------------

def test_metis_token_metadata_and_owner_only_mint(chain, dev0, token):
    assert view(chain, token, "name") == ("Metis Token",)
    assert view(chain, token, "symbol") == ("METIS",)
    assert view(chain, token, "decimals") == (18,)
    assert view(chain, token, "owner") == (dev0.address,)
    supply = view(chain, token, "totalSupply")[0]
    receipt = chain.ok(dev0, token.address, cd(token, "mint", dev0.address, 5 * METIS))
    assert view(chain, token, "totalSupply") == (supply + 5 * METIS,)
    transfer = receipt["logs"][0]
    assert transfer["topics"][0] == topic("Transfer(address,address,uint256)")
    assert transfer["topics"][1] == "0x" + "00" * 32
    stranger = fresh_account(chain, dev0, "stranger")
    chain.refused(stranger, token.address, cd(token, "mint", stranger.address, 1),
                  "MetisToken: caller is not the owner")
    assert view(chain, token, "balanceOf", stranger.address) == (0,)


# --- LockingPool ----------------------------------------------------------------------------------

def lock_setup(chain, dev0, token, pool, label: str, balance: int):
    owner = fresh_account(chain, dev0, label)
    chain.ok(dev0, token.address, cd(token, "mint", owner.address, balance))
    chain.ok(owner, token.address, cd(token, "approve", pool.address, 2**256 - 1))
    key = signer_key(label)
    return owner, key


def test_locking_pool_defaults(chain, dev0, token, pool):
    assert view(chain, pool, "minLock") == (MIN_LOCK,)
    assert view(chain, pool, "maxLock") == (MAX_LOCK,)
    assert view(chain, pool, "WITHDRAWAL_DELAY") == (WITHDRAWAL_DELAY,)
    assert view(chain, pool, "token") == (token.address,)
    assert view(chain, pool, "owner") == (dev0.address,)
    assert view(chain, pool, "currentBatch") == (1,)


def test_lock_bounds_signer_check_and_lock(chain, dev0, token, pool):
    owner, key = lock_setup(chain, dev0, token, pool, "seq-a", 2 * MAX_LOCK)
    signer = key.public_key.to_checksum_address()
    pubkey = key.public_key.to_bytes()
    assert len(pubkey) == 64
    assert signer == to_checksum_address(keccak(pubkey)[12:])

    chain.refused(owner, pool.address, cd(pool, "lockFor", signer, MIN_LOCK - 1, pubkey),
                  "LockingPool: amount below minLock")
    chain.refused(owner, pool.address, cd(pool, "lockFor", signer, MAX_LOCK + 1, pubkey),
                  "LockingPool: amount above maxLock")
    other = signer_key("not seq-a").public_key.to_bytes()
    chain.refused(owner, pool.address, cd(pool, "lockFor", signer, MIN_LOCK, other),
                  "LockingPool: pubkey and signer mismatch")

    before = view(chain, token, "balanceOf", owner.address)[0]
    seq_id = view(chain, pool, "seqCount")[0] + 1
    receipt = chain.ok(owner, pool.address, cd(pool, "lockFor", signer, MIN_LOCK, pubkey))
    assert view(chain, token, "balanceOf", owner.address) == (before - MIN_LOCK,)
    assert view(chain, token, "balanceOf", pool.address)[0] >= MIN_LOCK
    assert view(chain, pool, "seqSigners", signer) == (seq_id,)
    assert view(chain, pool, "seqOwners", owner.address) == (seq_id,)

    (locked,) = chain.logs(receipt, LOCKED)
    assert int(locked["topics"][1], 16) == int(signer, 16)
    assert int(locked["topics"][2], 16) == seq_id
    assert int(locked["topics"][3], 16) == 1  # activationBatch = currentBatch
    nonce, amount, total, emitted_pubkey = abi_decode(
        ["uint256", "uint256", "uint256", "bytes"], bytes.fromhex(locked["data"][2:]))
    assert (nonce, amount, emitted_pubkey) == (1, MIN_LOCK, pubkey)
    assert total == view(chain, pool, "totalLocked")[0]

    # the same signer cannot lock twice
    chain.refused(owner, pool.address, cd(pool, "lockFor", signer, MIN_LOCK, pubkey),
                  "LockingPool: signer already used")

    # relock up to the max, not above it
    chain.refused(owner, pool.address, cd(pool, "relock", seq_id, MAX_LOCK - MIN_LOCK + 1, False),
                  "LockingPool: amount above maxLock")
    receipt = chain.ok(owner, pool.address, cd(pool, "relock", seq_id, 30_000 * METIS, False))
    (relocked,) = chain.logs(receipt, RELOCKED)
    assert int(relocked["topics"][1], 16) == seq_id
    assert abi_decode(["uint256", "uint256"], bytes.fromhex(relocked["data"][2:])) == \
        (30_000 * METIS, view(chain, pool, "totalLocked")[0])
    (update,) = chain.logs(receipt, LOCK_UPDATE)
    assert [int(t, 16) for t in update["topics"][1:]] == [seq_id, 2, 50_000 * METIS]
    assert view(chain, pool, "sequencers", seq_id)[0][0] == 50_000 * METIS


def test_min_max_lock_are_owner_settable(chain, dev0, token, pool):
    stranger = fresh_account(chain, dev0, "not-owner")
    chain.refused(stranger, pool.address, cd(pool, "setMinLock", 1), "LockingPool: not the owner")
    chain.ok(dev0, pool.address, cd(pool, "setMaxLock", 200_000 * METIS))
    assert view(chain, pool, "maxLock") == (200_000 * METIS,)
    chain.ok(dev0, pool.address, cd(pool, "setMaxLock", MAX_LOCK))
    chain.ok(dev0, pool.address, cd(pool, "setMinLock", 10_000 * METIS))
    assert view(chain, pool, "minLock") == (10_000 * METIS,)
    chain.ok(dev0, pool.address, cd(pool, "setMinLock", MIN_LOCK))
    assert view(chain, pool, "minLock") == (MIN_LOCK,)


def test_unlock_waits_for_the_withdrawal_delay(chain, dev0, token, pool):
    owner, key = lock_setup(chain, dev0, token, pool, "seq-b", MAX_LOCK)
    signer = key.public_key.to_checksum_address()
    chain.ok(owner, pool.address, cd(pool, "lockFor", signer, MAX_LOCK, key.public_key.to_bytes()))
    seq_id = view(chain, pool, "seqSigners", signer)[0]
    assert view(chain, token, "balanceOf", owner.address) == (0,)

    chain.refused(owner, pool.address, cd(pool, "unlockClaim", seq_id), "LockingPool: unlock not initiated")
    receipt = chain.ok(owner, pool.address, cd(pool, "unlock", seq_id))
    block_time = int(chain.rpc("eth_getBlockByNumber", receipt["blockNumber"], False)["timestamp"], 16)
    (init,) = chain.logs(receipt, UNLOCK_INIT)
    nonce, deactivation_batch, deactivation_time, claim_time = abi_decode(
        ["uint256"] * 4, bytes.fromhex(init["data"][2:]))
    assert int(init["topics"][1], 16) == int(owner.address, 16)
    assert int(init["topics"][2], 16) == seq_id
    assert int(init["topics"][3], 16) == MAX_LOCK  # amount
    assert (nonce, deactivation_batch) == (2, 1)
    assert deactivation_time == block_time
    assert claim_time == block_time + WITHDRAWAL_DELAY

    # before the delay: refused
    chain.refused(owner, pool.address, cd(pool, "unlockClaim", seq_id),
                  "LockingPool: withdrawal delay not over")
    assert view(chain, token, "balanceOf", owner.address) == (0,)

    chain.advance(WITHDRAWAL_DELAY + 1)
    assert chain.timestamp() >= claim_time
    total_before = view(chain, pool, "totalLocked")[0]
    receipt = chain.ok(owner, pool.address, cd(pool, "unlockClaim", seq_id))
    assert view(chain, token, "balanceOf", owner.address) == (MAX_LOCK,)
    (unlocked,) = chain.logs(receipt, UNLOCKED)
    assert abi_decode(["uint256"] * 2, bytes.fromhex(unlocked["data"][2:])) == \
        (MAX_LOCK, total_before - MAX_LOCK)
    (update,) = chain.logs(receipt, LOCK_UPDATE)
    assert [int(t, 16) for t in update["topics"][1:]] == [seq_id, 3, 0]
    assert view(chain, pool, "totalLocked") == (total_before - MAX_LOCK,)
    # a second claim is refused
    chain.refused(owner, pool.address, cd(pool, "unlockClaim", seq_id), "LockingPool: unlock not initiated")


def test_slash_lowers_the_stake(chain, dev0, token, pool):
    owner, key = lock_setup(chain, dev0, token, pool, "seq-c", 40_000 * METIS)
    signer = key.public_key.to_checksum_address()
    chain.ok(owner, pool.address, cd(pool, "lockFor", signer, 40_000 * METIS, key.public_key.to_bytes()))
    seq_id = view(chain, pool, "seqSigners", signer)[0]
    seq = view(chain, pool, "sequencers", seq_id)[0]
    amount_before, nonce_before = seq[0], seq[7]
    total_before = view(chain, pool, "totalLocked")[0]
    owner_balance = view(chain, token, "balanceOf", dev0.address)[0]
    slash = 1_234 * METIS

    chain.refused(owner, pool.address, cd(pool, "slash", seq_id, slash), "LockingPool: not the owner")
    chain.refused(dev0, pool.address, cd(pool, "slash", seq_id, amount_before + 1),
                  "LockingPool: bad slash amount")
    receipt = chain.ok(dev0, pool.address, cd(pool, "slash", seq_id, slash))
    seq = view(chain, pool, "sequencers", seq_id)[0]
    assert seq[0] == amount_before - slash
    assert seq[7] == nonce_before + 1
    assert view(chain, pool, "totalLocked") == (total_before - slash,)
    assert view(chain, token, "balanceOf", dev0.address) == (owner_balance + slash,)
    (slashed,) = chain.logs(receipt, SLASHED)
    assert int(slashed["topics"][1], 16) == seq_id
    assert abi_decode(["uint256"] * 3, bytes.fromhex(slashed["data"][2:])) == \
        (nonce_before + 1, slash, amount_before - slash)
    (update,) = chain.logs(receipt, LOCK_UPDATE)
    assert [int(t, 16) for t in update["topics"][1:]] == [seq_id, nonce_before + 1, amount_before - slash]


# --- StateCommitmentChain -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def scc(chain, dev0):
    address, contract = chain.deploy(dev0, "StateCommitmentChain.vy", dev0.address, dev0.address,
                                     dev0.address, FRAUD_PROOF_WINDOW)
    return contract


def append(chain, dev0, scc, roots: list[bytes]) -> tuple:
    start = view(chain, scc, "getTotalElements")[0]
    receipt = chain.ok(dev0, scc.address, cd(scc, "appendStateBatch", roots, start))
    (event,) = chain.logs(receipt, BATCH_APPENDED)
    index = int(event["topics"][1], 16)
    root, size, prev, extra = abi_decode(["bytes32", "uint256", "uint256", "bytes"],
                                         bytes.fromhex(event["data"][2:]))
    return (index, root, size, prev, extra), receipt


def test_merkle_root_of_the_zero_padded_tree(chain, scc):
    # 3 leaves: padded with one zero word to 4.
    a, b, c = (keccak(text=f"state root {i}") for i in range(3))
    expected = keccak(keccak(a + b) + keccak(c + b"\x00" * 32))
    assert merkle_root([a, b, c]) == expected
    for n in (1, 2, 3, 5, 8, 13):
        leaves = [keccak(text=f"leaf {n} {i}") for i in range(n)]
        assert view(chain, scc, "getMerkleRoot", leaves) == (merkle_root(leaves),)


def test_append_state_batch_and_verify(chain, dev0, scc):
    assert view(chain, scc, "FRAUD_PROOF_WINDOW") == (FRAUD_PROOF_WINDOW,)
    roots = [keccak(text=f"l2 state root {i}") for i in range(3)]
    expected_root = keccak(keccak(roots[0] + roots[1]) + keccak(roots[2] + b"\x00" * 32))
    batches = view(chain, scc, "getTotalBatches")[0]
    elements = view(chain, scc, "getTotalElements")[0]

    chain.refused(dev0, scc.address, cd(scc, "appendStateBatch", roots, elements + 1),
                  "StateCommitmentChain: actual batch start index does not match expected start index")
    chain.refused(dev0, scc.address, cd(scc, "appendStateBatch", [], elements),
                  "StateCommitmentChain: cannot submit an empty state batch")
    stranger = fresh_account(chain, dev0, "scc stranger")
    chain.refused(stranger, scc.address, cd(scc, "appendStateBatch", roots, elements),
                  "StateCommitmentChain: caller is not the proposer")

    header, receipt = append(chain, dev0, scc, roots)
    block_time = int(chain.rpc("eth_getBlockByNumber", receipt["blockNumber"], False)["timestamp"], 16)
    index, root, size, prev, extra = header
    assert (index, root, size, prev) == (batches, expected_root, 3, elements)
    assert extra == abi_encode(["uint256", "address"], [block_time, dev0.address])
    stored = keccak(abi_encode(["bytes32", "uint256", "uint256", "bytes"], [root, size, prev, extra]))
    assert view(chain, scc, "batches", index) == (stored,)
    assert view(chain, scc, "getTotalElements") == (elements + 3,)
    assert view(chain, scc, "getTotalBatches") == (batches + 1,)
    assert view(chain, scc, "insideFraudProofWindow", header) == (True,)

    for i, element in enumerate(roots):
        proof = (i, merkle_proof(roots, i))
        assert view(chain, scc, "verifyStateCommitment", element, header, proof) == (True,)
    # a wrong element, a wrong index, a wrong sibling
    assert view(chain, scc, "verifyStateCommitment", keccak(b"forged"), header,
                (0, merkle_proof(roots, 0))) == (False,)
    assert view(chain, scc, "verifyStateCommitment", roots[1], header,
                (0, merkle_proof(roots, 1))) == (False,)
    bad = merkle_proof(roots, 2)
    bad[0] = keccak(b"not zero")
    assert view(chain, scc, "verifyStateCommitment", roots[2], header, (2, bad)) == (False,)
    # a header that was not committed
    forged = (index, keccak(b"root"), size, prev, extra)
    with pytest.raises(RpcError):
        chain.call(scc.address, cd(scc, "verifyStateCommitment", roots[0], forged,
                                   (0, merkle_proof(roots, 0))))


def test_delete_only_inside_the_window_by_the_fraud_verifier(chain, dev0, scc):
    header1, _ = append(chain, dev0, scc, [keccak(text="to delete 0"), keccak(text="to delete 1")])
    header2, _ = append(chain, dev0, scc, [keccak(text="to delete 2")])
    stranger = fresh_account(chain, dev0, "not fraud verifier")
    chain.refused(stranger, scc.address, cd(scc, "deleteStateBatch", header1),
                  "StateCommitmentChain: caller is not the fraud verifier")

    # inside the window: deleting batch 1 removes it and every later batch
    receipt = chain.ok(dev0, scc.address, cd(scc, "deleteStateBatch", header1))
    (deleted,) = chain.logs(receipt, BATCH_DELETED)
    assert int(deleted["topics"][1], 16) == header1[0]
    assert view(chain, scc, "getTotalBatches") == (header1[0],)
    assert view(chain, scc, "getTotalElements") == (header1[3],)
    chain.refused(dev0, scc.address, cd(scc, "deleteStateBatch", header2),
                  "StateCommitmentChain: invalid batch header")

    # outside the window: refused
    header3, _ = append(chain, dev0, scc, [keccak(text="kept")])
    assert view(chain, scc, "insideFraudProofWindow", header3) == (True,)
    chain.advance(FRAUD_PROOF_WINDOW + 1)
    assert view(chain, scc, "insideFraudProofWindow", header3) == (False,)
    chain.refused(dev0, scc.address, cd(scc, "deleteStateBatch", header3),
                  "StateCommitmentChain: state batches can only be deleted within the fraud proof window")
    assert view(chain, scc, "getTotalBatches") == (header3[0] + 1,)
    assert view(chain, scc, "verifyStateCommitment", keccak(text="kept"), header3, (0, [])) == (True,)


def test_proofs_in_a_batch_padded_at_two_levels(chain, dev0, scc):
    # 5 roots: padded with 3 zero words to 8, so leaf 4's siblings are 0, Z1 and the left half.
    roots = [keccak(text=f"five {i}") for i in range(5)]
    z1 = keccak(b"\x00" * 64)
    left = keccak(keccak(roots[0] + roots[1]) + keccak(roots[2] + roots[3]))
    right = keccak(keccak(roots[4] + b"\x00" * 32) + z1)
    assert merkle_proof(roots, 4) == [b"\x00" * 32, z1, left]
    header, _ = append(chain, dev0, scc, roots)
    assert header[1] == keccak(left + right)
    for i in range(5):
        assert view(chain, scc, "verifyStateCommitment", roots[i], header, (i, merkle_proof(roots, i))) == (True,)
    # an index past the batch, and a proof of the wrong length, are refused
    for bad in ((5, merkle_proof(roots, 4)), (4, merkle_proof(roots, 4)[:2])):
        with pytest.raises(RpcError):
            chain.call(scc.address, cd(scc, "verifyStateCommitment", roots[4], header, bad))


def test_one_sequencer_per_owner_and_owner_only_actions(chain, dev0, token, pool):
    owner, key = lock_setup(chain, dev0, token, pool, "seq-d", 2 * MIN_LOCK)
    signer = key.public_key.to_checksum_address()
    chain.ok(owner, pool.address, cd(pool, "lockFor", signer, MIN_LOCK, key.public_key.to_bytes()))
    seq_id = view(chain, pool, "seqSigners", signer)[0]
    second = signer_key("seq-d second")
    chain.refused(owner, pool.address,
                  cd(pool, "lockFor", second.public_key.to_checksum_address(), MIN_LOCK,
                     second.public_key.to_bytes()),
                  "LockingPool: owner already has a sequencer")
    stranger = fresh_account(chain, dev0, "seq-d stranger")
    for fn, args in (("relock", (seq_id, 1, False)), ("unlock", (seq_id,)), ("unlockClaim", (seq_id,))):
        chain.refused(stranger, pool.address, cd(pool, fn, *args), "LockingPool: not the sequencer owner")


def test_advance_batch_moves_current_batch(chain, dev0, token, pool):
    batch = view(chain, pool, "currentBatch")[0]
    stranger = fresh_account(chain, dev0, "not mpc")
    chain.refused(stranger, pool.address, cd(pool, "advanceBatch", batch + 1, 1, 10),
                  "LockingPool: not the mpc address")
    chain.refused(dev0, pool.address, cd(pool, "advanceBatch", batch + 2, 1, 10),
                  "LockingPool: invalid batch id")
    chain.ok(dev0, pool.address, cd(pool, "advanceBatch", batch + 1, 1, 10))
    assert view(chain, pool, "currentBatch") == (batch + 1,)
    chain.refused(dev0, pool.address, cd(pool, "advanceBatch", batch + 2, 12, 20),
                  "LockingPool: invalid start epoch")
    # a sequencer locking now is active from the new batch
    owner, key = lock_setup(chain, dev0, token, pool, "seq-e", MIN_LOCK)
    receipt = chain.ok(owner, pool.address, cd(pool, "lockFor", key.public_key.to_checksum_address(),
                                               MIN_LOCK, key.public_key.to_bytes()))
    (locked,) = chain.logs(receipt, LOCKED)
    assert int(locked["topics"][3], 16) == batch + 1
