# pragma version ~=0.4.3
"""
@title L1CrossDomainMessenger
@notice Messages between the devnet's L1 and its L2, after Metis' / Optimism OVM 2.0's
        L1CrossDomainMessenger. Function names, the relay calldata, the message hashes, the
        events and the revert strings follow Optimism; the code (including the Merkle-Patricia
        proof verifier) is written for metis-devnet.

        L1→L2: sendMessage(target, message, gasLimit) enqueues, in the CanonicalTransactionChain,
        a call of the L2CrossDomainMessenger with
            relayCalldata = abi.encodeWithSignature("relayMessage(address,address,bytes,uint256)",
                                                    target, msg.sender, message, nonce)
        where nonce is the CTC queue index of that element.

        L2→L1: relayMessage(target, sender, message, messageNonce, proof) accepts a message that
        the L2CrossDomainMessenger passed to L2ToL1MessagePasser (0x4200…0000), i.e. one for which
            sentMessages[keccak256(relayCalldata ‖ l2Messenger)] == True      (‖ = 20-byte address)
        in the L2 state, with relayCalldata as above (sender = the L2 sender). It checks:
          1. the state root is element proof.stateRootProof.index of the committed SCC batch
             proof.stateRootBatchHeader (StateCommitmentChain.verifyStateCommitment);
          2. proof.accountProof (eth_getProof's accountProof: RLP trie nodes, root first) proves the
             account of messagePasser under that state root (key keccak256(address), leaf value
             RLP([nonce, balance, storageRoot, codeHash]));
          3. proof.storageProof (eth_getProof's storageProof[0].proof) proves a nonzero value at
             the storage slot of that sentMessages entry under storageRoot (key keccak256(slot));
             Vyper 0.4.3 keeps HashMap entry `m[k]` of a HashMap at slot p at
             slot = keccak256(p as 32 bytes ‖ k as 32 bytes); sentMessages is at p = 0, so
             slot = keccak256(0x00…00 ‖ keccak256(relayCalldata ‖ l2Messenger))
             (Solidity orders the two words the other way round);
          4. the batch is outside the fraud-proof window;
          5. the message (keccak256(relayCalldata)) was not relayed successfully before.
        Then it calls target with message, with xDomainMessageSender() == sender during the call.

        Merkle-Patricia proofs (Yellow Paper appendix D): nodes are RLP lists, a branch has 17
        items, an extension or a leaf 2 items with a hex-prefix encoded path (flag nibble 0/1:
        extension with an even/odd path, 2/3: leaf). Every node of a proof must hash to the
        reference the previous node holds (the first one: to the root). Bounds: at most
        MAX_PROOF_NODES nodes of at most MAX_NODE_SIZE bytes each. Child nodes embedded inline in
        their parent (RLP shorter than 32 bytes) are refused with "L1CrossDomainMessenger: inline
        trie nodes are not supported"; in the secure (keccak-keyed) tries such a node cannot occur
        in the account trie (an account leaf is over 70 bytes) and occurs in a storage trie only
        as the leaf of a key sharing at least 8 leading nibbles with another (a storage value of
        1 leaves < 32 bytes when its remaining path is at most 55 nibbles): about even odds
        only at some 2^16 entries, far beyond what a devnet holds.

        Simplified for a local devnet: one L2 chain (no chain-id variants), no pause, no message
        blocking, no replayMessage; no constructor work and no immutables: initialize(owner, ctc,
        scc, l2Messenger, messagePasser) sets everything once.
"""

MAX_MESSAGE: constant(uint256) = 4096          # bytes of a message
MAX_CALLDATA: constant(uint256) = 4260         # 4 + 5 * 32 + MAX_MESSAGE: the relay calldata
MAX_NODE_SIZE: constant(uint256) = 600         # bytes of one trie node
MAX_PROOF_NODES: constant(uint256) = 12        # nodes of one trie proof
MAX_DEPTH: constant(uint256) = 10              # the SCC's log2(MAX_BATCH_SIZE)
SENT_MESSAGES_SLOT: constant(uint256) = 0      # L2ToL1MessagePasser.sentMessages
DEFAULT_XDOMAIN_SENDER: constant(address) = 0x000000000000000000000000000000000000dEaD

