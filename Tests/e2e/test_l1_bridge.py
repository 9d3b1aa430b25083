"""End-to-end: the L1 bridge contracts in Contracts/L1 — CanonicalTransactionChain,
L1CrossDomainMessenger (with its Merkle-Patricia proof verifier) and L1StandardBridge.

Everything runs on the L1 (DEVNET_L1_RPC_URL, default http://127.0.0.1:9545), where they belong.
The "L2" of these tests is that same chain: a stand-in message passer with the same storage
variable as L2ToL1MessagePasser (`sentMessages: public(HashMap[bytes32, bool])`, first and only)
is deployed there, an account we hold plays the L2 messenger and calls passMessageToL1, the state
root of that block is appended to the StateCommitmentChain by the test (the proposer), and the
proofs fed to relayMessage are the node's own eth_getProof answers at that block.

Expected values are computed here independently: relay calldata with eth_abi, the message hash,
the storage slot of a Vyper HashMap entry (keccak256(slot ‖ key), checked against eth_getStorageAt),
the account RLP with the rlp package, and the Merkle inclusion proofs with the Lib_MerkleTree of
test_rollup_contracts.
"""

from __future__ import annotations

import pytest
import rlp
import vyper
from eth_abi import decode as abi_decode
from eth_abi import encode as abi_encode
from eth_account import Account
from eth_utils import keccak, to_checksum_address
from vyper.compiler.settings import Settings

from conftest import DEV0_KEY, EVM_VERSION, RpcError, compile_vyper
from test_rollup_contracts import (DEPLOY_GAS, L1_CONTRACTS, W3, Chain, cd, fresh_account, merkle_proof,
                                   merkle_root, reason_in_data, topic, view)

FRAUD_PROOF_WINDOW = 120      # seconds
NATIVE_TOKEN = "0xDeadDeAddeAddEAddeadDEaDDEAdDeaDDeAD0000"
L2_BRIDGE = "0x4200000000000000000000000000000000000010"
ZERO = "0x" + "00" * 20
ETH = 10**18
RELAY_GAS = 3_000_000

TRANSACTION_ENQUEUED = topic("TransactionEnqueued(address,address,uint256,bytes,uint256,uint256)")
SENT_MESSAGE = topic("SentMessage(address,address,bytes,uint256,uint256)")
RELAYED_MESSAGE = topic("RelayedMessage(bytes32)")
FAILED_RELAYED_MESSAGE = topic("FailedRelayedMessage(bytes32)")
ETH_DEPOSIT_INITIATED = topic("ETHDepositInitiated(address,address,uint256,bytes)")
ERC20_DEPOSIT_INITIATED = topic("ERC20DepositInitiated(address,address,address,address,uint256,bytes)")
ETH_WITHDRAWAL_FINALIZED = topic("ETHWithdrawalFinalized(address,address,uint256,bytes)")
ERC20_WITHDRAWAL_FINALIZED = topic("ERC20WithdrawalFinalized(address,address,address,address,uint256,bytes)")

NOT_VERIFIED = "Provided message could not be verified."
ALREADY_RECEIVED = "Provided message has already been received."
INSIDE_WINDOW = "State batch is inside the fraud proof window."

# The stand-in of L2ToL1MessagePasser: the same storage variable, first and only.
MESSAGE_PASSER = """# pragma version ~=0.4.3
sentMessages: public(HashMap[bytes32, bool])

@external
def passMessageToL1(message: Bytes[8192]):
    self.sentMessages[keccak256(concat(message, convert(msg.sender, bytes20)))] = True
"""

# The same storage variable, filled with many entries, so that storage proofs go through
# extension nodes and leaves with odd and even paths.
MANY_ENTRIES = """# pragma version ~=0.4.3
sentMessages: public(HashMap[bytes32, bool])

@external
def fill(entries: DynArray[bytes32, 400]):
    for entry: bytes32 in entries:
        self.sentMessages[entry] = True
"""

# A relay target that records who the messenger says the L2 sender is.
TARGET = """# pragma version ~=0.4.3
interface Messenger:
    def xDomainMessageSender() -> address: view

messenger: public(address)
lastSender: public(address)
lastValue: public(uint256)
calls: public(uint256)

@deploy
def __init__(messenger: address):
    self.messenger = messenger

@external
def receiveMessage(v: uint256):
    self.lastSender = staticcall Messenger(self.messenger).xDomainMessageSender()
    self.lastValue = v
    self.calls += 1

@external
def fail(v: uint256):
    raise "target refuses"
"""


# A contract depositor: contracts must name the L2 receiver (the ...To variants).
CONTRACT_DEPOSITOR = """# pragma version ~=0.4.3
interface Bridge:
    def depositETH(l2Gas: uint32, data: Bytes[1024]): payable
    def depositETHTo(to: address, l2Gas: uint32, data: Bytes[1024]): payable

@external
@payable
def deposit(bridge: address):
    extcall Bridge(bridge).depositETH(200000, b"", value=msg.value)

@external
@payable
def depositTo(bridge: address, to: address):
    extcall Bridge(bridge).depositETHTo(to, 200000, b"", value=msg.value)
"""


# --- independent encodings -----------------------------------------------------------------------

def selector(signature: str) -> bytes:
    return keccak(text=signature)[:4]


def relay_calldata(target: str, sender: str, message: bytes, nonce: int) -> bytes:
    """L2CrossDomainMessenger.relayMessage(target, sender, message, nonce) calldata (both ways)."""
    return selector("relayMessage(address,address,bytes,uint256)") + abi_encode(
        ["address", "address", "bytes", "uint256"], [target, sender, message, nonce])


def finalize_deposit(l1_token: str, l2_token: str, sender: str, to: str, amount: int, data: bytes) -> bytes:
    return selector("finalizeDeposit(address,address,address,address,uint256,bytes)") + abi_encode(
        ["address", "address", "address", "address", "uint256", "bytes"], [l1_token, l2_token, sender, to, amount, data])


