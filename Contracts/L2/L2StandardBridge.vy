# pragma version ~=0.4.3
"""
@title L2StandardBridge
@notice The L2 end of the standard bridge, after Optimism's / Metis' L2StandardBridge
        (predeploy 0x4200000000000000000000000000000000000010). Written for metis-devnet.

        Deposits (L1 -> L2): L1StandardBridge sends, through the messengers,
            finalizeDeposit(l1Token, l2Token, from, to, amount, data)
        accepted only from the L2 messenger while its xDomainMessageSender() is the L1 bridge.
        - Native coin: l2Token == NATIVE_TOKEN (0xDeadDeAddeAddEAddeadDEaDDEAdDeaDDeAD0000) and
          l1Token == address(0) (ETH on L1): `amount` wei of the L2's native coin is paid to `to`
          out of this contract's balance, a reserve genesis gives it (devnet simplification: the
          L2 native coin is backed by ETH locked in L1StandardBridge; Metis' is METIS).
        - ERC-20: l2Token must be a contract whose l1Token() is l1Token; it is minted to `to`.
        - Otherwise the deposit is bounced back to L1 as Optimism does: a
          finalizeERC20Withdrawal(l1Token, l2Token, to, from, amount, data) message (from and to
          swapped), event DepositFailed.

        Withdrawals (L2 -> L1): withdraw(l2Token, amount, l1Gas, data) /
        withdrawTo(l2Token, to, amount, l1Gas, data):
        - native coin (l2Token == NATIVE_TOKEN): msg.value must equal amount; the coin stays here
          (back in the reserve); message finalizeETHWithdrawal(from, to, amount, data);
        - ERC-20: no value; burns `amount` of msg.sender's l2Token; message
          finalizeERC20Withdrawal(l1Token, l2Token, from, to, amount, data).
        Messages go to the L1 bridge through L2CrossDomainMessenger.sendMessage(l1Bridge, message, l1Gas).
        No withdrawal fee (Metis charges OVM_GasPriceOracle.minErc20BridgeCost()).

        initialize(owner, messenger, l1Bridge) runs once (no constructor arguments, no immutables).
"""

MAX_DATA: constant(uint256) = 1024          # = L1StandardBridge.MAX_DATA (both directions must agree)
MAX_MESSAGE: constant(uint256) = 4096
NATIVE_TOKEN: constant(address) = 0xDeadDeAddeAddEAddeadDEaDDEAdDeaDDeAD0000

interface CrossDomainMessenger:
    def xDomainMessageSender() -> address: view
    def sendMessage(target: address, message: Bytes[MAX_MESSAGE], gasLimit: uint32): nonpayable

interface L2StandardERC20:
    def l1Token() -> address: view
    def mint(account: address, amount: uint256): nonpayable
    def burn(account: address, amount: uint256): nonpayable

event DepositFinalized:
    l1Token: indexed(address)
    l2Token: indexed(address)
    sender: indexed(address)
    receiver: address
    amount: uint256
    data: Bytes[MAX_DATA]

event DepositFailed:
    l1Token: indexed(address)
    l2Token: indexed(address)
    sender: indexed(address)
    receiver: address
    amount: uint256
    data: Bytes[MAX_DATA]

event WithdrawalInitiated:
    l1Token: indexed(address)
    l2Token: indexed(address)
    sender: indexed(address)
    receiver: address
    amount: uint256
    data: Bytes[MAX_DATA]

event OwnershipTransferred:
    previousOwner: indexed(address)
    newOwner: indexed(address)

owner: public(address)
messenger: public(address)
l1TokenBridge: public(address)
initialized: bool


@deploy
def __init__():
    pass


@external
def initialize(owner: address, messenger: address, l1Bridge: address):
    """
    @notice Sets the owner, the L2CrossDomainMessenger and the L1StandardBridge.
            Reverts when called a second time.
    """
    assert not self.initialized, "L2StandardBridge: already initialized"
    assert messenger != empty(address), "L2StandardBridge: zero messenger"
    self.initialized = True
    self.owner = owner
    self.messenger = messenger
    self.l1TokenBridge = l1Bridge
    log OwnershipTransferred(previousOwner=empty(address), newOwner=owner)


@payable
@external
def donateETH():
    """
    @notice Adds msg.value to the native-coin reserve that pays native deposits.
    """
    pass