# _trie_get outcomes
TRIE_FOUND: constant(uint256) = 0
TRIE_ABSENT: constant(uint256) = 1
TRIE_BAD_PROOF: constant(uint256) = 2
TRIE_INLINE_NODE: constant(uint256) = 3

struct ChainBatchHeader:
    batchIndex: uint256
    batchRoot: bytes32
    batchSize: uint256
    prevTotalElements: uint256
    extraData: Bytes[64]

struct ChainInclusionProof:
    index: uint256
    siblings: DynArray[bytes32, MAX_DEPTH]

struct L2MessageInclusionProof:
    stateRoot: bytes32
    stateRootBatchHeader: ChainBatchHeader
    stateRootProof: ChainInclusionProof
    accountProof: DynArray[Bytes[MAX_NODE_SIZE], MAX_PROOF_NODES]
    storageProof: DynArray[Bytes[MAX_NODE_SIZE], MAX_PROOF_NODES]

interface StateCommitmentChain:
    def insideFraudProofWindow(batchHeader: ChainBatchHeader) -> bool: view

interface CanonicalTransactionChain:
    def enqueue(target: address, gasLimit: uint256, data: Bytes[MAX_CALLDATA]): nonpayable
    def getQueueLength() -> uint40: view

event SentMessage:
    target: indexed(address)
    sender: address
    message: Bytes[MAX_MESSAGE]
    messageNonce: uint256
    gasLimit: uint256

event RelayedMessage:
    msgHash: indexed(bytes32)

event FailedRelayedMessage:
    msgHash: indexed(bytes32)

owner: public(address)
ctc: public(address)
scc: public(address)
l2Messenger: public(address)
messagePasser: public(address)
initialized: public(bool)

successfulMessages: public(HashMap[bytes32, bool])
xDomainMsgSender: address


@deploy
def __init__():
    pass


@external
def initialize(owner: address, ctc: address, scc: address, l2Messenger: address, messagePasser: address):
    """
    @notice Sets the owner, the CanonicalTransactionChain, the StateCommitmentChain, the L2
            messenger (0x4200…0007 on the devnet) and the L2 message passer (0x4200…0000).
            Callable once; reverts the second time.
    """
    assert not self.initialized, "L1CrossDomainMessenger: already initialized"
    assert owner != empty(address), "L1CrossDomainMessenger: zero owner"
    self.initialized = True
    self.owner = owner
    self.ctc = ctc
    self.scc = scc
    self.l2Messenger = l2Messenger
    self.messagePasser = messagePasser
    self.xDomainMsgSender = DEFAULT_XDOMAIN_SENDER


# --- messages ------------------------------------------------------------------------------------

@internal
@pure
def _relay_calldata(target: address, sender: address, message: Bytes[MAX_MESSAGE],
                    messageNonce: uint256) -> Bytes[MAX_CALLDATA]:
    return abi_encode(target, sender, message, messageNonce,
                      method_id=method_id("relayMessage(address,address,bytes,uint256)"))


@view
@external
def xDomainMessageSender() -> address:
    """
    @notice The L2 sender of the message being relayed; reverts outside a relay.
    """
    sender: address = self.xDomainMsgSender
    assert sender != DEFAULT_XDOMAIN_SENDER and sender != empty(address), "xDomainMessageSender is not set"
    return sender


@view
@external
def messageNonce() -> uint256:
    """
    @notice The nonce the next sendMessage gets: the CTC queue length.
    """
    return convert(staticcall CanonicalTransactionChain(self.ctc).getQueueLength(), uint256)


