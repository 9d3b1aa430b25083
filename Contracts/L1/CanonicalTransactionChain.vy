# pragma version ~=0.4.3
"""
@title CanonicalTransactionChain
@notice The L1→L2 queue of the devnet's rollup, after Metis' MVM_CanonicalTransactionChain (itself
        Optimism's OVM 2.0 CanonicalTransactionChain). enqueue, the queue element, the
        TransactionEnqueued event and getQueueLength follow Optimism; the code is written for
        metis-devnet.

        Every deposit and every L1→L2 message is one queue element. The L2 relayer reads the
        TransactionEnqueued events and sends `data` to `target` on the L2 (as the devnet's stand-in
        for the L1-queue origin of Metis' sequencer).

        Simplified for a local devnet:
        - enqueue is callable by the L1CrossDomainMessenger only (Optimism: anyone, with aliasing
          of contract senders); l1TxOrigin is msg.sender, i.e. the messenger, without aliasing;
        - transaction batches are not appended here: the batcher writes them to the batch inbox
          address (ROLLUP-API §6), as Metis' Andromeda does; no L2 gas burn for large gas limits;
        - no constructor work and no immutables: initialize(owner, messenger) sets both once.
"""

MAX_ROLLUP_TX_GAS: constant(uint256) = 15_000_000    # half the L2 block gas limit
MAX_DATA: constant(uint256) = 4260                   # a relayMessage calldata with a 4096-byte message

struct QueueElement:
    transactionHash: bytes32      # keccak256(abi.encode(l1TxOrigin, target, gasLimit, data))
    timestamp: uint40
    blockNumber: uint40

event TransactionEnqueued:
    l1TxOrigin: indexed(address)
    target: indexed(address)
    gasLimit: uint256
    data: Bytes[MAX_DATA]
    queueIndex: indexed(uint256)
    timestamp: uint256

owner: public(address)
messenger: public(address)
initialized: public(bool)

queueLength: uint256
queueElements: HashMap[uint256, QueueElement]


@deploy
def __init__():
    pass


@external
def initialize(owner: address, messenger: address):
    """
    @notice Sets the owner and the L1CrossDomainMessenger (the only account that may enqueue).
            Callable once; reverts the second time.
    """
    assert not self.initialized, "CanonicalTransactionChain: already initialized"
    assert owner != empty(address), "CanonicalTransactionChain: zero owner"
    assert messenger != empty(address), "CanonicalTransactionChain: zero messenger"
    self.initialized = True
    self.owner = owner
    self.messenger = messenger


@external
def enqueue(target: address, gasLimit: uint256, data: Bytes[MAX_DATA]):
    """
    @notice Appends an L1→L2 transaction to the queue (messenger only).
    @param target the L2 account the relayer calls
    @param gasLimit L2 gas for that call, at most MAX_ROLLUP_TX_GAS
    @param data the L2 calldata (at most MAX_DATA bytes)
    """
    assert msg.sender == self.messenger, "CanonicalTransactionChain: caller is not the messenger"
    assert gasLimit <= MAX_ROLLUP_TX_GAS, "Transaction gas limit exceeds maximum for rollup transaction."
    index: uint256 = self.queueLength
    self.queueElements[index] = QueueElement(
        transactionHash=keccak256(abi_encode(msg.sender, target, gasLimit, data)),
        timestamp=convert(block.timestamp, uint40),
        blockNumber=convert(block.number, uint40))
    self.queueLength = index + 1
    log TransactionEnqueued(l1TxOrigin=msg.sender, target=target, gasLimit=gasLimit, data=data,
                            queueIndex=index, timestamp=block.timestamp)


@view
@external
def getQueueLength() -> uint40:
    """
    @notice The number of queue elements (the next queue index), as Optimism's uint40.
    """
    return convert(self.queueLength, uint40)


@view
@external
def getNextQueueIndex() -> uint40:
    """
    @notice The same as getQueueLength (nothing is dequeued on this devnet).
    """
    return convert(self.queueLength, uint40)


@view
@external
def getQueueElement(index: uint256) -> QueueElement:
    """
    @notice Queue element `index`: (transactionHash, timestamp, blockNumber).
    """
    assert index < self.queueLength, "CanonicalTransactionChain: index out of bounds"
    return self.queueElements[index]