def finalize_eth_withdrawal(sender: str, to: str, amount: int, data: bytes) -> bytes:
    return selector("finalizeETHWithdrawal(address,address,uint256,bytes)") + abi_encode(
        ["address", "address", "uint256", "bytes"], [sender, to, amount, data])


def finalize_erc20_withdrawal(l1_token, l2_token, sender, to, amount, data) -> bytes:
    return selector("finalizeERC20Withdrawal(address,address,address,address,uint256,bytes)") + abi_encode(
        ["address", "address", "address", "address", "uint256", "bytes"], [l1_token, l2_token, sender, to, amount, data])


def sent_messages_slot(calldata: bytes, l2_messenger: str) -> bytes:
    """Storage slot of sentMessages[keccak256(calldata ‖ l2Messenger)] in Vyper 0.4.3:
    a HashMap at slot p keeps entry k at keccak256(p as 32 bytes ‖ k); sentMessages is p = 0."""
    entry = keccak(calldata + bytes.fromhex(l2_messenger[2:]))
    return keccak(b"\x00" * 32 + entry)


def word(hex_topic: str) -> int:
    return int(hex_topic, 16)


def address_topic(address: str) -> str:
    return "0x" + "00" * 12 + address[2:].lower()


# --- deployment ----------------------------------------------------------------------------------

def place_runtime(chain: Chain, name: str, runtime: bytes, abi: list):
    """Puts runtime code at a fresh address with anvil_setCode, as genesis places the rollup
    contracts (no constructor runs)."""
    head = chain.rpc("eth_blockNumber")
    address = to_checksum_address(keccak(text=f"genesis-style {name} {head}")[12:])
    chain.rpc("anvil_setCode", address, "0x" + runtime.hex())
    return W3.eth.contract(address=address, abi=abi)


def deploy_source(chain: Chain, account, source: str, *ctor_args):
    out = vyper.compile_code(source, output_formats=["abi", "bytecode"], settings=Settings(evm_version=EVM_VERSION))
    factory = W3.eth.contract(abi=out["abi"], bytecode=out["bytecode"])
    initcode = bytes.fromhex(factory.constructor(*ctor_args).data_in_transaction[2:])
    receipt = chain.ok(account, None, initcode, gas=DEPLOY_GAS)
    return W3.eth.contract(address=to_checksum_address(receipt["contractAddress"]), abi=out["abi"])


class Rollup:
    """The L1 contracts wired as genesis wires them, with test accounts in the L2 roles."""

    def __init__(self, chain: Chain, dev0, genesis_style: bool = False):
        """genesis_style: runtime code placed with anvil_setCode instead of deployments."""
        self.chain = chain
        self.admin = dev0
        self.proposer = fresh_account(chain, dev0, "bridge proposer")
        self.l2_messenger = fresh_account(chain, dev0, "bridge fake L2 messenger")
        if genesis_style:
            def make(name: str):
                artifact = compile_vyper(L1_CONTRACTS / name)
                return place_runtime(chain, name, artifact.runtime, artifact.abi)
            out = vyper.compile_code(MESSAGE_PASSER, output_formats=["abi", "bytecode_runtime"],
                                     settings=Settings(evm_version=EVM_VERSION))
            self.passer = place_runtime(chain, "passer", bytes.fromhex(out["bytecode_runtime"][2:]), out["abi"])
        else:
            def make(name: str):
                return chain.deploy(dev0, name)[1]
            self.passer = deploy_source(chain, dev0, MESSAGE_PASSER)
        self.scc, self.ctc, self.messenger, self.bridge, self.token = (
            make(name) for name in ("StateCommitmentChain.vy", "CanonicalTransactionChain.vy",
                                    "L1CrossDomainMessenger.vy", "L1StandardBridge.vy", "MetisToken.vy"))
        chain.ok(dev0, self.scc.address, cd(self.scc, "initialize", dev0.address, self.proposer.address,
                                            dev0.address, FRAUD_PROOF_WINDOW))
        chain.ok(dev0, self.token.address, cd(self.token, "initialize", dev0.address))
        chain.ok(dev0, self.ctc.address, cd(self.ctc, "initialize", dev0.address, self.messenger.address))
        chain.ok(dev0, self.messenger.address,
                 cd(self.messenger, "initialize", dev0.address, self.ctc.address, self.scc.address,
                    self.l2_messenger.address, self.passer.address))
        chain.ok(dev0, self.bridge.address,
                 cd(self.bridge, "initialize", dev0.address, self.messenger.address, L2_BRIDGE))
        self.target = deploy_source(chain, dev0, TARGET, self.messenger.address)

    def queue_length(self) -> int:
        return view(self.chain, self.ctc, "getQueueLength")[0]

    def pass_message(self, target: str, sender: str, message: bytes, nonce: int):
        """Plays the L2 messenger: records the message in the stand-in message passer.
        Returns (relay calldata, block number of the record)."""
        calldata = relay_calldata(target, sender, message, nonce)
        receipt = self.chain.ok(self.l2_messenger, self.passer.address, cd(self.passer, "passMessageToL1", calldata))
        return calldata, receipt["blockNumber"]

    def commit(self, roots: list[bytes]) -> tuple:
        """Appends a state batch (we are the proposer) and returns its ChainBatchHeader."""
        start = view(self.chain, self.scc, "getTotalElements")[0]
        receipt = self.chain.ok(self.proposer, self.scc.address, cd(self.scc, "appendStateBatch", roots, start))
        (event,) = [log for log in receipt["logs"] if log["topics"][0] == topic(
            "StateBatchAppended(uint256,bytes32,uint256,uint256,bytes)")]
        root, size, prev, extra = abi_decode(["bytes32", "uint256", "uint256", "bytes"], bytes.fromhex(event["data"][2:]))
        return (word(event["topics"][1]), root, size, prev, extra)

    def proof_at(self, calldata: bytes, block: str, padding: int = 2) -> tuple:
        """The relayMessage proof of a message recorded at `block`: its state root committed as
        element `padding` of a new batch of padding + 2 roots, and eth_getProof's node lists."""
        state_root = bytes.fromhex(self.chain.rpc("eth_getBlockByNumber", block, False)["stateRoot"][2:])
        slot = sent_messages_slot(calldata, self.l2_messenger.address)
        answer = self.chain.rpc("eth_getProof", self.passer.address, ["0x" + slot.hex()], block)
        assert int(answer["storageProof"][0]["value"], 16) == 1
        roots = [keccak(text=f"other root {block} {i}") for i in range(padding)] + [state_root, keccak(text="after")]
        header = self.commit(roots)
        assert header[1] == merkle_root(roots)
        account_proof = [bytes.fromhex(n[2:]) for n in answer["accountProof"]]
        storage_proof = [bytes.fromhex(n[2:]) for n in answer["storageProof"][0]["proof"]]
        return (state_root, header, (padding, merkle_proof(roots, padding)), account_proof, storage_proof)