@external
def sendMessage(target: address, message: Bytes[MAX_MESSAGE], gasLimit: uint32):
    """
    @notice Sends `message` to `target` on the L2: enqueues L2CrossDomainMessenger.relayMessage(
            target, msg.sender, message, nonce) in the CTC with `gasLimit` L2 gas; nonce = the
            queue index of that element.
    """
    ctc: address = self.ctc
    nonce: uint256 = convert(staticcall CanonicalTransactionChain(ctc).getQueueLength(), uint256)
    data: Bytes[MAX_CALLDATA] = self._relay_calldata(target, msg.sender, message, nonce)
    extcall CanonicalTransactionChain(ctc).enqueue(self.l2Messenger, convert(gasLimit, uint256), data)
    log SentMessage(target=target, sender=msg.sender, message=message, messageNonce=nonce,
                    gasLimit=convert(gasLimit, uint256))


@external
@nonreentrant
def relayMessage(target: address, sender: address, message: Bytes[MAX_MESSAGE], messageNonce: uint256,
                 proof: L2MessageInclusionProof):
    """
    @notice Relays an L2→L1 message proven against a committed L2 state root (see the header).
            Reverts "Provided message could not be verified." (a proof fails),
            "State batch is inside the fraud proof window." (too early),
            "Provided message has already been received." (relayed before). A failing target
            call does not revert: it emits FailedRelayedMessage and the message can be relayed
            again; a successful one emits RelayedMessage(keccak256(relayCalldata)).
    """
    data: Bytes[MAX_CALLDATA] = self._relay_calldata(target, sender, message, messageNonce)
    msgHash: bytes32 = keccak256(data)

    assert self._verify_message(data, proof), "Provided message could not be verified."
    assert not staticcall StateCommitmentChain(self.scc).insideFraudProofWindow(proof.stateRootBatchHeader), \
        "State batch is inside the fraud proof window."
    assert not self.successfulMessages[msgHash], "Provided message has already been received."
    assert target != self.ctc and target != self.scc and target != self, \
        "Cannot send L2->L1 messages to L1 system contracts."

    self.xDomainMsgSender = sender
    success: bool = raw_call(target, message, revert_on_failure=False)
    self.xDomainMsgSender = DEFAULT_XDOMAIN_SENDER

    if success:
        self.successfulMessages[msgHash] = True
        log RelayedMessage(msgHash=msgHash)
    else:
        log FailedRelayedMessage(msgHash=msgHash)


@view
@internal
def _verify_message(data: Bytes[MAX_CALLDATA], proof: L2MessageInclusionProof) -> bool:
    # 1. the state root is in the committed batch (verifyStateCommitment reverts on a header
    #    that is not committed: a refusal here too)
    ok: bool = False
    answer: Bytes[32] = b""
    ok, answer = raw_call(
        self.scc,
        abi_encode(proof.stateRoot, proof.stateRootBatchHeader, proof.stateRootProof,
                   method_id=method_id("verifyStateCommitment(bytes32,(uint256,bytes32,uint256,uint256,bytes),(uint256,bytes32[]))")),
        max_outsize=32, is_static_call=True, revert_on_failure=False)
    if not ok or len(answer) != 32 or convert(answer, uint256) != 1:
        return False

    # 2. the message passer's account under the state root
    status: uint256 = 0
    account: Bytes[MAX_NODE_SIZE] = b""
    status, account = self._trie_get(proof.stateRoot, keccak256(concat(convert(self.messagePasser, bytes20), b"")),
                                      proof.accountProof)
    assert status != TRIE_INLINE_NODE, "L1CrossDomainMessenger: inline trie nodes are not supported"
    if status != TRIE_FOUND:
        return False
    storageRoot: bytes32 = empty(bytes32)
    ok, storageRoot = self._storage_root(account)
    if not ok:
        return False

    # 3. sentMessages[keccak256(data ‖ l2Messenger)] is nonzero under the storage root
    entry: bytes32 = keccak256(concat(data, convert(self.l2Messenger, bytes20)))
    slot: bytes32 = keccak256(concat(convert(SENT_MESSAGES_SLOT, bytes32), entry))
    stored: Bytes[MAX_NODE_SIZE] = b""
    status, stored = self._trie_get(storageRoot, keccak256(slot), proof.storageProof)
    assert status != TRIE_INLINE_NODE, "L1CrossDomainMessenger: inline trie nodes are not supported"
    if status != TRIE_FOUND:
        return False
    return self._nonzero_rlp_integer(stored)


