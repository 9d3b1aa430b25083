# pragma version ~=0.4.3
"""
@title L2CrossDomainMessenger
@notice The L2 end of the cross-domain messenger, after Optimism's / Metis' L2CrossDomainMessenger
        (predeploy 0x4200000000000000000000000000000000000007). Written for metis-devnet.

        Relay calldata of a message (both directions):
            xDomainCalldata = abi.encodeWithSignature(
                "relayMessage(address,address,bytes,uint256)", target, sender, message, nonce)
        and its hash keccak256(xDomainCalldata) identifies the message.

        L1 -> L2: `relayMessage(target, sender, message, messageNonce)` may be sent only by
        `relayer` (the devnet's stand-in for Metis' L1-queue origin: the relayer key relays the
        L1 messenger's enqueued messages); each message hash is relayed successfully at most once;
        `xDomainMessageSender()` is `sender` during the call to `target`.

        L2 -> L1: `sendMessage(target, message, gasLimit)` passes the relay calldata with
        sender = msg.sender and nonce = messageNonce() to L2ToL1MessagePasser.passMessageToL1,
        which records keccak256(xDomainCalldata ++ this messenger's address); L1CrossDomainMessenger
        later proves that record.

        Settings are storage written by initialize(owner, l1Messenger, relayer, messagePasser),
        which runs once (no constructor arguments, no immutables: genesis places the runtime code).
"""

MAX_MESSAGE: constant(uint256) = 4096
DEFAULT_XDOMAIN_SENDER: constant(address) = 0x000000000000000000000000000000000000dEaD

interface L2ToL1MessagePasser:
    def passMessageToL1(message: Bytes[8192]): nonpayable

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

event RelayerChanged:
    previousRelayer: indexed(address)
    newRelayer: indexed(address)

event OwnershipTransferred:
    previousOwner: indexed(address)
    newOwner: indexed(address)

owner: public(address)
l1CrossDomainMessenger: public(address)
relayer: public(address)
messagePasser: public(address)
messageNonce: public(uint256)
successfulMessages: public(HashMap[bytes32, bool])
xDomainMsgSender: address
initialized: bool


@deploy
def __init__():
    pass


@external
def initialize(owner: address, l1Messenger: address, relayer: address, messagePasser: address):
    """
    @notice Sets the owner, the L1 messenger (the only legitimate L2 -> L1 target of relays,
            kept for reference), the relayer allowed to relay L1 -> L2 messages, and the
            L2ToL1MessagePasser. Reverts when called a second time.
    """
    assert not self.initialized, "L2CrossDomainMessenger: already initialized"
    assert owner != empty(address), "L2CrossDomainMessenger: zero owner"
    self.initialized = True
    self.owner = owner
    self.l1CrossDomainMessenger = l1Messenger
    self.relayer = relayer
    self.messagePasser = messagePasser
    self.xDomainMsgSender = DEFAULT_XDOMAIN_SENDER
    log OwnershipTransferred(previousOwner=empty(address), newOwner=owner)
    log RelayerChanged(previousRelayer=empty(address), newRelayer=relayer)


@internal
@pure
def _xDomainCalldata(target: address, sender: address, message: Bytes[MAX_MESSAGE], nonce: uint256) -> Bytes[4260]:
    return abi_encode(target, sender, message, nonce,
                      method_id=method_id("relayMessage(address,address,bytes,uint256)"))


@view
@external
def xDomainMessageSender() -> address:
    """
    @notice The L1 sender of the message being relayed; reverts outside a relay.
    """
    sender: address = self.xDomainMsgSender
    assert sender != DEFAULT_XDOMAIN_SENDER and sender != empty(address), "xDomainMessageSender is not set"
    return sender


@external
def sendMessage(target: address, message: Bytes[MAX_MESSAGE], gasLimit: uint32):
    """
    @notice Sends `message` to `target` on L1 (L2 -> L1); `gasLimit` is informational (the L1
            relayer pays its own gas).
    """
    assert self.initialized, "L2CrossDomainMessenger: not initialized"
    nonce: uint256 = self.messageNonce
    data: Bytes[4260] = self._xDomainCalldata(target, msg.sender, message, nonce)
    extcall L2ToL1MessagePasser(self.messagePasser).passMessageToL1(data)
    self.messageNonce = nonce + 1
    log SentMessage(target=target, sender=msg.sender, message=message, messageNonce=nonce,
                    gasLimit=convert(gasLimit, uint256))


@external
@nonreentrant
def relayMessage(target: address, sender: address, message: Bytes[MAX_MESSAGE], messageNonce: uint256):
    """
    @notice Relays an L1 -> L2 message: calls `target` with `message`, all remaining gas,
            `xDomainMessageSender() == sender` during the call. Only the relayer. A message whose
            call reverted can be relayed again; a successful one cannot.
    """
    assert msg.sender == self.relayer, "Provided message could not be verified."
    data: Bytes[4260] = self._xDomainCalldata(target, sender, message, messageNonce)
    msgHash: bytes32 = keccak256(data)
    assert not self.successfulMessages[msgHash], "Provided message has already been received."
    assert target != self.messagePasser and target != self, "Cannot send L2->L1 messages to L1 system contracts."

    self.xDomainMsgSender = sender
    success: bool = raw_call(target, message, revert_on_failure=False)
    self.xDomainMsgSender = DEFAULT_XDOMAIN_SENDER

    if success:
        self.successfulMessages[msgHash] = True
        log RelayedMessage(msgHash=msgHash)
    else:
        log FailedRelayedMessage(msgHash=msgHash)


@external
def setRelayer(newRelayer: address):
    """
    @notice Changes the account allowed to relay L1 -> L2 messages; owner only.
    """
    assert msg.sender == self.owner, "L2CrossDomainMessenger: caller is not the owner"
    log RelayerChanged(previousRelayer=self.relayer, newRelayer=newRelayer)
    self.relayer = newRelayer


@external
def transferOwnership(newOwner: address):
    assert msg.sender == self.owner, "L2CrossDomainMessenger: caller is not the owner"
    assert newOwner != empty(address), "L2CrossDomainMessenger: new owner is the zero address"
    log OwnershipTransferred(previousOwner=self.owner, newOwner=newOwner)
    self.owner = newOwner