@pytest.fixture(scope="module")
def chain(l1rpc) -> Chain:
    return Chain(l1rpc)


@pytest.fixture(scope="module")
def dev0():
    return Account.from_key(DEV0_KEY)


@pytest.fixture(scope="module")
def rollup(chain, dev0) -> Rollup:
    return Rollup(chain, dev0)


def refused_with(chain: Chain, account, to: str, data: bytes, reason: str, gas: int = RELAY_GAS) -> None:
    """eth_call reverts with exactly `reason`; the transaction is mined with status 0."""
    with pytest.raises(RpcError) as err:
        chain.call(to, data, account.address)
    assert reason_in_data(err.value.data, reason), (err.value.message, err.value.data)
    assert chain.send(account, to, data, gas=gas)["status"] == "0x0"


# --- initialize ----------------------------------------------------------------------------------

def test_initialize_once_and_settings(chain, dev0, rollup):
    assert view(chain, rollup.ctc, "messenger") == (rollup.messenger.address,)
    assert view(chain, rollup.ctc, "owner") == (dev0.address,)
    assert view(chain, rollup.messenger, "ctc") == (rollup.ctc.address,)
    assert view(chain, rollup.messenger, "scc") == (rollup.scc.address,)
    assert view(chain, rollup.messenger, "l2Messenger") == (rollup.l2_messenger.address,)
    assert view(chain, rollup.messenger, "messagePasser") == (rollup.passer.address,)
    assert view(chain, rollup.bridge, "messenger") == (rollup.messenger.address,)
    assert view(chain, rollup.bridge, "l2TokenBridge") == (L2_BRIDGE,)
    refused_with(chain, dev0, rollup.ctc.address, cd(rollup.ctc, "initialize", dev0.address, dev0.address),
                 "CanonicalTransactionChain: already initialized")
    refused_with(chain, dev0, rollup.messenger.address,
                 cd(rollup.messenger, "initialize", dev0.address, dev0.address, dev0.address, dev0.address, dev0.address),
                 "L1CrossDomainMessenger: already initialized")
    refused_with(chain, dev0, rollup.bridge.address, cd(rollup.bridge, "initialize", dev0.address, dev0.address, dev0.address),
                 "L1StandardBridge: already initialized")
    # outside a relay there is no cross-domain sender
    with pytest.raises(RpcError) as err:
        chain.call(rollup.messenger.address, cd(rollup.messenger, "xDomainMessageSender"))
    assert reason_in_data(err.value.data, "xDomainMessageSender is not set")
    # only the messenger enqueues
    refused_with(chain, dev0, rollup.ctc.address, cd(rollup.ctc, "enqueue", dev0.address, 100_000, b"x"),
                 "CanonicalTransactionChain: caller is not the messenger")


# --- L1 -> L2 ------------------------------------------------------------------------------------

def enqueued(receipt: dict) -> tuple:
    (log,) = [log for log in receipt["logs"] if log["topics"][0] == TRANSACTION_ENQUEUED]
    gas_limit, data, timestamp = abi_decode(["uint256", "bytes", "uint256"], bytes.fromhex(log["data"][2:]))
    origin, target, index = (word(t) for t in log["topics"][1:])
    return origin, target, gas_limit, data, index, timestamp


def block_time(chain: Chain, receipt: dict) -> int:
    return int(chain.rpc("eth_getBlockByNumber", receipt["blockNumber"], False)["timestamp"], 16)


def test_send_message_enqueues_the_l2_relay_call(chain, dev0, rollup):
    sender = fresh_account(chain, dev0, "bridge message sender")
    index = rollup.queue_length()
    assert view(chain, rollup.messenger, "messageNonce") == (index,)
    target = "0x1234567890123456789012345678901234567890"
    message = b"\x01\x02 hello L2" * 7
    receipt = chain.ok(sender, rollup.messenger.address, cd(rollup.messenger, "sendMessage", target, message, 1_500_000))
    origin, to, gas_limit, data, queue_index, timestamp = enqueued(receipt)
    assert origin == int(rollup.messenger.address, 16)
    assert to == int(rollup.l2_messenger.address, 16)
    assert (gas_limit, queue_index, timestamp) == (1_500_000, index, block_time(chain, receipt))
    assert data == relay_calldata(target, sender.address, message, index)
    (sent,) = [log for log in receipt["logs"] if log["topics"][0] == SENT_MESSAGE]
    assert sent["topics"][1] == address_topic(target)
    assert abi_decode(["address", "bytes", "uint256", "uint256"], bytes.fromhex(sent["data"][2:])) == \
        (sender.address.lower(), message, index, 1_500_000)
    assert rollup.queue_length() == index + 1
    element = view(chain, rollup.ctc, "getQueueElement", index)[0]
    assert element[0] == keccak(abi_encode(["address", "address", "uint256", "bytes"],
                                           [rollup.messenger.address, rollup.l2_messenger.address, 1_500_000, data]))
    assert element[1:] == (block_time(chain, receipt), int(receipt["blockNumber"], 16))
    # a gas limit above the rollup maximum is refused by the CTC
    refused_with(chain, sender, rollup.messenger.address, cd(rollup.messenger, "sendMessage", target, b"", 15_000_001),
                 "Transaction gas limit exceeds maximum for rollup transaction.")


