"""LazAI's DataAnchoringToken and IDAO (Contracts/LazAI) in pyrevm: no devnet needed.

The harness compiles every Contracts/LazAI/*.vy with the pinned Vyper, places the RUNTIME code at
Alith's local addresses (LAZAI-API.md §0, Sources/LazAI/Config) and runs the initialize calls in
the order and with the arguments of Sources/LazAI/Genesis/LazAIGenesis.swift (admin = dev account
0, nodeFee 10 wei, votingPeriod 60 s, quorum 1, lockTime 3600 s). Calldata is built from function
signatures with eth_abi; event topics are keccak256 of the event signatures computed here.

VerifiedComputing is the repo's (helper `lazaicontracts`); were it ever a stub again without
updateNodeFee, a tiny stand-in with AccessControl-style MAINTAINER_ROLE and a maintainer-only
`updateNodeFee(uint256)` takes its place. The last test runs Alith's data-contribution flow on the
real DataRegistry and VerifiedComputing (calldata from alith.lazai.contracts' ABIs, the proof
signed as alith Client.add_proof signs it) and reads the minted DAT with Alith's DAT ABI.

Expected revenue shares are computed here from ERC-8028's rule: per settlement
acc += amount * 1e18 // totalShare, and a token with shareRatio s has earned s * acc // 1e18.

Run: /work/wt/e2eenv/bin/python -m pytest -q Tests/e2e/test_lazai_dat_idao.py
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from eth_abi import decode, encode
from eth_utils import keccak, to_checksum_address

pyrevm = pytest.importorskip("pyrevm")

ROOT = Path(__file__).resolve().parents[2]
LAZAI = ROOT / "Contracts" / "LazAI"

# Alith's local addresses (LAZAI-API.md §0; alith/lazai/contracts.py local profile).
DATA_REGISTRY = "0xEAd077726dC83ecF385e3763ed4A0A50E8Ac5AA0"
VERIFIED_COMPUTING = "0x815da22D880E3560bCEcc85b6e4938b30c8202C4"
DAT = "0x2eD344c586303C98FC3c6D5B42C5616ED42f9D9d"
QUERY = "0xE747fd70269a8a540403ddE802D6906CB18C9F50"
INFERENCE = "0xbb969eaafB3A7124b8dCdf9a6d5Cd5BAa0381361"
TRAINING = "0xb578AB78bb4780D9007Cc836b358468467814B3E"
SETTLEMENT = "0xBE94646A0C6C1032c289Eea47169798e09dB5299"
IDAO = "0xEA30BA91F4DB33Ef0360Fc04d8E201954474dbD1"
ADMIN = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"

NODE_FEE = 10
VOTING_PERIOD = 60
QUORUM = 1
LOCK_TIME = 3600
GENESIS_TIME = 1_700_000_000
ZERO = "0x" + "00" * 20

ALICE = "0x00000000000000000000000000000000000A11CE"
BOB = "0x0000000000000000000000000000000000000B0B"
CAROL = "0x00000000000000000000000000000000000CA201"
MALLORY = "0x000000000000000000000000000000000000BAD0"

VC_STAND_IN = """
# pragma version 0.4.3
# Test stand-in for VerifiedComputing: AccessControl roles and a maintainer-only updateNodeFee.
MAINTAINER_ROLE: public(constant(bytes32)) = keccak256("MAINTAINER_ROLE")
roles: HashMap[bytes32, HashMap[address, bool]]
nodeFee: public(uint256)

@external
def initialize(admin: address, nodeFee: uint256, idao: address):
    self.roles[empty(bytes32)][admin] = True
    self.roles[MAINTAINER_ROLE][admin] = True
    self.roles[MAINTAINER_ROLE][idao] = True
    self.nodeFee = nodeFee

@external
@view
def hasRole(role: bytes32, account: address) -> bool:
    return self.roles[role][account]

@external
def updateNodeFee(newFee: uint256):
    assert self.roles[MAINTAINER_ROLE][msg.sender], "AccessControlUnauthorizedAccount"
    self.nodeFee = newFee
"""


def vyper_bin() -> str:
    here = Path(sys.executable).parent / "vyper"
    return str(here) if here.exists() else (shutil.which("vyper") or "vyper")


def start_compile(path: Path) -> subprocess.Popen:
    """The pinned Vyper with scripts/generate-contracts' EVM version (prague)."""
    return subprocess.Popen([vyper_bin(), "--evm-version", "prague", "-f", "bytecode_runtime,abi", str(path)],
                            stdout=subprocess.PIPE, text=True)


def finish_compile(proc: subprocess.Popen) -> tuple[bytes, list]:
    out, _ = proc.communicate()
    assert proc.returncode == 0, f"vyper failed: {proc.args}"
    lines = out.splitlines()
    return bytes.fromhex(lines[0].strip().removeprefix("0x")), json.loads(lines[1])


def compile_runtime(path: Path) -> tuple[bytes, list]:
    return finish_compile(start_compile(path))


def topic(signature: str) -> str:
    return "0x" + keccak(text=signature).hex()


def word(address: str) -> str:
    return "0x" + "00" * 12 + address.lower().removeprefix("0x")


def selector(signature: str) -> bytes:
    return keccak(text=signature)[:4]


def calldata(signature: str, *args) -> bytes:
    types = signature[signature.index("(") + 1:-1]
    types = [t for t in split_types(types)]
    return selector(signature) + encode(types, list(args))


def split_types(types: str) -> list[str]:
    out, depth, cur = [], 0, ""
    for ch in types:
        if ch == "," and depth == 0:
            out.append(cur)
            cur = ""
            continue
        depth += ch == "("
        depth -= ch == ")"
        cur += ch
    if cur:
        out.append(cur)
    return out