@view
@external
def verifyTrieProof(root: bytes32, key: bytes32,
                    proof: DynArray[Bytes[MAX_NODE_SIZE], MAX_PROOF_NODES]) -> (uint256, Bytes[MAX_NODE_SIZE]):
    """
    @notice The Merkle-Patricia verifier relayMessage uses, for relayers and tests: walks `proof`
            (RLP nodes, root first) from `root` along the 64 nibbles of `key` (the trie path:
            keccak256(address) or keccak256(slot) in the secure tries).
    @return (0, value) when the key is present (value = the leaf's value bytes, e.g. an account's
            RLP or a storage value's RLP); (1, b"") when the proof shows the key absent;
            (2, b"") when the proof is invalid (a node does not hash to its reference, bad RLP,
            a path that is not a trie path, too few or too many nodes); (3, b"") when the path
            goes through an inline node (not supported).
    """
    return self._trie_get(root, key, proof)


# --- RLP and Merkle-Patricia proofs --------------------------------------------------------------

@internal
@pure
def _byte_at(data: Bytes[MAX_NODE_SIZE], pos: uint256) -> uint256:
    return convert(slice(data, pos, 1), uint256)


@internal
@pure
def _rlp_header(data: Bytes[MAX_NODE_SIZE], pos: uint256, end: uint256) -> (bool, uint256, uint256, bool):
    """
    The RLP item starting at data[pos], which must end by data[end]:
    (ok, payload offset, payload length, is a list).
    """
    if pos >= end:
        return False, 0, 0, False
    b: uint256 = convert(slice(data, pos, 1), uint256)
    if b < 128:
        return True, pos, 1, False
    isList: bool = b >= 192
    if isList:
        b -= 64        # 0xc0..0xf7 -> 0x80..0xb7, 0xf8..0xff -> 0xb8..0xbf
    off: uint256 = pos + 1
    length: uint256 = 0
    if b < 184:
        length = b - 128
    else:
        lengthOfLength: uint256 = b - 183
        if lengthOfLength > 2 or off + lengthOfLength > end:
            return False, 0, 0, False
        if lengthOfLength == 1:
            length = convert(slice(data, off, 1), uint256)
        else:
            length = convert(slice(data, off, 2), uint256)
        off += lengthOfLength
    if off + length > end:
        return False, 0, 0, False
    return True, off, length, isList


@internal
@pure
def _list_items(data: Bytes[MAX_NODE_SIZE]) -> (bool, DynArray[uint256, 17], DynArray[uint256, 17], DynArray[bool, 17]):
    """
    `data` must be exactly one RLP list of at most 17 items:
    (ok, payload offsets, payload lengths, is-a-list flags) of its items.
    """
    offsets: DynArray[uint256, 17] = []
    lengths: DynArray[uint256, 17] = []
    lists: DynArray[bool, 17] = []
    n: uint256 = len(data)
    ok: bool = False
    off: uint256 = 0
    length: uint256 = 0
    isList: bool = False
    ok, off, length, isList = self._rlp_header(data, 0, n)
    if not ok or not isList or off + length != n:
        return False, offsets, lengths, lists
    pos: uint256 = off
    for i: uint256 in range(18):
        if pos == n:
            return True, offsets, lengths, lists
        if i == 17:
            break
        ok, off, length, isList = self._rlp_header(data, pos, n)
        if not ok:
            break
        offsets.append(off)
        lengths.append(length)
        lists.append(isList)
        pos = off + length
    return False, offsets, lengths, lists