def test_eth_deposits(chain, dev0, rollup):
    user = fresh_account(chain, dev0, "bridge eth depositor")
    receiver = to_checksum_address("0x00000000000000000000000000000000000a11ce")
    bridge_before = int(chain.rpc("eth_getBalance", rollup.bridge.address, "latest"), 16)
    cases = [
        ("depositETH", (300_000, b"note"), user.address, 2 * ETH // 10, 300_000, b"note"),
        ("depositETHTo", (receiver, 250_000, b""), receiver, 3 * ETH // 10, 250_000, b""),
    ]
    total = 0
    for fn, args, to, amount, gas, data in cases:
        index = rollup.queue_length()
        receipt = chain.ok(user, rollup.bridge.address, cd(rollup.bridge, fn, *args), value=amount)
        total += amount
        origin, l2_target, gas_limit, enqueued_data, queue_index, _ = enqueued(receipt)
        expected = relay_calldata(L2_BRIDGE, rollup.bridge.address,
                                  finalize_deposit(ZERO, NATIVE_TOKEN, user.address, to, amount, data), index)
        assert enqueued_data == expected
        assert (origin, l2_target, gas_limit, queue_index) == \
            (int(rollup.messenger.address, 16), int(rollup.l2_messenger.address, 16), gas, index)
        (event,) = [log for log in receipt["logs"] if log["topics"][0] == ETH_DEPOSIT_INITIATED]
        assert event["topics"][1:] == [address_topic(user.address), address_topic(to)]
        assert abi_decode(["uint256", "bytes"], bytes.fromhex(event["data"][2:])) == (amount, data)
        assert rollup.queue_length() == index + 1

    # a plain transfer is a deposit to the sender with 200,000 L2 gas
    index = rollup.queue_length()
    receipt = chain.ok(user, rollup.bridge.address, b"", value=ETH // 10, gas=300_000)
    total += ETH // 10
    _, _, gas_limit, data, queue_index, _ = enqueued(receipt)
    assert (gas_limit, queue_index) == (200_000, index)
    assert data == relay_calldata(L2_BRIDGE, rollup.bridge.address,
                                  finalize_deposit(ZERO, NATIVE_TOKEN, user.address, user.address, ETH // 10, b""), index)
    assert int(chain.rpc("eth_getBalance", rollup.bridge.address, "latest"), 16) == bridge_before + total

    # data longer than the L2 bridge accepts (1,024 bytes) is refused on the L1 already
    with pytest.raises(RpcError):
        chain.rpc("eth_call", {"from": user.address, "to": rollup.bridge.address, "value": hex(ETH),
                               "data": "0x" + cd(rollup.bridge, "depositETH", 200_000, b"\x01" * 1025).hex()}, "latest")
    chain.call(rollup.bridge.address, cd(rollup.bridge, "depositETHTo", user.address, 200_000, b"\x01" * 1024), user.address)

    # a contract may not deposit to its own address on the L2, but may name a receiver
    depositor = deploy_source(chain, dev0, CONTRACT_DEPOSITOR)
    with pytest.raises(RpcError) as err:
        chain.rpc("eth_call", {"from": user.address, "to": depositor.address, "value": hex(ETH),
                               "data": "0x" + cd(depositor, "deposit", rollup.bridge.address).hex()}, "latest")
    assert reason_in_data(err.value.data, "Account not EOA")
    index = rollup.queue_length()
    receipt = chain.ok(user, depositor.address, cd(depositor, "depositTo", rollup.bridge.address, user.address),
                       value=ETH // 20, gas=500_000)
    assert enqueued(receipt)[3] == relay_calldata(
        L2_BRIDGE, rollup.bridge.address,
        finalize_deposit(ZERO, NATIVE_TOKEN, depositor.address, user.address, ETH // 20, b""), index)


def test_erc20_deposits(chain, dev0, rollup):
    user = fresh_account(chain, dev0, "bridge erc20 depositor")
    token = rollup.token
    l2_token = to_checksum_address("0x00000000000000000000000000000000000c0ffe")
    chain.ok(dev0, token.address, cd(token, "mint", user.address, 1_000 * ETH))
    # without an allowance the transferFrom fails
    refused_with(chain, user, rollup.bridge.address,
                 cd(rollup.bridge, "depositERC20", token.address, l2_token, 5 * ETH, 200_000, b""),
                 "MetisToken: insufficient allowance")
    chain.ok(user, token.address, cd(token, "approve", rollup.bridge.address, 100 * ETH))
    # the native coin only moves with depositETH
    for l1, l2 in ((token.address, NATIVE_TOKEN), (ZERO, l2_token)):
        refused_with(chain, user, rollup.bridge.address, cd(rollup.bridge, "depositERC20", l1, l2, ETH, 200_000, b""),
                     "L1StandardBridge: use depositETH for the native coin")
    before = view(chain, rollup.bridge, "deposits", token.address, l2_token)[0]
    receiver = to_checksum_address("0x000000000000000000000000000000000000b0b0")
    for fn, args, to, amount, data in (
            ("depositERC20", (token.address, l2_token, 5 * ETH, 200_000, b"\xff" * 40), user.address, 5 * ETH, b"\xff" * 40),
            ("depositERC20To", (token.address, l2_token, receiver, 7 * ETH, 200_000, b""), receiver, 7 * ETH, b"")):
        index = rollup.queue_length()
        receipt = chain.ok(user, rollup.bridge.address, cd(rollup.bridge, fn, *args))
        _, l2_target, gas_limit, enqueued_data, queue_index, _ = enqueued(receipt)
        assert (l2_target, gas_limit, queue_index) == (int(rollup.l2_messenger.address, 16), 200_000, index)
        assert enqueued_data == relay_calldata(
            L2_BRIDGE, rollup.bridge.address, finalize_deposit(token.address, l2_token, user.address, to, amount, data), index)
        (event,) = [log for log in receipt["logs"] if log["topics"][0] == ERC20_DEPOSIT_INITIATED]
        assert event["topics"][1:] == [address_topic(token.address), address_topic(l2_token), address_topic(user.address)]
        assert abi_decode(["address", "uint256", "bytes"], bytes.fromhex(event["data"][2:])) == (to.lower(), amount, data)
    assert view(chain, rollup.bridge, "deposits", token.address, l2_token) == (before + 12 * ETH,)
    assert view(chain, token, "balanceOf", rollup.bridge.address)[0] >= 12 * ETH
    assert view(chain, token, "balanceOf", user.address) == (988 * ETH,)


# --- the Merkle-Patricia verifier ----------------------------------------------------------------

def trie(chain, rollup, root: bytes, key: bytes, proof: list[bytes]) -> tuple:
    return view(chain, rollup.messenger, "verifyTrieProof", root, key, proof)


def test_hashmap_slot_formula_matches_the_chain(chain, rollup):
    calldata, block = rollup.pass_message(rollup.target.address, "0x" + "11" * 20, b"slot check", 9_999)
    slot = sent_messages_slot(calldata, rollup.l2_messenger.address)
    assert chain.rpc("eth_getStorageAt", rollup.passer.address, "0x" + slot.hex(), block) == "0x" + "00" * 31 + "01"
    # Solidity's order (key first) is not where Vyper keeps it
    entry = keccak(calldata + bytes.fromhex(rollup.l2_messenger.address[2:]))
    assert int(chain.rpc("eth_getStorageAt", rollup.passer.address, "0x" + keccak(entry + b"\x00" * 32).hex(), block), 16) == 0
    assert view(chain, rollup.passer, "sentMessages", entry) == (True,)


def test_trie_proofs_from_eth_get_proof(chain, rollup):
    calldata, block = rollup.pass_message(rollup.target.address, "0x" + "22" * 20, b"trie", 1)
    state_root = bytes.fromhex(chain.rpc("eth_getBlockByNumber", block, False)["stateRoot"][2:])
    slot = sent_messages_slot(calldata, rollup.l2_messenger.address)
    answer = chain.rpc("eth_getProof", rollup.passer.address, ["0x" + slot.hex()], block)
    account_proof = [bytes.fromhex(n[2:]) for n in answer["accountProof"]]
    storage_proof = [bytes.fromhex(n[2:]) for n in answer["storageProof"][0]["proof"]]
    account_key = keccak(bytes.fromhex(rollup.passer.address[2:]))
    storage_root = bytes.fromhex(answer["storageHash"][2:])

    # the account: RLP([nonce, balance, storageRoot, codeHash]) of eth_getProof's fields
    expected_account = rlp.encode([int(answer["nonce"], 16), int(answer["balance"], 16), storage_root,
                                   bytes.fromhex(answer["codeHash"][2:])])
    assert trie(chain, rollup, state_root, account_key, account_proof) == (0, expected_account)
    # the entry: RLP(1)
    assert trie(chain, rollup, storage_root, keccak(slot), storage_proof) == (0, rlp.encode(1))

    # a key that is absent: eth_getProof's exclusion proof shows it absent
    absent = keccak(b"\x00" * 32 + keccak(b"never sent"))
    answer2 = chain.rpc("eth_getProof", rollup.passer.address, ["0x" + absent.hex()], block)
    assert int(answer2["storageProof"][0]["value"], 16) == 0
    exclusion = [bytes.fromhex(n[2:]) for n in answer2["storageProof"][0]["proof"]]
    assert trie(chain, rollup, storage_root, keccak(absent), exclusion) == (1, b"")

    # refused: a wrong key, a tampered node, a wrong root, a truncated or padded proof, another
    # account's proof
    assert trie(chain, rollup, storage_root, keccak(absent), storage_proof)[0] in (1, 2)
    assert trie(chain, rollup, state_root, keccak(b"\x01" * 20), account_proof)[0] in (1, 2)
    for i in range(len(account_proof)):
        tampered = list(account_proof)
        node = bytearray(tampered[i])
        node[len(node) // 2] ^= 0x01
        tampered[i] = bytes(node)
        assert trie(chain, rollup, state_root, account_key, tampered) == (2, b"")
    tampered = list(storage_proof)
    tampered[-1] = tampered[-1][:-1] + bytes([tampered[-1][-1] ^ 0x03])
    assert trie(chain, rollup, storage_root, keccak(slot), tampered) == (2, b"")
    assert trie(chain, rollup, keccak(b"another root"), account_key, account_proof) == (2, b"")
    assert trie(chain, rollup, state_root, account_key, account_proof[:-1]) == (2, b"")
    assert trie(chain, rollup, state_root, account_key, account_proof + [account_proof[-1]]) == (2, b"")
    assert trie(chain, rollup, state_root, account_key, []) == (2, b"")
    other = chain.rpc("eth_getProof", rollup.messenger.address, [], block)
    assert trie(chain, rollup, state_root, account_key,
                [bytes.fromhex(n[2:]) for n in other["accountProof"]])[0] in (1, 2)


def node_kind(node: bytes) -> str:
    items = rlp.decode(node)
    if len(items) == 17:
        return "branch"
    flag = items[0][0] >> 4
    return ("extension", "extension", "leaf", "leaf")[flag] + ("-odd" if flag % 2 else "-even")


def trie_path(entry: bytes) -> str:
    """The storage-trie path (hex nibbles) of sentMessages[entry]."""
    return keccak(keccak(b"\x00" * 32 + entry)).hex()


def with_even_extension(entries: list[bytes]) -> list[bytes]:
    """Adds one entry that shares exactly its first 4 path nibbles with an entry that no other
    entry shares 2 nibbles with: below their branch at depth 2 they hang under an extension of
    2 nibbles (random keys rarely give one)."""
    paths = [trie_path(e) for e in entries]
    prefixes = [p[:2] for p in paths]
    k = next(p for p in paths if prefixes.count(p[:2]) == 1)
    for i in range(10**7):
        extra = keccak(text=f"extra {i}")
        path = trie_path(extra)
        if path[:4] == k[:4] and path[4] != k[4]:
            return entries + [extra]
    raise AssertionError("no such entry")


def test_trie_proofs_through_extension_nodes(chain, dev0, rollup):
    many = deploy_source(chain, dev0, MANY_ENTRIES)
    entries = with_even_extension([keccak(i.to_bytes(32, "big")) for i in range(300)])
    receipt = chain.ok(dev0, many.address, cd(many, "fill", entries), gas=15_000_000)
    block = receipt["blockNumber"]
    slots = [keccak(b"\x00" * 32 + e) for e in entries]
    answer = chain.rpc("eth_getProof", many.address, ["0x" + s.hex() for s in slots], block)
    root = bytes.fromhex(answer["storageHash"][2:])
    kinds: dict[str, list[int]] = {}
    for i, entry in enumerate(answer["storageProof"]):
        assert int(entry["value"], 16) == 1
        proof = [bytes.fromhex(n[2:]) for n in entry["proof"]]
        for kind in {node_kind(n) for n in proof}:
            kinds.setdefault(kind, []).append(i)
    # the shapes this trie must exercise
    assert {"branch", "extension-even", "extension-odd", "leaf-odd", "leaf-even"} <= set(kinds), kinds.keys()
    chosen = set(kinds["extension-even"][:4] + kinds["extension-odd"][:4] + kinds["leaf-even"][:3] + kinds["leaf-odd"][:3])
    for i in sorted(chosen):
        proof = [bytes.fromhex(n[2:]) for n in answer["storageProof"][i]["proof"]]
        assert trie(chain, rollup, root, keccak(slots[i]), proof) == (0, rlp.encode(1))
        # a neighbour's key is refused with this proof
        assert trie(chain, rollup, root, keccak(slots[(i + 1) % len(slots)]), proof)[0] != 0
    # absent keys: exclusion proofs through the same nodes
    absent = [keccak(b"\x00" * 32 + keccak(i.to_bytes(32, "big"))) for i in range(300, 320)]
    answer = chain.rpc("eth_getProof", many.address, ["0x" + s.hex() for s in absent], block)
    for slot, entry in zip(absent, answer["storageProof"]):
        assert int(entry["value"], 16) == 0
        proof = [bytes.fromhex(n[2:]) for n in entry["proof"]]
        assert trie(chain, rollup, root, keccak(slot), proof) == (1, b"")


def hex_prefix(nibbles: str, leaf: bool) -> bytes:
    """Yellow Paper appendix C: flag nibble (2 for a leaf, +1 for an odd length), padded."""
    flag = (2 if leaf else 0) + len(nibbles) % 2
    return bytes.fromhex((f"{flag}" if len(nibbles) % 2 else f"{flag}0") + nibbles)


def test_hand_built_trie_and_inline_nodes(chain, rollup):
    """A trie built here from the Yellow Paper rules: two keys sharing 8 nibbles under an
    extension and a branch. With 32-byte values the leaves are hashed nodes and both keys are
    found; with the value 1 each leaf is 31 bytes, embedded in the branch, and the verifier
    refuses it as an inline node (status 3)."""
    shared = "12345678"
    keys = [shared + "a" + "0123456789abcdef" * 3 + "0123456", shared + "b" + "fedcba9876543210" * 3 + "fedcba9"]
    assert all(len(k) == 64 for k in keys)

    def build(values: list[bytes], inline: bool):
        leaves = [[hex_prefix(k[9:], True), v] for k, v in zip(keys, values)]
        branch = [b""] * 17
        for k, leaf in zip(keys, leaves):
            branch[int(k[8], 16)] = leaf if inline else keccak(rlp.encode(leaf))
        extension = [hex_prefix(shared, False), keccak(rlp.encode(branch))]
        return keccak(rlp.encode(extension)), [rlp.encode(extension), rlp.encode(branch)], [rlp.encode(l) for l in leaves]

    values = [rlp.encode(keccak(text=f"value {i}")) for i in range(2)]
    root, path, leaves = build(values, inline=False)
    for key, value, leaf in zip(keys, values, leaves):
        assert trie(chain, rollup, root, bytes.fromhex(key), path + [leaf]) == (0, value)
    # a third key under the branch's empty slot: absent; under a different extension path: absent
    assert trie(chain, rollup, root, bytes.fromhex(shared + "c" + "0" * 55), path) == (1, b"")
    assert trie(chain, rollup, root, bytes.fromhex("1234567f" + "0" * 56), path[:1]) == (1, b"")
    # the leaf of one key with the other key: refused
    assert trie(chain, rollup, root, bytes.fromhex(keys[0]), path + [leaves[1]]) == (2, b"")

    root, path, leaves = build([rlp.encode(1), rlp.encode(1)], inline=True)
    assert len(leaves[0]) == 31
    assert trie(chain, rollup, root, bytes.fromhex(keys[0]), path) == (3, b"")


# --- L2 -> L1 relays -----------------------------------------------------------------------------

def relay_data(rollup, target, sender, message, nonce, proof) -> bytes:
    return cd(rollup.messenger, "relayMessage", target, sender, message, nonce, proof)


def test_relay_waits_for_the_window_then_calls_the_target_once(chain, dev0, rollup):
    relayer = fresh_account(chain, dev0, "bridge relayer")
    l2_sender = to_checksum_address("0x00000000000000000000000000000000000012a1")
    message = cd(rollup.target, "receiveMessage", 4242)
    nonce = 7
    calldata, block = rollup.pass_message(rollup.target.address, l2_sender, message, nonce)
    proof = rollup.proof_at(calldata, block)
    data = relay_data(rollup, rollup.target.address, l2_sender, message, nonce, proof)

    # a proof that does not hold is refused as such, even inside the window
    state_root, header, inclusion, account_proof, storage_proof = proof
    bad_storage = list(storage_proof)
    bad_storage[-1] = bad_storage[-1][:-1] + b"\x02"
    for bad in (
        relay_data(rollup, rollup.target.address, l2_sender, message, nonce + 1, proof),           # another nonce
        relay_data(rollup, rollup.target.address, dev0.address, message, nonce, proof),            # another sender
        relay_data(rollup, rollup.target.address, l2_sender, message, nonce,
                   (state_root, header, inclusion, account_proof, bad_storage)),                   # tampered leaf
        relay_data(rollup, rollup.target.address, l2_sender, message, nonce,
                   (state_root, header, (inclusion[0] + 1, inclusion[1]), account_proof, storage_proof)),  # wrong index
        relay_data(rollup, rollup.target.address, l2_sender, message, nonce,
                   (state_root, (header[0], keccak(b"x"), *header[2:]), inclusion, account_proof, storage_proof)),  # header
        relay_data(rollup, rollup.target.address, l2_sender, message, nonce,
                   (state_root, header, inclusion, storage_proof, storage_proof)),                 # not an account proof
    ):
        refused_with(chain, relayer, rollup.messenger.address, bad, NOT_VERIFIED)

    # the right proof, too early
    refused_with(chain, relayer, rollup.messenger.address, data, INSIDE_WINDOW)

    chain.advance(FRAUD_PROOF_WINDOW + 1)
    calls = view(chain, rollup.target, "calls")[0]
    receipt = chain.ok(relayer, rollup.messenger.address, data, gas=RELAY_GAS)
    gas_used = int(receipt["gasUsed"], 16)
    print(f"relayMessage gas used: {gas_used}")
    assert gas_used < 1_000_000, gas_used
    msg_hash = keccak(calldata)
    relayed = [log for log in receipt["logs"] if log["topics"][0] == RELAYED_MESSAGE]
    assert [log["topics"][1] for log in relayed] == ["0x" + msg_hash.hex()]
    assert view(chain, rollup.target, "calls") == (calls + 1,)
    assert view(chain, rollup.target, "lastValue") == (4242,)
    assert view(chain, rollup.target, "lastSender") == (to_checksum_address(l2_sender),)
    assert view(chain, rollup.messenger, "successfulMessages", msg_hash) == (True,)
    # after the relay the sender is unset again
    with pytest.raises(RpcError):
        chain.call(rollup.messenger.address, cd(rollup.messenger, "xDomainMessageSender"))

    refused_with(chain, relayer, rollup.messenger.address, data, ALREADY_RECEIVED)
    assert view(chain, rollup.target, "calls") == (calls + 1,)


def test_a_failing_target_can_be_relayed_again(chain, dev0, rollup):
    relayer = fresh_account(chain, dev0, "bridge relayer 2")
    message = cd(rollup.target, "fail", 1)
    calldata, block = rollup.pass_message(rollup.target.address, dev0.address, message, 8)
    proof = rollup.proof_at(calldata, block, padding=0)
    system_message = cd(rollup.ctc, "enqueue", dev0.address, 1, b"")
    system_calldata, system_block = rollup.pass_message(rollup.ctc.address, dev0.address, system_message, 9)
    system_proof = rollup.proof_at(system_calldata, system_block, padding=1)
    chain.advance(FRAUD_PROOF_WINDOW + 1)
    refused_with(chain, relayer, rollup.messenger.address,
                 relay_data(rollup, rollup.ctc.address, dev0.address, system_message, 9, system_proof),
                 "Cannot send L2->L1 messages to L1 system contracts.")
    data = relay_data(rollup, rollup.target.address, dev0.address, message, 8, proof)
    receipt = chain.ok(relayer, rollup.messenger.address, data, gas=RELAY_GAS)
    failed = [log for log in receipt["logs"] if log["topics"][0] == FAILED_RELAYED_MESSAGE]
    assert [log["topics"][1] for log in failed] == ["0x" + keccak(calldata).hex()]
    assert view(chain, rollup.messenger, "successfulMessages", keccak(calldata)) == (False,)
    assert chain.ok(relayer, rollup.messenger.address, data, gas=RELAY_GAS)["logs"][0]["topics"][0] == FAILED_RELAYED_MESSAGE


def test_withdrawals_are_paid_out(chain, dev0, rollup):
    relayer = fresh_account(chain, dev0, "bridge relayer 3")
    # the bridge holds ETH from a deposit
    chain.ok(dev0, rollup.bridge.address, cd(rollup.bridge, "depositETH", 200_000, b""), value=2 * ETH)
    receiver = Account.from_key(keccak(text=f"bridge withdrawal receiver {rollup.bridge.address}")).address
    withdrawer = to_checksum_address("0x000000000000000000000000000000000000dad0")
    amount = 3 * ETH // 4

    # a direct call, or a relay whose L2 sender is not the L2 bridge, pays nothing
    refused_with(chain, dev0, rollup.bridge.address,
                 cd(rollup.bridge, "finalizeETHWithdrawal", withdrawer, receiver, amount, b""),
                 "OVM_XCHAIN: messenger contract unauthenticated")
    eth_message = finalize_eth_withdrawal(withdrawer, receiver, amount, b"w")
    forged_calldata, forged_block = rollup.pass_message(rollup.bridge.address, withdrawer, eth_message, 20)
    calldata, block = rollup.pass_message(rollup.bridge.address, L2_BRIDGE, eth_message, 21)

    l2_token = to_checksum_address("0x00000000000000000000000000000000000c0ffe")
    chain.ok(dev0, rollup.token.address, cd(rollup.token, "mint", dev0.address, 10 * ETH))
    chain.ok(dev0, rollup.token.address, cd(rollup.token, "approve", rollup.bridge.address, 10 * ETH))
    chain.ok(dev0, rollup.bridge.address, cd(rollup.bridge, "depositERC20", rollup.token.address, l2_token, 10 * ETH, 200_000, b""))
    deposits = view(chain, rollup.bridge, "deposits", rollup.token.address, l2_token)[0]
    erc20_message = finalize_erc20_withdrawal(rollup.token.address, l2_token, withdrawer, receiver, 4 * ETH, b"")
    erc20_calldata, erc20_block = rollup.pass_message(rollup.bridge.address, L2_BRIDGE, erc20_message, 22)

    proofs = [rollup.proof_at(c, b) for c, b in
              ((forged_calldata, forged_block), (calldata, block), (erc20_calldata, erc20_block))]
    chain.advance(FRAUD_PROOF_WINDOW + 1)

    receipt = chain.ok(relayer, rollup.messenger.address,
                       relay_data(rollup, rollup.bridge.address, withdrawer, eth_message, 20, proofs[0]), gas=RELAY_GAS)
    assert [log["topics"][0] for log in receipt["logs"]] == [FAILED_RELAYED_MESSAGE]
    assert int(chain.rpc("eth_getBalance", receiver, "latest"), 16) == 0

    bridge_before = int(chain.rpc("eth_getBalance", rollup.bridge.address, "latest"), 16)
    receipt = chain.ok(relayer, rollup.messenger.address,
                       relay_data(rollup, rollup.bridge.address, L2_BRIDGE, eth_message, 21, proofs[1]), gas=RELAY_GAS)
    assert int(chain.rpc("eth_getBalance", receiver, "latest"), 16) == amount
    assert int(chain.rpc("eth_getBalance", rollup.bridge.address, "latest"), 16) == bridge_before - amount
    (event,) = [log for log in receipt["logs"] if log["topics"][0] == ETH_WITHDRAWAL_FINALIZED]
    assert event["topics"][1:] == [address_topic(withdrawer), address_topic(receiver)]
    assert abi_decode(["uint256", "bytes"], bytes.fromhex(event["data"][2:])) == (amount, b"w")
    assert receipt["logs"][-1]["topics"] == [RELAYED_MESSAGE, "0x" + keccak(calldata).hex()]
    assert int(receipt["gasUsed"], 16) < 1_000_000

    receipt = chain.ok(relayer, rollup.messenger.address,
                       relay_data(rollup, rollup.bridge.address, L2_BRIDGE, erc20_message, 22, proofs[2]), gas=RELAY_GAS)
    assert view(chain, rollup.token, "balanceOf", receiver) == (4 * ETH,)
    assert view(chain, rollup.bridge, "deposits", rollup.token.address, l2_token) == (deposits - 4 * ETH,)
    (event,) = [log for log in receipt["logs"] if log["topics"][0] == ERC20_WITHDRAWAL_FINALIZED]
    assert event["topics"][1:] == [address_topic(rollup.token.address), address_topic(l2_token), address_topic(withdrawer)]
    assert abi_decode(["address", "uint256", "bytes"], bytes.fromhex(event["data"][2:])) == (receiver.lower(), 4 * ETH, b"")


def test_genesis_style_runtime_code_and_initialize(chain, dev0):
    """The contracts as genesis sets them up: runtime code placed (no constructor) and initialize
    called; a deposit is enqueued and a withdrawal relayed and paid."""
    rollup = Rollup(chain, dev0, genesis_style=True)
    assert chain.rpc("eth_getCode", rollup.messenger.address, "latest") == \
        "0x" + compile_vyper(L1_CONTRACTS / "L1CrossDomainMessenger.vy").runtime.hex()
    receipt = chain.ok(dev0, rollup.bridge.address, cd(rollup.bridge, "depositETH", 200_000, b""), value=ETH)
    assert enqueued(receipt)[3] == relay_calldata(
        L2_BRIDGE, rollup.bridge.address, finalize_deposit(ZERO, NATIVE_TOKEN, dev0.address, dev0.address, ETH, b""), 0)
    receiver = Account.from_key(keccak(text=f"genesis-style receiver {rollup.bridge.address}")).address
    message = finalize_eth_withdrawal(dev0.address, receiver, ETH // 3, b"")
    calldata, block = rollup.pass_message(rollup.bridge.address, L2_BRIDGE, message, 0)
    proof = rollup.proof_at(calldata, block, padding=5)
    chain.advance(FRAUD_PROOF_WINDOW + 1)
    relayer = fresh_account(chain, dev0, "genesis-style relayer")
    receipt = chain.ok(relayer, rollup.messenger.address,
                       relay_data(rollup, rollup.bridge.address, L2_BRIDGE, message, 0, proof), gas=RELAY_GAS)
    assert receipt["logs"][-1]["topics"] == [RELAYED_MESSAGE, "0x" + keccak(calldata).hex()]
    assert int(chain.rpc("eth_getBalance", receiver, "latest"), 16) == ETH // 3