@view
@internal
def _l1TokenOf(l2Token: address) -> (bool, address):
    """
    @dev l2Token.l1Token() without reverting: (False, 0) for no code, a revert or a bad answer.
    """
    if not l2Token.is_contract:
        return False, empty(address)
    ok: bool = False
    answer: Bytes[32] = b""
    ok, answer = raw_call(l2Token, method_id("l1Token()"), max_outsize=32,
                          is_static_call=True, revert_on_failure=False)
    if not ok or len(answer) != 32:
        return False, empty(address)
    word: uint256 = convert(convert(answer, bytes32), uint256)
    if word >= 2**160:
        return False, empty(address)
    return True, convert(convert(word, uint160), address)


@external
def finalizeDeposit(l1Token: address, l2Token: address, sender: address, receiver: address,
                    amount: uint256, data: Bytes[MAX_DATA]):
    """
    @notice Completes a deposit from L1 (see the contract notice). Only the L2 messenger
            relaying a message from the L1 bridge.
    """
    assert msg.sender == self.messenger, "OVM_XCHAIN: messenger contract unauthenticated"
    assert staticcall CrossDomainMessenger(msg.sender).xDomainMessageSender() == self.l1TokenBridge, \
        "OVM_XCHAIN: wrong sender of cross-domain message"

    if l2Token == NATIVE_TOKEN and l1Token == empty(address):
        raw_call(receiver, b"", value=amount)
        log DepositFinalized(l1Token=l1Token, l2Token=l2Token, sender=sender, receiver=receiver,
                             amount=amount, data=data)
        return

    known: bool = False
    tokenL1: address = empty(address)
    if l2Token != NATIVE_TOKEN:
        known, tokenL1 = self._l1TokenOf(l2Token)
    if known and tokenL1 == l1Token:
        extcall L2StandardERC20(l2Token).mint(receiver, amount)
        log DepositFinalized(l1Token=l1Token, l2Token=l2Token, sender=sender, receiver=receiver,
                             amount=amount, data=data)
        return

    # Wrong or unknown L2 token: send the tokens back to the depositor on L1.
    message: Bytes[1252] = abi_encode(l1Token, l2Token, receiver, sender, amount, data,
        method_id=method_id("finalizeERC20Withdrawal(address,address,address,address,uint256,bytes)"))
    extcall CrossDomainMessenger(self.messenger).sendMessage(self.l1TokenBridge, message, 0)
    log DepositFailed(l1Token=l1Token, l2Token=l2Token, sender=sender, receiver=receiver,
                      amount=amount, data=data)


@internal
def _withdraw(l2Token: address, sender: address, receiver: address, amount: uint256,
              l1Gas: uint32, data: Bytes[MAX_DATA], paid: uint256):
    assert self.initialized, "L2StandardBridge: not initialized"
    l1Token: address = empty(address)
    message: Bytes[1252] = b""
    if l2Token == NATIVE_TOKEN:
        assert paid == amount, "L2StandardBridge: msg.value must equal amount"
        message = abi_encode(sender, receiver, amount, data,
            method_id=method_id("finalizeETHWithdrawal(address,address,uint256,bytes)"))
    else:
        assert paid == 0, "L2StandardBridge: no value with a token withdrawal"
        l1Token = staticcall L2StandardERC20(l2Token).l1Token()
        extcall L2StandardERC20(l2Token).burn(sender, amount)
        message = abi_encode(l1Token, l2Token, sender, receiver, amount, data,
            method_id=method_id("finalizeERC20Withdrawal(address,address,address,address,uint256,bytes)"))
    extcall CrossDomainMessenger(self.messenger).sendMessage(self.l1TokenBridge, message, l1Gas)
    log WithdrawalInitiated(l1Token=l1Token, l2Token=l2Token, sender=sender, receiver=receiver,
                            amount=amount, data=data)


@payable
@external
def withdraw(l2Token: address, amount: uint256, l1Gas: uint32, data: Bytes[MAX_DATA]):
    """
    @notice Withdraws `amount` of `l2Token` (NATIVE_TOKEN: the native coin, sent as msg.value)
            to msg.sender on L1.
    """
    self._withdraw(l2Token, msg.sender, msg.sender, amount, l1Gas, data, msg.value)


@payable
@external
def withdrawTo(l2Token: address, receiver: address, amount: uint256, l1Gas: uint32, data: Bytes[MAX_DATA]):
    """
    @notice Withdraws `amount` of `l2Token` (NATIVE_TOKEN: the native coin, sent as msg.value)
            to `receiver` on L1.
    """
    self._withdraw(l2Token, msg.sender, receiver, amount, l1Gas, data, msg.value)


@external
def transferOwnership(newOwner: address):
    assert msg.sender == self.owner, "L2StandardBridge: caller is not the owner"
    assert newOwner != empty(address), "L2StandardBridge: new owner is the zero address"
    log OwnershipTransferred(previousOwner=self.owner, newOwner=newOwner)
    self.owner = newOwner
