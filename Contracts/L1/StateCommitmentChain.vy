# pragma version ~=0.4.3
"""
@title StateCommitmentChain
@notice L2 state roots committed on the devnet's L1 in batches, after Metis'
        MVM_StateCommitmentChain (itself Optimism's OVM StateCommitmentChain). Names, the batch
        header, its hash and the events follow Metis; the code is written for metis-devnet.

        Batch header (Lib_OVMCodec.ChainBatchHeader):
            batchIndex, batchRoot, batchSize, prevTotalElements,
            extraData = abi.encode(uint256 block.timestamp, address proposer)   (64 bytes)
        Stored per batch: keccak256(abi.encode(batchRoot, batchSize, prevTotalElements, extraData)).

        Merkle tree of a batch (as Optimism's Lib_MerkleTree):
            leaves are the batch's state roots, in order; the leaf level is padded with zero
            bytes32 values up to the next power of two; a parent is keccak256(left ++ right)
            (64 bytes, no prefix, no sorting); the root of a one-element batch is that element.
            Equivalently: an odd node at depth d is paired with the root of an all-zero subtree
            of depth d (Z0 = 0x00..00, Z(d+1) = keccak256(Zd ++ Zd)).
        A proof of element i is the list of its siblings from the leaf upwards, ceil(log2(batchSize))
        of them; at each level bit k of i says whether the running hash is the right (1) or left
        (0) child.

        Simplified for a local devnet:
        - one chain: no chainId arguments or ...ByChainId variants, no proposer name, no
          BondManager; the proposer role is an address the owner sets;
        - the fraud-verifier role is an address the owner sets (Metis: "<chainId>_MVM_FraudVerifier"
          in the address manager);
        - no constructor work and no immutables: initialize(owner, proposer, fraudVerifier,
          fraudProofWindow) sets the roles and the window once;
        - at most MAX_BATCH_SIZE roots per batch; no ring buffer, no lastBatchBlockHash.
"""

MAX_BATCH_SIZE: constant(uint256) = 1024
MAX_DEPTH: constant(uint256) = 10          # log2(MAX_BATCH_SIZE)

struct ChainBatchHeader:
    batchIndex: uint256
    batchRoot: bytes32
    batchSize: uint256
    prevTotalElements: uint256
    extraData: Bytes[64]

struct ChainInclusionProof:
    index: uint256
    siblings: DynArray[bytes32, MAX_DEPTH]

event StateBatchAppended:
    batchIndex: indexed(uint256)
    batchRoot: bytes32
    batchSize: uint256
    prevTotalElements: uint256
    extraData: Bytes[64]

event StateBatchDeleted:
    batchIndex: indexed(uint256)
    batchRoot: bytes32

event FraudProofWindowChanged:
    newWindow: uint256
    oldWindow: uint256

event RoleChanged:
    role: indexed(String[16])
    account: indexed(address)

owner: public(address)                 # METIS_MANAGER
initialized: public(bool)
proposer: public(address)
fraudVerifier: public(address)
FRAUD_PROOF_WINDOW: public(uint256)

batches: public(HashMap[uint256, bytes32])   # batchIndex -> header hash
totalBatches: public(uint256)
totalElements: public(uint256)


@deploy
def __init__():
    pass


@external
def initialize(owner: address, proposer: address, fraudVerifier: address, fraudProofWindow: uint256):
    """
    @notice Sets the owner, the proposer, the fraud verifier and FRAUD_PROOF_WINDOW (seconds).
            Callable once; reverts the second time.
    """
    assert not self.initialized, "StateCommitmentChain: already initialized"
    assert owner != empty(address), "StateCommitmentChain: zero owner"
    self.initialized = True
    self.owner = owner
    self.proposer = proposer
    self.fraudVerifier = fraudVerifier
    self.FRAUD_PROOF_WINDOW = fraudProofWindow