@internal
@pure
def _trie_get(root: bytes32, key: bytes32,
              proof: DynArray[Bytes[MAX_NODE_SIZE], MAX_PROOF_NODES]) -> (uint256, Bytes[MAX_NODE_SIZE]):
    path: uint256 = convert(key, uint256)
    expected: bytes32 = root
    depth: uint256 = 0              # nibbles of the key consumed
    count: uint256 = len(proof)
    for i: uint256 in range(MAX_PROOF_NODES):
        if i >= count:
            break
        node: Bytes[MAX_NODE_SIZE] = proof[i]
        if keccak256(node) != expected:
            break
        last: bool = i + 1 == count
        ok: bool = False
        offsets: DynArray[uint256, 17] = []
        lengths: DynArray[uint256, 17] = []
        lists: DynArray[bool, 17] = []
        ok, offsets, lengths, lists = self._list_items(node)
        if not ok:
            break

        if len(offsets) == 17:
            # branch: follow the child at the key's next nibble
            if depth >= 64:
                break
            nibble: uint256 = (path >> (4 * (63 - depth))) & 15
            if lists[nibble]:
                return TRIE_INLINE_NODE, b""
            if lengths[nibble] == 0:
                if last:
                    return TRIE_ABSENT, b""
                break
            if lengths[nibble] != 32:
                break
            expected = extract32(node, offsets[nibble])
            depth += 1

        elif len(offsets) == 2:
            # extension or leaf: a hex-prefix encoded path, then a child reference or the value
            if lists[0] or lengths[0] == 0:
                break
            start: uint256 = offsets[0]
            first: uint256 = self._byte_at(node, start)
            flag: uint256 = first >> 4
            if flag > 3:
                break
            odd: bool = flag % 2 == 1
            if not odd and first % 16 != 0:
                break
            skip: uint256 = 2           # nibbles of the encoded path before the path itself
            if odd:
                skip = 1
            nibbles: uint256 = 2 * lengths[0] - skip
            if depth + nibbles > 64:
                break
            matches: bool = True
            for j: uint256 in range(64):
                if j >= nibbles:
                    break
                q: uint256 = j + skip
                b: uint256 = self._byte_at(node, start + q // 2)
                pathNibble: uint256 = b % 16
                if q % 2 == 0:
                    pathNibble = b >> 4
                if pathNibble != (path >> (4 * (63 - depth - j))) & 15:
                    matches = False
                    break
            if flag >= 2:
                # leaf: it holds the key's whole remaining path, and the proof ends here
                if depth + nibbles != 64 or not last:
                    break
                if not matches:
                    return TRIE_ABSENT, b""
                if lists[1]:
                    break
                return TRIE_FOUND, slice(node, offsets[1], lengths[1])
            if not matches:
                if last:
                    return TRIE_ABSENT, b""
                break
            if nibbles == 0:
                break
            depth += nibbles
            if lists[1]:
                return TRIE_INLINE_NODE, b""
            if lengths[1] != 32:
                break
            expected = extract32(node, offsets[1])

        else:
            break
    return TRIE_BAD_PROOF, b""


@internal
@pure
def _storage_root(account: Bytes[MAX_NODE_SIZE]) -> (bool, bytes32):
    """
    storageRoot of an account leaf value RLP([nonce, balance, storageRoot, codeHash]).
    """
    ok: bool = False
    offsets: DynArray[uint256, 17] = []
    lengths: DynArray[uint256, 17] = []
    lists: DynArray[bool, 17] = []
    ok, offsets, lengths, lists = self._list_items(account)
    if not ok or len(offsets) != 4 or lists[2] or lengths[2] != 32:
        return False, empty(bytes32)
    return True, extract32(account, offsets[2])


@internal
@pure
def _nonzero_rlp_integer(word: Bytes[MAX_NODE_SIZE]) -> bool:
    """
    Whether `word` is exactly one RLP string of 1..32 bytes holding a nonzero integer.
    """
    ok: bool = False
    off: uint256 = 0
    length: uint256 = 0
    isList: bool = False
    ok, off, length, isList = self._rlp_header(word, 0, len(word))
    if not ok or isList or off + length != len(word) or length == 0 or length > 32:
        return False
    for i: uint256 in range(32):
        if i >= length:
            break
        if self._byte_at(word, off + i) != 0:
            return True
    return False
