# pragma version ~=0.4.3
"""
@title L2ToL1MessagePasser
@notice The L2 record of messages to L1, after Optimism's / Metis' OVM_L2ToL1MessagePasser
        (predeploy 0x4200000000000000000000000000000000000000). Written for metis-devnet.

        passMessageToL1(message) sets sentMessages[keccak256(message ++ msg.sender)] = True
        (message bytes followed by the 20 caller address bytes, as Solidity's
        abi.encodePacked(message, msg.sender)). L1CrossDomainMessenger proves a withdrawal with an
        eth_getProof storage proof of that entry under an L2 state root committed on L1.

        Storage layout (fixed, the L1 messenger and the relayer depend on it): `sentMessages` is
        the first and only storage variable, at slot 0, so the entry for hash h lives at
            slot(h) = keccak256(uint256(0) ++ h)        (32-byte slot number, then the key)
        Vyper puts the slot FIRST (Solidity's mappings are keccak256(key ++ slot)). A set entry
        holds the word 1.
"""

# The largest message: the L2CrossDomainMessenger's relay calldata for a 4096-byte message is
# 4 + 5 * 32 + 4096 = 4260 bytes; the bound is larger so any caller's message fits.
MAX_MESSAGE: constant(uint256) = 8192

sentMessages: public(HashMap[bytes32, bool])


@deploy
def __init__():
    pass


@external
def passMessageToL1(message: Bytes[MAX_MESSAGE]):
    """
    @notice Records that msg.sender sent `message` to L1.
    @param message Any bytes, at most 8192 (the L2 messenger passes its relay calldata).
    """
    self.sentMessages[keccak256(concat(message, convert(msg.sender, bytes20)))] = True