class Reverted(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def revert_reason(message: str) -> str:
    m = re.search(r"output: 0x([0-9a-fA-F]*)", message)
    if not m:
        return message
    data = bytes.fromhex(m.group(1))
    if data[:4] == bytes.fromhex("08c379a0"):
        return decode(["string"], data[4:])[0]
    return "0x" + data.hex()


_COMPILED: dict = {}


def compiled_contracts() -> tuple[dict, bool]:
    """Runtime code and ABI of every Contracts/LazAI/*.vy (compiled once per test run), with the
    VerifiedComputing stand-in while the repo's VerifiedComputing has no updateNodeFee."""
    if not _COMPILED:
        paths = sorted(LAZAI.glob("*.vy"))
        procs = [start_compile(p) for p in paths]  # in parallel: Vyper's start-up dominates
        codes = {p.stem: finish_compile(proc) for p, proc in zip(paths, procs)}
        stand_in = "updateNodeFee" not in {e.get("name") for e in codes["VerifiedComputing"][1]}
        if stand_in:
            path = Path(__file__).parent / ".vc_stand_in.vy"
            path.write_text(VC_STAND_IN)
            try:
                codes["VerifiedComputing"] = compile_runtime(path)
            finally:
                path.unlink()
        _COMPILED["codes"], _COMPILED["stand_in"] = codes, stand_in
    return _COMPILED["codes"], _COMPILED["stand_in"]


class Chain:
    """One pyrevm EVM with the LazAI genesis applied; `send` commits, `call` is static."""

    def __init__(self):
        self.evm = pyrevm.EVM(spec_id="Prague")
        self.time = GENESIS_TIME
        self.number = 1
        self._block()
        codes, self.vc_is_stand_in = compiled_contracts()
        for address, name in [(DAT, "DataAnchoringToken"), (VERIFIED_COMPUTING, "VerifiedComputing"),
                              (DATA_REGISTRY, "DataRegistry"), (QUERY, "AIProcess"), (INFERENCE, "AIProcess"),
                              (TRAINING, "AIProcess"), (SETTLEMENT, "Settlement"), (IDAO, "IDAO")]:
            self.evm.insert_account_info(address, pyrevm.AccountInfo(code=codes[name][0]))
        # LazAIGenesis.steps, in order, from the admin.
        self.send(ADMIN, DAT, "initialize(address,address,address)", ADMIN, DATA_REGISTRY, IDAO)
        self.send(ADMIN, VERIFIED_COMPUTING, "initialize(address,uint256,address)", ADMIN, NODE_FEE, IDAO)
        self.send(ADMIN, DATA_REGISTRY, "initialize(address,address,address,string,string)",
                  ADMIN, DAT, VERIFIED_COMPUTING, "LazAI Data Registry", "-----BEGIN RSA PUBLIC KEY-----")
        for process in (QUERY, INFERENCE, TRAINING):
            self.send(ADMIN, process, "initialize(address,address,uint256,address)", ADMIN, SETTLEMENT, LOCK_TIME, IDAO)
        self.send(ADMIN, SETTLEMENT, "initialize(address,address,address,address)", ADMIN, QUERY, INFERENCE, TRAINING)
        self.send(ADMIN, IDAO, "initialize(address,address,address,address,string,string,uint256,uint256,uint256)",
                  ADMIN, DAT, VERIFIED_COMPUTING, SETTLEMENT, "LazAI", "The devnet's iDAO", 1, VOTING_PERIOD, QUORUM)

    def _block(self):
        self.evm.set_block_env(pyrevm.BlockEnv(number=self.number, timestamp=self.time, gas_limit=60_000_000))

    def advance(self, seconds: int):
        self.time += seconds
        self.number += 1
        self._block()

    def send(self, sender: str, to: str, signature: str, *args, value: int = 0, raw: bytes | None = None):
        """A committed call; returns (return data, logs). Raises Reverted(reason)."""
        data = raw if raw is not None else calldata(signature, *args)
        self.number += 1  # every transaction in its own block (automine), same timestamp
        self._block()
        self.evm.reset_transient_storage()
        # EIP-3607 refuses a sender with code: a contract caller (the DataRegistry minting, the
        # iDAO as class manager) is impersonated by lifting its code for the call.
        code = self.evm.get_code(sender)
        if code:
            balance, nonce = self.evm.get_balance(sender), self.evm.basic(sender).nonce
            self.evm.insert_account_info(sender, pyrevm.AccountInfo(nonce=nonce, code=b""))
            self.evm.set_balance(sender, balance)
        try:
            out = self.evm.message_call(sender, to, data, value=value, gas=30_000_000)
        except RuntimeError as exc:
            raise Reverted(revert_reason(str(exc))) from None
        finally:
            if code:
                balance = self.evm.get_balance(sender)
                self.evm.insert_account_info(sender, pyrevm.AccountInfo(nonce=nonce, code=bytes(code)))
                self.evm.set_balance(sender, balance)
        return bytes(out), list(self.evm.result.logs)

    def call(self, to: str, signature: str, *args, returns: list[str]):
        try:
            out = self.evm.message_call(ADMIN, to, calldata(signature, *args), is_static=True)
        except RuntimeError as exc:
            raise Reverted(revert_reason(str(exc))) from None
        values = decode(returns, bytes(out))
        return values[0] if len(values) == 1 else values

    def balance(self, address: str) -> int:
        return self.evm.get_balance(address)

    def fund(self, address: str, wei: int):
        self.evm.set_balance(address, self.balance(address) + wei)

    # DAT helpers
    def mint(self, to: str, amount: int, url: str, verified: bool = True) -> tuple[int, list]:
        out, logs = self.send(DATA_REGISTRY, DAT, "mint(address,uint256,string,bool)", to, amount, url, verified)
        return decode(["uint256"], out)[0], logs

    def dat(self, signature: str, *args, returns: list[str]):
        return self.call(DAT, signature, *args, returns=returns)

    def idao(self, signature: str, *args, returns: list[str]):
        return self.call(IDAO, signature, *args, returns=returns)


@pytest.fixture
def chain() -> Chain:
    return Chain()


def expected_payouts(shares: dict[str, int], settlements: list[int]) -> dict[str, int]:
    """ERC-8028 accounting with the 1e18 accumulator: each settlement adds amount*1e18//total."""
    total = sum(shares.values())
    acc = 0
    for amount in settlements:
        acc += amount * 10**18 // total
    return {who: share * acc // 10**18 for who, share in shares.items()}


# ------------------------------------------------------------------------------------------------
# DataAnchoringToken
# ------------------------------------------------------------------------------------------------

def test_genesis_roles_and_class_one(chain: Chain):
    assert chain.dat("hasRole(bytes32,address)", b"\0" * 32, ADMIN, returns=["bool"])
    assert chain.dat("hasRole(bytes32,address)", keccak(text="MINTER_ROLE"), DATA_REGISTRY, returns=["bool"])
    assert not chain.dat("hasRole(bytes32,address)", keccak(text="MINTER_ROLE"), ADMIN, returns=["bool"])
    assert chain.dat("MINTER_ROLE()", returns=["bytes32"]) == keccak(text="MINTER_ROLE")
    assert chain.dat("classCount()", returns=["uint256"]) == 1
    assert chain.dat("classManager(uint256)", 1, returns=["address"]) == IDAO.lower()
    for interface in ("01ffc9a7", "d9b67a26", "0e89341c", "7965db0b"):
        assert chain.dat("supportsInterface(bytes4)", bytes.fromhex(interface), returns=["bool"])
    assert not chain.dat("supportsInterface(bytes4)", b"\xff\xff\xff\xff", returns=["bool"])
    with pytest.raises(Reverted, match="InvalidInitialization"):
        chain.send(ADMIN, DAT, "initialize(address,address,address)", ADMIN, ADMIN, ADMIN)
    assert chain.idao("name()", returns=["string"]) == "LazAI"
    assert chain.idao("version()", returns=["uint256"]) == 1
    assert chain.idao("token()", returns=["address"]) == DAT.lower()
    assert chain.idao("votingPeriod()", returns=["uint256"]) == VOTING_PERIOD
    with pytest.raises(Reverted, match="InvalidInitialization"):
        chain.send(ADMIN, IDAO, "initialize(address,address,address,address,string,string,uint256,uint256,uint256)",
                   ADMIN, DAT, VERIFIED_COMPUTING, SETTLEMENT, "x", "y", 1, 1, 1)


def test_alith_mint_balance_uri_and_logs(chain: Chain):
    url = "http://127.0.0.1:8545/lazai/files/" + "ab" * 32
    token_id, logs = chain.mint(ALICE, 1234, url)
    assert token_id == 1
    assert chain.dat("balanceOf(address,uint256)", ALICE, 1, returns=["uint256"]) == 1234
    assert chain.dat("balanceOf(address,uint256)", BOB, 1, returns=["uint256"]) == 0
    assert chain.dat("uri(uint256)", 1, returns=["string"]) == url
    assert chain.dat("verified(uint256)", 1, returns=["bool"]) is True
    assert chain.dat("currentTokenId()", returns=["uint256"]) == 1
    assert chain.dat("balanceOfBatch(address[],uint256[])", [ALICE, BOB], [1, 1], returns=["uint256[]"]) == (1234, 0)

    by_topic = {log.topics[0]: log for log in logs}
    single = by_topic[topic("TransferSingle(address,address,address,uint256,uint256)")]
    assert single.address.lower() == DAT.lower()
    assert single.topics[1:] == [word(DATA_REGISTRY), word(ZERO), word(ALICE)]
    assert decode(["uint256", "uint256"], single.data[1]) == (1, 1234)
    minted = by_topic[topic("TokenMinted(address,uint256,string)")]
    assert minted.topics[1:] == [word(ALICE), "0x" + (1).to_bytes(32, "big").hex()]
    assert decode(["string"], minted.data[1]) == (url,)
    erc8028 = by_topic[topic("Minted(uint256,uint256,address,uint256,uint256,uint64)")]
    assert decode(["address", "uint256", "uint256", "uint64"], erc8028.data[1]) == (ALICE.lower(), 1234, 1234, 0)

    info = chain.dat("tokenInfo(uint256)", 1,
                     returns=["address", "uint256", "uint256", "uint256", "uint64", "string", "bool", "uint256", "uint256"])
    assert info == (ALICE.lower(), 1, 1234, 1234, 0, url, True, 0, 0)

    second, _ = chain.mint(BOB, 5, "ipfs://second", verified=False)
    assert second == 2 and chain.dat("verified(uint256)", 2, returns=["bool"]) is False

    with pytest.raises(Reverted, match="AccessControlUnauthorizedAccount"):
        chain.send(MALLORY, DAT, "mint(address,uint256,string,bool)", MALLORY, 1, "x", True)
    # An id never minted answers "" (as OpenZeppelin's ERC1155 answers its base URI, not a revert).
    assert chain.dat("uri(uint256)", 99, returns=["string"]) == ""
    assert chain.dat("uri(uint256)", 0, returns=["string"]) == ""
    with pytest.raises(Reverted, match="DAT: mint to the zero address"):
        chain.mint(ZERO, 1, "x")


def test_batch_mint_takes_the_next_ids(chain: Chain):
    chain.send(DATA_REGISTRY, DAT, "batchMint(address,uint256[],uint256[],string[])", BOB, [1, 2], [7, 8], ["a", "b"])
    assert chain.dat("balanceOf(address,uint256)", BOB, 2, returns=["uint256"]) == 8
    assert chain.dat("uri(uint256)", 1, returns=["string"]) == "a"
    with pytest.raises(Reverted, match="DAT: batchMint ids must be the next token ids"):
        chain.send(DATA_REGISTRY, DAT, "batchMint(address,uint256[],uint256[],string[])", BOB, [7], [1], ["c"])


def test_record_usage_lowers_value_and_fails_past_it(chain: Chain):
    chain.mint(ALICE, 100, "ipfs://a")
    metric = keccak(text="inference_calls")
    _, logs = chain.send(IDAO, DAT, "recordUsage(uint256,bytes32,uint256)", 1, metric, 30)  # the class manager
    assert chain.idao("name()", returns=["string"]) == "LazAI"  # impersonating it kept its storage
    assert chain.dat("valueOf(uint256)", 1, returns=["uint256"]) == 70
    assert chain.dat("balanceOf(address,uint256)", ALICE, 1, returns=["uint256"]) == 70
    assert chain.dat("classValueOf(uint256,address)", 1, ALICE, returns=["uint256"]) == 70
    usage = next(log for log in logs if log.topics[0] == topic("UsageRecorded(uint256,bytes32,uint256,address)"))
    assert decode(["bytes32", "uint256", "address"], usage.data[1]) == (metric, 30, IDAO.lower())
    chain.send(ALICE, DAT, "recordUsage(uint256,bytes32,uint256)", 1, metric, 70)  # the owner, down to 0
    assert chain.dat("valueOf(uint256)", 1, returns=["uint256"]) == 0
    with pytest.raises(Reverted, match="InsufficientValue"):
        chain.send(IDAO, DAT, "recordUsage(uint256,bytes32,uint256)", 1, metric, 1)
    with pytest.raises(Reverted, match="DAT: not allowed to record usage"):
        chain.send(MALLORY, DAT, "recordUsage(uint256,bytes32,uint256)", 1, metric, 0)
    # USAGE_ROLE, granted by the admin
    chain.mint(BOB, 10, "ipfs://b")
    chain.send(ADMIN, DAT, "grantRole(bytes32,address)", keccak(text="USAGE_ROLE"), MALLORY)
    chain.send(MALLORY, DAT, "recordUsage(uint256,bytes32,uint256)", 2, metric, 4)
    assert chain.dat("tokenInfo(uint256)", 2, returns=["address", "uint256", "uint256", "uint256", "uint64", "string",
                                                       "bool", "uint256", "uint256"])[2::5] == (6, 4)


def test_settle_and_claim_pay_each_holder_its_pro_rata_share(chain: Chain):
    shares = {ALICE: 100, BOB: 250, CAROL: 333}
    ids = {who: chain.mint(who, share, f"ipfs://{who}")[0] for who, share in shares.items()}
    payer = "0x000000000000000000000000000000000000FEE5"
    chain.fund(payer, 10**20)
    settlements = [10**18 + 7, 123_456_789]
    for amount in settlements:
        _, logs = chain.send(payer, DAT, "settleRevenueETH(uint256)", 1, value=amount)
        settled = logs[0]
        assert settled.topics == [topic("RevenueSettled(uint256,address,uint256)"),
                                  "0x" + (1).to_bytes(32, "big").hex(), word(ZERO)]
        assert decode(["uint256"], settled.data[1]) == (amount,)
    expected = expected_payouts(shares, settlements)
    for who, token_id in ids.items():
        assert chain.dat("pendingRevenue(uint256,address)", token_id, ZERO, returns=["uint256"]) == expected[who]
        before = chain.balance(who)
        out, logs = chain.send(who, DAT, "claim(uint256,address,address)", token_id, ZERO, who)
        assert decode(["uint256"], out)[0] == expected[who]
        assert chain.balance(who) - before == expected[who]
        claimed = next(log for log in logs if log.topics[0] == topic("Claimed(uint256,address,address,uint256)"))
        assert claimed.topics[2:] == [word(who), word(ZERO)]
        # nothing more until the next settlement
        out, _ = chain.send(who, DAT, "claim(uint256,address,address)", token_id, ZERO, who)
        assert decode(["uint256"], out)[0] == 0
    # a token minted after a settlement earns nothing from it
    late, _ = chain.mint(MALLORY, 1000, "ipfs://late")
    assert chain.dat("pendingRevenue(uint256,address)", late, ZERO, returns=["uint256"]) == 0
    with pytest.raises(Reverted, match="DAT: not the token owner"):
        chain.send(MALLORY, DAT, "claim(uint256,address,address)", ids[ALICE], ZERO, MALLORY)
    empty_class = decode(["uint256"], chain.send(ADMIN, DAT, "createClass(string,bytes32,uint8,string)",
                                                 "ipfs://meta", b"\x11" * 32, 0, "")[0])[0]
    with pytest.raises(Reverted, match="DAT: no shares in class"):
        chain.send(payer, DAT, "settleRevenueETH(uint256)", empty_class, value=1)


def test_partial_transfer_reverts_whole_transfer_moves_token_and_revenue(chain: Chain):
    chain.mint(ALICE, 100, "ipfs://a")
    chain.mint(BOB, 300, "ipfs://b")
    chain.fund(CAROL, 10**18)
    chain.send(CAROL, DAT, "settleRevenueETH(uint256)", 1, value=4000)  # Alice's token: 1000 wei pending
    sig = "safeTransferFrom(address,address,uint256,uint256,bytes)"
    with pytest.raises(Reverted, match="DAT: transfer the whole balance"):
        chain.send(ALICE, DAT, sig, ALICE, CAROL, 1, 99, b"")
    with pytest.raises(Reverted, match="DAT: insufficient balance"):
        chain.send(ALICE, DAT, sig, ALICE, CAROL, 1, 101, b"")
    with pytest.raises(Reverted, match="DAT: caller is not token owner or approved"):
        chain.send(MALLORY, DAT, sig, ALICE, CAROL, 1, 100, b"")
    _, logs = chain.send(ALICE, DAT, sig, ALICE, CAROL, 1, 100, b"")
    assert chain.dat("ownerOf(uint256)", 1, returns=["address"]) == CAROL.lower()
    assert chain.dat("balanceOf(address,uint256)", CAROL, 1, returns=["uint256"]) == 100
    assert chain.dat("balanceOf(address,uint256)", ALICE, 1, returns=["uint256"]) == 0
    assert chain.dat("classValueOf(uint256,address)", 1, ALICE, returns=["uint256"]) == 0
    assert chain.dat("classValueOf(uint256,address)", 1, CAROL, returns=["uint256"]) == 100
    single = next(log for log in logs if log.topics[0] == topic("TransferSingle(address,address,address,uint256,uint256)"))
    assert single.topics[1:] == [word(ALICE), word(ALICE), word(CAROL)]
    # the pending revenue went with the token
    before = chain.balance(CAROL)
    chain.send(CAROL, DAT, "claim(uint256,address,address)", 1, ZERO, CAROL)
    assert chain.balance(CAROL) - before == 100 * (4000 * 10**18 // 400) // 10**18 == 1000
    # batch transfer follows the same rule
    with pytest.raises(Reverted, match="DAT: transfer the whole balance"):
        chain.send(BOB, DAT, "safeBatchTransferFrom(address,address,uint256[],uint256[],bytes)", BOB, ALICE, [2], [1], b"")
    # an ERC-1155 receiver check: the iDAO accepts DATs
    chain.send(BOB, DAT, sig, BOB, IDAO, 2, 300, b"")
    assert chain.dat("ownerOf(uint256)", 2, returns=["address"]) == IDAO.lower()
    # a contract without onERC1155Received refuses them
    with pytest.raises(Reverted, match="DAT: transfer to non-ERC1155Receiver"):
        chain.send(CAROL, DAT, sig, CAROL, VERIFIED_COMPUTING, 1, 100, b"")


def test_erc8028_mint_selector_transfer_value_and_expiry(chain: Chain):
    class_id = decode(["uint256"], chain.send(CAROL, DAT, "createClass(string,bytes32,uint8,string)",
                                              "ipfs://model", b"\x22" * 32, 6, "ipfs://policy")[0])[0]
    assert class_id == 2
    assert chain.dat("getClassMeta(uint256)", 2, returns=["string", "bytes32", "uint8", "string"]) == (
        "ipfs://model", b"\x22" * 32, 6, "ipfs://policy")
    # ERC-8028's mint(uint256,address,uint256,uint256,uint64) selector, served by __default__
    expire = chain.time + 100
    out, _ = chain.send(CAROL, DAT, "mint(uint256,address,uint256,uint256,uint64)", 2, ALICE, 500, 40, expire)
    a = decode(["uint256"], out)[0]
    out, _ = chain.send(CAROL, DAT, "mint(uint256,address,uint256,uint256,uint64)", 2, BOB, 50, 60, 0)
    b = decode(["uint256"], out)[0]
    with pytest.raises(Reverted, match="DAT: not the class manager"):
        chain.send(MALLORY, DAT, "mint(uint256,address,uint256,uint256,uint64)", 2, MALLORY, 1, 1, 0)
    assert chain.dat("classInfo(uint256)", 2, returns=["address", "uint256", "uint256", "uint256"])[:2] == (CAROL.lower(), 100)
    chain.send(ALICE, DAT, "transferValue(uint256,uint256,uint256)", a, b, 120)
    assert chain.dat("valueOf(uint256)", a, returns=["uint256"]) == 380
    assert chain.dat("valueOf(uint256)", b, returns=["uint256"]) == 170
    assert chain.dat("shareRatioOf(uint256)", a, returns=["uint256"]) == 40
    chain.fund(CAROL, 10**18)
    chain.send(CAROL, DAT, "settleRevenueETH(uint256)", 2, value=1000)
    chain.advance(101)  # past expireAt
    with pytest.raises(Reverted, match="DAT: token expired"):
        chain.send(CAROL, DAT, "recordUsage(uint256,bytes32,uint256)", a, b"\0" * 32, 1)
    assert chain.send(MALLORY, DAT, "checkExpiry(uint256)", a)[0][-1] == 1
    assert chain.dat("classInfo(uint256)", 2, returns=["address", "uint256", "uint256", "uint256"])[1] == 60
    assert chain.dat("classValueOf(uint256,address)", 2, ALICE, returns=["uint256"]) == 0
    chain.send(CAROL, DAT, "settleRevenueETH(uint256)", 2, value=600)  # only Bob's token shares now
    acc1 = 1000 * 10**18 // 100
    acc2 = acc1 + 600 * 10**18 // 60
    assert chain.dat("pendingRevenue(uint256,address)", a, ZERO, returns=["uint256"]) == 40 * acc1 // 10**18
    assert chain.dat("pendingRevenue(uint256,address)", b, ZERO, returns=["uint256"]) == 60 * acc2 // 10**18


# ------------------------------------------------------------------------------------------------
# IDAO governance
# ------------------------------------------------------------------------------------------------

def propose(chain: Chain, proposer: str, target: str, data: bytes, value: int = 0, text: str = "p") -> int:
    out, logs = chain.send(proposer, IDAO, "propose(address,bytes,uint256,string)", target, data, value, text)
    pid = decode(["uint256"], out)[0]
    created = logs[0]
    assert created.topics[:2] == [topic("ProposalCreated(uint256,address,address,uint256,bytes,string,uint256,uint256)"),
                                  "0x" + pid.to_bytes(32, "big").hex()]
    return pid


def vote(chain: Chain, voter: str, pid: int, support: bool) -> int:
    out, logs = chain.send(voter, IDAO, "vote(uint256,bool)", pid, support)
    assert logs[0].topics == [topic("VoteCast(address,uint256,bool,uint256)"), word(voter),
                              "0x" + pid.to_bytes(32, "big").hex()]
    return decode(["uint256"], out)[0]


def test_node_fee_proposal_passes_by_dat_weighted_vote(chain: Chain):
    assert chain.call(VERIFIED_COMPUTING, "hasRole(bytes32,address)", keccak(text="MAINTAINER_ROLE"), IDAO,
                      returns=["bool"])
    chain.mint(ALICE, 700, "ipfs://a")
    chain.mint(BOB, 300, "ipfs://b")
    new_fee = 12_345
    data = calldata("updateNodeFee(uint256)", new_fee)
    pid = propose(chain, BOB, VERIFIED_COMPUTING, data, text="raise the node fee")
    proposal_block = chain.number
    assert chain.idao("state(uint256)", pid, returns=["uint8"]) == 1
    assert vote(chain, ALICE, pid, True) == 700
    assert vote(chain, BOB, pid, False) == 300
    with pytest.raises(Reverted, match="IDAO: voting not ended"):
        chain.send(MALLORY, IDAO, "execute(uint256)", pid)
    chain.advance(VOTING_PERIOD - 1)
    with pytest.raises(Reverted, match="IDAO: voting not ended"):
        chain.send(MALLORY, IDAO, "execute(uint256)", pid)
    chain.advance(1)
    with pytest.raises(Reverted, match="IDAO: voting closed"):
        chain.send(CAROL, IDAO, "vote(uint256,bool)", pid, False)
    assert chain.idao("state(uint256)", pid, returns=["uint8"]) == 3
    _, logs = chain.send(MALLORY, IDAO, "execute(uint256)", pid)
    assert logs[-1].topics[:2] == [topic("ProposalExecuted(uint256,address,uint256)"), "0x" + pid.to_bytes(32, "big").hex()]
    assert chain.call(VERIFIED_COMPUTING, "nodeFee()", returns=["uint256"]) == new_fee
    p = chain.idao("proposals(uint256)", pid, returns=["address", "address", "uint256", "bytes", "string", "uint256",
                                                       "uint256", "uint256", "uint256", "bool"])
    assert p == (BOB.lower(), VERIFIED_COMPUTING.lower(), 0, data, "raise the node fee", GENESIS_TIME,
                 GENESIS_TIME + VOTING_PERIOD, 700, 300, True)
    assert chain.idao("proposalSnapshot(uint256)", pid, returns=["uint256"]) == proposal_block - 1
    with pytest.raises(Reverted, match="IDAO: already executed"):
        chain.send(MALLORY, IDAO, "execute(uint256)", pid)


def test_proposal_whose_against_weight_wins_fails(chain: Chain):
    chain.mint(ALICE, 400, "ipfs://a")
    chain.mint(BOB, 401, "ipfs://b")
    pid = propose(chain, ALICE, VERIFIED_COMPUTING, calldata("updateNodeFee(uint256)", 1))
    vote(chain, ALICE, pid, True)
    vote(chain, BOB, pid, False)
    chain.advance(VOTING_PERIOD)
    assert chain.idao("state(uint256)", pid, returns=["uint8"]) == 2
    with pytest.raises(Reverted, match="IDAO: proposal defeated"):
        chain.send(ALICE, IDAO, "execute(uint256)", pid)
    assert chain.call(VERIFIED_COMPUTING, "nodeFee()", returns=["uint256"]) == NODE_FEE


def test_double_vote_and_voting_power_rules(chain: Chain):
    chain.mint(ALICE, 5, "ipfs://a")
    pid = propose(chain, ALICE, VERIFIED_COMPUTING, calldata("updateNodeFee(uint256)", 2))
    vote(chain, ALICE, pid, True)
    with pytest.raises(Reverted, match="IDAO: already voted"):
        chain.send(ALICE, IDAO, "vote(uint256,bool)", pid, False)
    with pytest.raises(Reverted, match="IDAO: already voted"):
        chain.send(ALICE, IDAO, "vote(uint256,bool)", pid, True)
    with pytest.raises(Reverted, match="IDAO: no voting power"):
        chain.send(MALLORY, IDAO, "vote(uint256,bool)", pid, True)
    with pytest.raises(Reverted, match="IDAO: no voting power"):
        chain.send(MALLORY, IDAO, "propose(address,bytes,uint256,string)", VERIFIED_COMPUTING, b"", 0, "x")
    with pytest.raises(Reverted, match="IDAO: target not allowed"):
        chain.send(ALICE, IDAO, "propose(address,bytes,uint256,string)", MALLORY, b"", 0, "x")
    with pytest.raises(Reverted, match="IDAO: unknown proposal"):
        chain.send(ALICE, IDAO, "vote(uint256,bool)", 99, True)
    assert chain.idao("hasVoted(uint256,address)", pid, ALICE, returns=["bool"])
    for target in (DAT, VERIFIED_COMPUTING, SETTLEMENT, IDAO):
        assert chain.idao("isAllowedTarget(address)", target, returns=["bool"])
    # pause stops governance (maintainer = admin)
    chain.send(ADMIN, IDAO, "pause()")
    with pytest.raises(Reverted, match="EnforcedPause"):
        chain.send(ALICE, IDAO, "propose(address,bytes,uint256,string)", IDAO, b"", 0, "x")
    with pytest.raises(Reverted, match="AccessControlUnauthorizedAccount"):
        chain.send(ALICE, IDAO, "unpause()")
    chain.send(ADMIN, IDAO, "unpause()")


def test_votes_weigh_the_class_value_at_the_snapshot_block(chain: Chain):
    """A token moved after its owner voted cannot vote again; value gained after the proposal
    does not count; usage recorded after it does not reduce the weight."""
    chain.mint(ALICE, 700, "ipfs://a")
    chain.mint(BOB, 300, "ipfs://b")
    pid = propose(chain, BOB, VERIFIED_COMPUTING, calldata("updateNodeFee(uint256)", 77))
    assert chain.idao("voteWeight(uint256,address)", pid, ALICE, returns=["uint256"]) == 700
    chain.mint(CAROL, 5000, "ipfs://late")  # after the snapshot
    assert chain.idao("votingPower(address)", CAROL, returns=["uint256"]) == 5000
    with pytest.raises(Reverted, match="IDAO: no voting power"):
        chain.send(CAROL, IDAO, "vote(uint256,bool)", pid, False)
    assert vote(chain, ALICE, pid, True) == 700
    chain.send(ALICE, DAT, "safeTransferFrom(address,address,uint256,uint256,bytes)", ALICE, MALLORY, 1, 700, b"")
    with pytest.raises(Reverted, match="IDAO: no voting power"):
        chain.send(MALLORY, IDAO, "vote(uint256,bool)", pid, False)
    chain.send(IDAO, DAT, "recordUsage(uint256,bytes32,uint256)", 2, b"\0" * 32, 200)  # Bob: 300 -> 100 now
    assert vote(chain, BOB, pid, False) == 300
    # the DAT's history answers for mined blocks only
    with pytest.raises(Reverted, match="DAT: block not yet mined"):
        chain.dat("classValueAt(uint256,address,uint256)", 1, ALICE, chain.number + 1, returns=["uint256"])
    assert chain.dat("classValueAt(uint256,address,uint256)", 1, ALICE, chain.number - 1, returns=["uint256"]) == 0
    chain.advance(VOTING_PERIOD)
    chain.send(BOB, IDAO, "execute(uint256)", pid)
    assert chain.call(VERIFIED_COMPUTING, "nodeFee()", returns=["uint256"]) == 77


def test_class_value_history_answers_every_past_block(chain: Chain):
    """classValueAt against a history kept here: the value at the end of each block."""
    history = {}  # block -> Alice's class-1 value at its end
    start = chain.number
    chain.mint(ALICE, 50, "ipfs://a")
    history[chain.number] = 50
    value = 50
    for step in range(1, 12):
        if step % 3 == 0:
            chain.advance(0)  # a block without Alice's changes
            continue
        chain.send(ALICE, DAT, "recordUsage(uint256,bytes32,uint256)", 1, b"\0" * 32, step)
        value -= step
        history[chain.number] = value
    chain.advance(0)
    last = 0
    for block in range(start - 1, chain.number):
        last = history.get(block, last)
        assert chain.dat("classValueAt(uint256,address,uint256)", 1, ALICE, block, returns=["uint256"]) == last, block


def test_reward_distribution_through_proposals_pays_holders_pro_rata(chain: Chain):
    shares = {ALICE: 600, BOB: 300, CAROL: 99}
    ids = {who: chain.mint(who, share, f"ipfs://{who}")[0] for who, share in shares.items()}
    donor = "0x000000000000000000000000000000000000D0D0"
    chain.fund(donor, 10**19)
    _, logs = chain.send(donor, IDAO, "fund()", value=3 * 10**18)
    assert logs[0].topics == [topic("Funded(address,uint256)"), word(donor)]
    chain.send(donor, IDAO, "", value=10**18, raw=b"")  # a plain transfer
    assert chain.balance(IDAO) == 4 * 10**18
    with pytest.raises(Reverted, match="IDAO: unknown function"):
        chain.send(donor, IDAO, "noSuchFunction()", value=1)

    first = 10**18 + 3
    second = 777_777_777_777
    p1 = propose(chain, ALICE, IDAO, calldata("distributeRewards(uint256)", first), text="distribute")
    p2 = propose(chain, BOB, DAT, calldata("settleRevenueETH(uint256)", 1), value=second, text="settle directly")
    for pid in (p1, p2):
        vote(chain, ALICE, pid, True)
        vote(chain, CAROL, pid, False)
    chain.advance(VOTING_PERIOD)
    _, logs = chain.send(CAROL, IDAO, "execute(uint256)", p1)
    assert any(log.topics[0] == topic("RewardsDistributed(uint256,uint256)") for log in logs)
    chain.send(CAROL, IDAO, "execute(uint256)", p2)
    assert chain.balance(IDAO) == 4 * 10**18 - first - second

    expected = expected_payouts(shares, [first, second])
    for who, token_id in ids.items():
        before = chain.balance(who)
        chain.send(who, DAT, "claim(uint256,address,address)", token_id, ZERO, who)
        assert chain.balance(who) - before == expected[who]
    # the admin cannot bypass governance to other classes' holders' harm: only DEFAULT_ADMIN_ROLE may distribute
    with pytest.raises(Reverted, match="AccessControlUnauthorizedAccount"):
        chain.send(ALICE, IDAO, "distributeRewards(uint256)", 1)


def test_failing_proposal_call_bubbles_the_target_revert(chain: Chain):
    chain.mint(ALICE, 10, "ipfs://a")
    # DAT.updateClassPolicy on a class the iDAO does not manage: the DAT's reason comes back
    chain.send(CAROL, DAT, "createClass(string,bytes32,uint8,string)", "m", b"\0" * 32, 0, "")
    pid = propose(chain, ALICE, DAT, calldata("updateClassPolicy(uint256,string)", 2, "ipfs://p"))
    ok = propose(chain, ALICE, DAT, calldata("updateClassPolicy(uint256,string)", 1, "ipfs://policy-v2"))
    vote(chain, ALICE, pid, True)
    vote(chain, ALICE, ok, True)
    chain.advance(VOTING_PERIOD)
    with pytest.raises(Reverted, match="DAT: not the class manager"):
        chain.send(ALICE, IDAO, "execute(uint256)", pid)
    assert chain.idao("state(uint256)", pid, returns=["uint8"]) == 3  # still executable later
    chain.send(ALICE, IDAO, "execute(uint256)", ok)
    assert chain.dat("getClassMeta(uint256)", 1, returns=["string", "bytes32", "uint8", "string"])[3] == "ipfs://policy-v2"


# ------------------------------------------------------------------------------------------------
# DataRegistry -> DataAnchoringToken, through Alith's ABIs (when the real DataRegistry is here)
# ------------------------------------------------------------------------------------------------

def test_data_registry_reward_mints_a_dat_alith_reads(chain: Chain):
    """Alith's data-contribution flow on the real DataRegistry/VerifiedComputing ending in our DAT:
    addFile, a node's proof signed as alith Client.add_proof signs it, requestReward -> DAT.mint;
    then balanceOf/uri/verified called with Alith's DATA_ANCHORING_TOKEN_CONTRACT_ABI."""
    alith = pytest.importorskip("alith.lazai.contracts")
    from alith.lazai.proof import ProofData
    from eth_account import Account
    from eth_account.messages import encode_defunct
    from web3 import Web3

    registry_names = {e.get("name") for e in compiled_contracts()[0]["DataRegistry"][1]}
    if "requestReward" not in registry_names:
        pytest.skip("Contracts/LazAI/DataRegistry.vy is still the stub")
    Account.enable_unaudited_hdwallet_features()
    node = Account.from_mnemonic("test test test test test test test test test test test junk",
                                 account_path="m/44'/60'/0'/3/0")  # LazAI node 0 (LazAIDevKeys)
    user = Account.from_mnemonic("test test test test test test test test test test test junk",
                                 account_path="m/44'/60'/0'/0/1")
    w3 = Web3()
    registry = w3.eth.contract(abi=alith.DATA_REGISTRY_CONTRACT_ABI)
    vc = w3.eth.contract(abi=alith.VERIFIED_COMPUTING_CONTRACT_ABI)
    dat = w3.eth.contract(abi=alith.DATA_ANCHORING_TOKEN_CONTRACT_ABI)

    def tx(sender, address, contract, fn, *args):
        return chain.send(sender, address, "", raw=bytes.fromhex(contract.encode_abi(fn, args=list(args))[2:]))

    def read(address, contract, fn, *args):
        out = chain.evm.message_call(ADMIN, address, bytes.fromhex(contract.encode_abi(fn, args=list(args))[2:]),
                                     is_static=True)
        types = [o["type"] for o in contract.get_function_by_name(fn).abi["outputs"]]
        return decode(types, bytes(out))[0]

    # genesis step 7 for node 0
    tx(ADMIN, VERIFIED_COMPUTING, vc, "addNode", node.address, "http://127.0.0.1:8545/lazai/nodes/0", "pk")
    url = "http://127.0.0.1:8545/lazai/files/" + "cd" * 32
    tx(user.address, DATA_REGISTRY, registry, "addFile", url, "sha256:" + "cd" * 32)
    file_id = read(DATA_REGISTRY, registry, "getFileIdByUrl", url)
    data = ProofData(id=file_id, score=4321, file_url=url, proof_url="")
    message = Web3.keccak(data.abi_encode())
    signature = Account.sign_message(encode_defunct(primitive=message), node.key).signature
    proof = {"signature": bytes(signature),
             "data": {"id": data.id, "score": data.score, "fileUrl": data.file_url, "proofUrl": data.proof_url}}
    tx(node.address, DATA_REGISTRY, registry, "addProof", file_id, proof)
    _, logs = tx(user.address, DATA_REGISTRY, registry, "requestReward", file_id, 1)

    minted = [log for log in logs if log.topics[0] == topic("TokenMinted(address,uint256,string)")]
    assert len(minted) == 1 and minted[0].address.lower() == DAT.lower()
    assert minted[0].topics[1:] == [word(user.address), "0x" + (1).to_bytes(32, "big").hex()]
    single = next(log for log in logs if log.topics[0] == topic("TransferSingle(address,address,address,uint256,uint256)"))
    assert single.topics[1:] == [word(DATA_REGISTRY), word(ZERO), word(user.address)]
    assert read(DAT, dat, "balanceOf", user.address, 1) == 4321
    assert read(DAT, dat, "uri", 1) == url
    assert read(DAT, dat, "verified", 1) is True
    # and the contributor's value now votes in the iDAO
    assert chain.idao("votingPower(address)", user.address, returns=["uint256"]) == 4321


def test_proposal_adds_an_inference_node_and_targets_follow_settlement(chain: Chain):
    """The iDAO is a maintainer of the AIProcess contracts Settlement names: a passed proposal
    registers a node on Inference; a proposal to an address outside LazAI is refused."""
    for target in (QUERY, INFERENCE, TRAINING):
        assert chain.idao("isAllowedTarget(address)", target, returns=["bool"])
    assert not chain.idao("isAllowedTarget(address)", DATA_REGISTRY, returns=["bool"])
    assert not chain.idao("isAllowedTarget(address)", ZERO, returns=["bool"])
    chain.mint(ALICE, 3, "ipfs://a")
    new_node = "0x000000000000000000000000000000000000a0de"
    data = calldata("addNode(address,string,string)", new_node, "http://127.0.0.1:8545/lazai/nodes/9", "pk")
    pid = propose(chain, ALICE, INFERENCE, data)
    vote(chain, ALICE, pid, True)
    chain.advance(VOTING_PERIOD)
    assert not chain.call(INFERENCE, "isNode(address)", new_node, returns=["bool"])
    chain.send(ALICE, IDAO, "execute(uint256)", pid)
    assert chain.call(INFERENCE, "isNode(address)", new_node, returns=["bool"])


def test_class_operators_and_verification_flags(chain: Chain):
    chain.mint(ALICE, 40, "ipfs://a", verified=False)
    metric = keccak(text="inference_calls")
    with pytest.raises(Reverted, match="DAT: not allowed to record usage"):
        chain.send(BOB, DAT, "recordUsage(uint256,bytes32,uint256)", 1, metric, 1)
    _, logs = chain.send(ALICE, DAT, "approveForClass(uint256,address,bool)", 1, BOB, True)
    assert logs[0].topics == [topic("ApprovalForClass(address,uint256,address,bool)"), word(ALICE),
                              "0x" + (1).to_bytes(32, "big").hex(), word(BOB)]
    assert chain.dat("isApprovedForClass(address,uint256,address)", ALICE, 1, BOB, returns=["bool"])
    chain.send(BOB, DAT, "recordUsage(uint256,bytes32,uint256)", 1, metric, 15)  # an operator of Alice's class-1 tokens
    assert chain.dat("valueOf(uint256)", 1, returns=["uint256"]) == 25
    # verification: the minter (DataRegistry) or the class manager (iDAO); nobody else
    with pytest.raises(Reverted, match="DAT: not the class manager"):
        chain.send(ALICE, DAT, "setTokenVerified(uint256,bool)", 1, True)
    chain.send(DATA_REGISTRY, DAT, "setTokenVerified(uint256,bool)", 1, True)
    assert chain.dat("verified(uint256)", 1, returns=["bool"]) is True
    chain.send(IDAO, DAT, "setTokenVerified(uint256,bool)", 1, False)
    assert chain.dat("verified(uint256)", 1, returns=["bool"]) is False
    # roles: only the admin grants; revoke takes MINTER_ROLE away
    minter = keccak(text="MINTER_ROLE")
    with pytest.raises(Reverted, match="AccessControlUnauthorizedAccount"):
        chain.send(ALICE, DAT, "grantRole(bytes32,address)", minter, ALICE)
    _, logs = chain.send(ADMIN, DAT, "revokeRole(bytes32,address)", minter, DATA_REGISTRY)
    assert logs[0].topics == [topic("RoleRevoked(bytes32,address,address)"), "0x" + minter.hex(),
                              word(DATA_REGISTRY), word(ADMIN)]
    with pytest.raises(Reverted, match="AccessControlUnauthorizedAccount"):
        chain.mint(ALICE, 1, "x")


def test_dat_abi_covers_alith_dat_abi():
    """Every function and event of alith.lazai.contracts' DATA_ANCHORING_TOKEN_CONTRACT_ABI exists in
    DataAnchoringToken.vy's ABI with the same name, input types (and indexed flags), output types
    and payability -- except mint, which also returns the new token id (Alith ignores it)."""
    alith = pytest.importorskip("alith.lazai.contracts")
    ours = compiled_contracts()[0]["DataAnchoringToken"][1]

    def key(entry):
        return (entry["type"], entry["name"], tuple((i["type"], i.get("indexed", False)) for i in entry.get("inputs", [])))

    mine = {key(e): e for e in ours if e.get("type") in ("function", "event")}
    for entry in alith.DATA_ANCHORING_TOKEN_CONTRACT_ABI:
        if entry.get("type") not in ("function", "event"):
            continue
        assert key(entry) in mine, entry["name"]
        if entry["type"] == "function":
            match = mine[key(entry)]
            assert match["stateMutability"] == entry["stateMutability"], entry["name"]
            outputs = [o["type"] for o in match["outputs"]]
            expected = [o["type"] for o in entry["outputs"]]
            assert outputs == (["uint256"] if entry["name"] == "mint" else expected), entry["name"]


ERC20_STAND_IN = """
# pragma version 0.4.3
# Minimal EIP-20 for the ERC-20 revenue test: anyone may mint.
balanceOf: public(HashMap[address, uint256])
allowance: public(HashMap[address, HashMap[address, uint256]])

@external
def mint(to: address, amount: uint256):
    self.balanceOf[to] += amount

@external
def approve(spender: address, amount: uint256) -> bool:
    self.allowance[msg.sender][spender] = amount
    return True

@external
def transfer(to: address, amount: uint256) -> bool:
    self.balanceOf[msg.sender] -= amount
    self.balanceOf[to] += amount
    return True

@external
def transferFrom(owner: address, to: address, amount: uint256) -> bool:
    self.allowance[owner][msg.sender] -= amount
    self.balanceOf[owner] -= amount
    self.balanceOf[to] += amount
    return True
"""


def test_erc20_revenue_is_shared_per_asset(chain: Chain):
    path = Path(__file__).parent / ".erc20_stand_in.vy"
    path.write_text(ERC20_STAND_IN)
    try:
        code, _ = compile_runtime(path)
    finally:
        path.unlink()
    token = "0x00000000000000000000000000000000000E2C20"
    chain.evm.insert_account_info(token, pyrevm.AccountInfo(code=code))
    shares = {ALICE: 123, BOB: 456}
    ids = {who: chain.mint(who, share, f"ipfs://{who}")[0] for who, share in shares.items()}
    payer = "0x000000000000000000000000000000000000FEE5"
    chain.fund(payer, 10**18)
    chain.send(payer, token, "mint(address,uint256)", payer, 10**24)
    with pytest.raises(Reverted, match="DAT: ERC-20 transfer failed"):  # no allowance yet
        chain.send(payer, DAT, "settleRevenueERC20(uint256,address,uint256)", 1, token, 1000)
    chain.send(payer, token, "approve(address,uint256)", DAT, 10**24)
    erc20_settlements = [10**21 + 13, 999]
    for amount in erc20_settlements:
        chain.send(payer, DAT, "settleRevenueERC20(uint256,address,uint256)", 1, token, amount)
    chain.send(payer, DAT, "settleRevenueETH(uint256)", 1, value=5555)
    # a token minted now earns nothing of what was settled before, in either asset
    late, _ = chain.mint(CAROL, 1000, "ipfs://late")
    chain.send(payer, DAT, "settleRevenueERC20(uint256,address,uint256)", 1, token, 7777)
    assert chain.dat("revenueAssets(uint256)", 1, returns=["address[]"]) == (token.lower(), ZERO)
    with pytest.raises(Reverted, match="DAT: use settleRevenueETH for ETH"):
        chain.send(payer, DAT, "settleRevenueERC20(uint256,address,uint256)", 1, ZERO, 1)

    all_shares = {**shares, CAROL: 1000}
    acc = sum(a * 10**18 // sum(shares.values()) for a in erc20_settlements)
    acc_late = acc + 7777 * 10**18 // sum(all_shares.values())
    expected_erc20 = {who: s * acc_late // 10**18 for who, s in shares.items()}
    expected_erc20[CAROL] = 1000 * acc_late // 10**18 - 1000 * acc // 10**18
    expected_eth = expected_payouts(shares, [5555])
    for who, token_id in {**ids, CAROL: late}.items():
        out, _ = chain.send(who, DAT, "claim(uint256,address,address)", token_id, token, who)
        assert decode(["uint256"], out)[0] == expected_erc20[who]
        assert chain.call(token, "balanceOf(address)", who, returns=["uint256"]) == expected_erc20[who]
        assert chain.dat("claimed(uint256,address)", token_id, token, returns=["uint256"]) == expected_erc20[who]
        before = chain.balance(who)
        chain.send(who, DAT, "claim(uint256,address,address)", token_id, ZERO, who)
        assert chain.balance(who) - before == expected_eth.get(who, 0)