@internal
@pure
def _merkle_root(elements: DynArray[bytes32, MAX_BATCH_SIZE]) -> bytes32:
    n: uint256 = len(elements)
    assert n > 0, "StateCommitmentChain: empty batch"
    if n == 1:
        return elements[0]
    nodes: bytes32[MAX_BATCH_SIZE] = empty(bytes32[MAX_BATCH_SIZE])
    for i: uint256 in range(n, bound=MAX_BATCH_SIZE):
        nodes[i] = elements[i]
    zero: bytes32 = empty(bytes32)
    row: uint256 = n
    for depth: uint256 in range(MAX_DEPTH):
        if row <= 1:
            break
        half: uint256 = row // 2
        for i: uint256 in range(half, bound=MAX_BATCH_SIZE // 2):
            nodes[i] = keccak256(concat(nodes[2 * i], nodes[2 * i + 1]))
        if row % 2 == 1:
            nodes[half] = keccak256(concat(nodes[row - 1], zero))
            half += 1
        row = half
        zero = keccak256(concat(zero, zero))
    return nodes[0]


@internal
@pure
def _ceil_log2(n: uint256) -> uint256:
    depth: uint256 = 0
    size: uint256 = 1
    for i: uint256 in range(256):
        if size >= n:
            break
        size *= 2
        depth += 1
    return depth


@internal
@pure
def _header_hash(h: ChainBatchHeader) -> bytes32:
    return keccak256(abi_encode(h.batchRoot, h.batchSize, h.prevTotalElements, h.extraData))


@internal
@view
def _is_valid_header(h: ChainBatchHeader) -> bool:
    return h.batchIndex < self.totalBatches and self.batches[h.batchIndex] == self._header_hash(h)


@internal
@view
def _inside_window(h: ChainBatchHeader) -> bool:
    timestamp: uint256 = 0
    proposer: address = empty(address)
    timestamp, proposer = abi_decode(h.extraData, (uint256, address))
    assert timestamp != 0, "StateCommitmentChain: batch header timestamp cannot be zero"
    return timestamp + self.FRAUD_PROOF_WINDOW > block.timestamp


@view
@external
def getMerkleRoot(elements: DynArray[bytes32, MAX_BATCH_SIZE]) -> bytes32:
    return self._merkle_root(elements)


@view
@external
def getTotalElements() -> uint256:
    return self.totalElements


@view
@external
def getTotalBatches() -> uint256:
    return self.totalBatches


@external
def appendStateBatch(batch: DynArray[bytes32, MAX_BATCH_SIZE], shouldStartAtElement: uint256):
    assert msg.sender == self.proposer, "StateCommitmentChain: caller is not the proposer"
    assert shouldStartAtElement == self.totalElements, "StateCommitmentChain: actual batch start index does not match expected start index"
    assert len(batch) > 0, "StateCommitmentChain: cannot submit an empty state batch"
    extraData: Bytes[64] = abi_encode(block.timestamp, msg.sender)
    header: ChainBatchHeader = ChainBatchHeader(
        batchIndex=self.totalBatches, batchRoot=self._merkle_root(batch), batchSize=len(batch),
        prevTotalElements=self.totalElements, extraData=extraData)
    self.batches[header.batchIndex] = self._header_hash(header)
    self.totalBatches = header.batchIndex + 1
    self.totalElements = header.prevTotalElements + header.batchSize
    log StateBatchAppended(batchIndex=header.batchIndex, batchRoot=header.batchRoot,
                           batchSize=header.batchSize, prevTotalElements=header.prevTotalElements,
                           extraData=extraData)


@view
@external
def insideFraudProofWindow(batchHeader: ChainBatchHeader) -> bool:
    return self._inside_window(batchHeader)


@external
def deleteStateBatch(batchHeader: ChainBatchHeader):
    """
    @notice Deletes the batch and every batch after it (fraud-verifier role, inside the window).
    """
    assert msg.sender == self.fraudVerifier, "StateCommitmentChain: caller is not the fraud verifier"
    assert self._is_valid_header(batchHeader), "StateCommitmentChain: invalid batch header"
    assert self._inside_window(batchHeader), "StateCommitmentChain: state batches can only be deleted within the fraud proof window"
    self.totalBatches = batchHeader.batchIndex
    self.totalElements = batchHeader.prevTotalElements
    log StateBatchDeleted(batchIndex=batchHeader.batchIndex, batchRoot=batchHeader.batchRoot)


@view
@external
def verifyStateCommitment(element: bytes32, batchHeader: ChainBatchHeader,
                          proof: ChainInclusionProof) -> bool:
    assert self._is_valid_header(batchHeader), "StateCommitmentChain: invalid batch header"
    size: uint256 = batchHeader.batchSize
    assert proof.index < size, "StateCommitmentChain: index out of bounds"
    assert len(proof.siblings) == self._ceil_log2(size), "StateCommitmentChain: wrong number of siblings"
    computed: bytes32 = element
    index: uint256 = proof.index
    for sibling: bytes32 in proof.siblings:
        if index % 2 == 1:
            computed = keccak256(concat(sibling, computed))
        else:
            computed = keccak256(concat(computed, sibling))
        index //= 2
    return computed == batchHeader.batchRoot


@external
def setFraudProofWindow(window: uint256):
    assert msg.sender == self.owner, "StateCommitmentChain: caller is not the owner"
    log FraudProofWindowChanged(newWindow=window, oldWindow=self.FRAUD_PROOF_WINDOW)
    self.FRAUD_PROOF_WINDOW = window


@external
def setProposer(account: address):
    assert msg.sender == self.owner, "StateCommitmentChain: caller is not the owner"
    self.proposer = account
    log RoleChanged(role="proposer", account=account)


@external
def setFraudVerifier(account: address):
    assert msg.sender == self.owner, "StateCommitmentChain: caller is not the owner"
    self.fraudVerifier = account
    log RoleChanged(role="fraudVerifier", account=account)
