# pragma version ~=0.4.3
"""
@title L1StandardBridge
@notice The devnet's L1 side of the standard bridge, after Metis' / Optimism OVM 2.0's
        L1StandardBridge. Function names, argument orders, the L2 messages and the events follow
        Optimism; the code is written for metis-devnet.

        Deposits lock ETH or an ERC-20 here and send, through the L1CrossDomainMessenger,
            L2StandardBridge.finalizeDeposit(l1Token, l2Token, from, to, amount, data)
        to the L2 bridge; an ETH deposit uses l1Token = address(0) and
        l2Token = NATIVE_TOKEN (0xDeadDeAddeAddEAddeadDEaDDEAdDeaDDeAD0000, Metis' MVM_Coinbase),
        and the L2 pays it out of its native-coin reserve (ROLLUP-API §2).
        Withdrawals arrive as messenger relays from the L2 bridge: finalizeETHWithdrawal pays ETH
        out of this contract's balance, finalizeERC20Withdrawal pays the ERC-20 out of
        deposits[l1Token][l2Token].

        An ERC-20 deposit naming address(0) as l1Token or NATIVE_TOKEN as l2Token is refused
        (a devnet addition: only depositETH moves the native coin).

        Simplified for a local devnet: one L2 chain (no chain-id variants, no per-chain fees),
        no constructor work and no immutables: initialize(owner, messenger, l2Bridge) sets them
        once.
"""

from ethereum.ercs import IERC20

MAX_DATA: constant(uint256) = 1024          # bytes of `data` passed along with a deposit (the L2 bridge's bound)
MAX_MESSAGE: constant(uint256) = 4096       # the messenger's MAX_MESSAGE
NATIVE_TOKEN: constant(address) = 0xDeadDeAddeAddEAddeadDEaDDEAdDeaDDeAD0000
DEFAULT_L2_GAS: constant(uint32) = 200_000  # an ETH deposit by a plain transfer

interface CrossDomainMessenger:
    def sendMessage(target: address, message: Bytes[MAX_MESSAGE], gasLimit: uint32): nonpayable
    def xDomainMessageSender() -> address: view

event ETHDepositInitiated:
    sender: indexed(address)     # _from
    receiver: indexed(address)   # _to
    amount: uint256
    data: Bytes[MAX_DATA]

event ETHWithdrawalFinalized:
    sender: indexed(address)     # _from
    receiver: indexed(address)   # _to
    amount: uint256
    data: Bytes[MAX_DATA]

event ERC20DepositInitiated:
    l1Token: indexed(address)
    l2Token: indexed(address)
    sender: indexed(address)     # _from
    receiver: address            # _to
    amount: uint256
    data: Bytes[MAX_DATA]

event ERC20WithdrawalFinalized:
    l1Token: indexed(address)
    l2Token: indexed(address)
    sender: indexed(address)     # _from
    receiver: address            # _to
    amount: uint256
    data: Bytes[MAX_DATA]

owner: public(address)
messenger: public(address)
l2TokenBridge: public(address)
initialized: public(bool)

deposits: public(HashMap[address, HashMap[address, uint256]])   # l1Token -> l2Token -> amount


@deploy
def __init__():
    pass


@external
def initialize(owner: address, messenger: address, l2Bridge: address):
    """
    @notice Sets the owner, the L1CrossDomainMessenger and the L2StandardBridge (0x4200…0010).
            Callable once; reverts the second time.
    """
    assert not self.initialized, "L1StandardBridge: already initialized"
    assert messenger != empty(address), "L1StandardBridge: zero messenger"
    self.initialized = True
    self.owner = owner
    self.messenger = messenger
    self.l2TokenBridge = l2Bridge


@view
@external
def l2Bridge() -> address:
    """
    @notice The L2StandardBridge (the same as l2TokenBridge()).
    """
    return self.l2TokenBridge


@internal
def _only_eoa():
    assert msg.sender == tx.origin, "Account not EOA"


@internal
def _only_from_l2_bridge():
    messenger: address = self.messenger
    assert msg.sender == messenger, "OVM_XCHAIN: messenger contract unauthenticated"
    assert staticcall CrossDomainMessenger(messenger).xDomainMessageSender() == self.l2TokenBridge, \
        "OVM_XCHAIN: wrong sender of cross-domain message"


@internal
def _send_finalize_deposit(l1Token: address, l2Token: address, sender: address, to: address,
                           amount: uint256, l2Gas: uint32, data: Bytes[MAX_DATA]):
    message: Bytes[MAX_MESSAGE] = abi_encode(
        l1Token, l2Token, sender, to, amount, data,
        method_id=method_id("finalizeDeposit(address,address,address,address,uint256,bytes)"))
    extcall CrossDomainMessenger(self.messenger).sendMessage(self.l2TokenBridge, message, l2Gas)


@internal
def _deposit_eth(sender: address, to: address, amount: uint256, l2Gas: uint32, data: Bytes[MAX_DATA]):
    self._send_finalize_deposit(empty(address), NATIVE_TOKEN, sender, to, amount, l2Gas, data)
    log ETHDepositInitiated(sender=sender, receiver=to, amount=amount, data=data)


@internal
def _deposit_erc20(l1Token: address, l2Token: address, sender: address, to: address, amount: uint256,
                   l2Gas: uint32, data: Bytes[MAX_DATA]):
    # the native coin moves with depositETH only: an ERC-20 deposit naming NATIVE_TOKEN on the L2
    # would otherwise mint native coin out of any token
    assert l1Token != empty(address) and l2Token != NATIVE_TOKEN, "L1StandardBridge: use depositETH for the native coin"
    assert extcall IERC20(l1Token).transferFrom(sender, self, amount, default_return_value=True), \
        "L1StandardBridge: transferFrom failed"
    self._send_finalize_deposit(l1Token, l2Token, sender, to, amount, l2Gas, data)
    self.deposits[l1Token][l2Token] += amount
    log ERC20DepositInitiated(l1Token=l1Token, l2Token=l2Token, sender=sender, receiver=to,
                              amount=amount, data=data)


@payable
@external
def __default__():
    """
    @notice A plain ETH transfer from an EOA deposits it to the same address on the L2
            (200,000 L2 gas, no data).
    """
    self._only_eoa()
    self._deposit_eth(msg.sender, msg.sender, msg.value, DEFAULT_L2_GAS, b"")


@payable
@external
def depositETH(l2Gas: uint32, data: Bytes[MAX_DATA]):
    """
    @notice Deposits msg.value wei to msg.sender on the L2 (EOAs only).
    """
    self._only_eoa()
    self._deposit_eth(msg.sender, msg.sender, msg.value, l2Gas, data)


@payable
@external
def depositETHTo(to: address, l2Gas: uint32, data: Bytes[MAX_DATA]):
    """
    @notice Deposits msg.value wei to `to` on the L2.
    """
    self._deposit_eth(msg.sender, to, msg.value, l2Gas, data)


@external
def depositERC20(l1Token: address, l2Token: address, amount: uint256, l2Gas: uint32, data: Bytes[MAX_DATA]):
    """
    @notice Moves `amount` of l1Token from msg.sender into the bridge (an approval is needed) and
            mints as much l2Token to msg.sender on the L2 (EOAs only).
    """
    self._only_eoa()
    self._deposit_erc20(l1Token, l2Token, msg.sender, msg.sender, amount, l2Gas, data)


@external
def depositERC20To(l1Token: address, l2Token: address, to: address, amount: uint256, l2Gas: uint32,
                   data: Bytes[MAX_DATA]):
    """
    @notice As depositERC20, to `to` on the L2.
    """
    self._deposit_erc20(l1Token, l2Token, msg.sender, to, amount, l2Gas, data)


@external
def finalizeETHWithdrawal(sender: address, to: address, amount: uint256, data: Bytes[MAX_DATA]):
    """
    @notice Pays an L2 native-coin withdrawal: `amount` wei to `to` (messenger relays from the L2
            bridge only).
    """
    self._only_from_l2_bridge()
    ok: bool = raw_call(to, b"", value=amount, revert_on_failure=False)
    assert ok, "TransferHelper::safeTransferETH: ETH transfer failed"
    log ETHWithdrawalFinalized(sender=sender, receiver=to, amount=amount, data=data)


@external
def finalizeERC20Withdrawal(l1Token: address, l2Token: address, sender: address, to: address,
                            amount: uint256, data: Bytes[MAX_DATA]):
    """
    @notice Pays an L2 token withdrawal: `amount` of l1Token to `to` out of
            deposits[l1Token][l2Token] (messenger relays from the L2 bridge only).
    """
    self._only_from_l2_bridge()
    held: uint256 = self.deposits[l1Token][l2Token]
    assert held >= amount, "L1StandardBridge: withdrawal exceeds deposits"
    self.deposits[l1Token][l2Token] = held - amount
    assert extcall IERC20(l1Token).transfer(to, amount, default_return_value=True), \
        "L1StandardBridge: transfer failed"
    log ERC20WithdrawalFinalized(l1Token=l1Token, l2Token=l2Token, sender=sender, receiver=to,
                                 amount=amount, data=data)


@payable
@external
def donateETH():
    """
    @notice Adds ETH to the bridge's balance without a deposit.
    """
    pass
