# pragma version ~=0.4.3
"""
@title L2StandardERC20
@notice The L2 representation of an L1 ERC-20, after Optimism's / Metis' L2StandardERC20:
        EIP-20 with 18 decimals, `l1Token()`, `l2Bridge()`, and `mint` / `burn` that only the
        L2 bridge may call (deposits mint, withdrawals burn). ERC-165 `supportsInterface` answers
        for ERC-165 (0x01ffc9a7) and IL2StandardERC20 (0x1d1d8b63 = l1Token ^ mint ^ burn).

        Made by L2StandardTokenFactory with `create_copy_of` of a template instance and then
        `initialize(l2Bridge, l1Token, name, symbol)` in the same transaction, so the contract
        has no constructor arguments and no immutables (the template itself is placed in
        genesis as runtime code). `initialize` runs once. Written for metis-devnet.
"""

from ethereum.ercs import IERC20
implements: IERC20

event Transfer:
    sender: indexed(address)
    receiver: indexed(address)
    value: uint256

event Approval:
    owner: indexed(address)
    spender: indexed(address)
    value: uint256

event Mint:
    account: indexed(address)
    amount: uint256

event Burn:
    account: indexed(address)
    amount: uint256

decimals: public(constant(uint8)) = 18

ERC165_ID: constant(bytes4) = 0x01ffc9a7
L2_STANDARD_ERC20_ID: constant(bytes4) = 0x1d1d8b63

l1Token: public(address)
l2Bridge: public(address)
name: public(String[64])
symbol: public(String[32])
totalSupply: public(uint256)
balanceOf: public(HashMap[address, uint256])
allowance: public(HashMap[address, HashMap[address, uint256]])
initialized: bool


@deploy
def __init__():
    pass


@external
def initialize(l2Bridge: address, l1Token: address, name: String[64], symbol: String[32]):
    """
    @notice Sets the bridge that may mint and burn, the L1 token this one represents, the name
            and the symbol. Reverts when called a second time.
    """
    assert not self.initialized, "L2StandardERC20: already initialized"
    assert l2Bridge != empty(address), "L2StandardERC20: zero bridge"
    self.initialized = True
    self.l2Bridge = l2Bridge
    self.l1Token = l1Token
    self.name = name
    self.symbol = symbol


@view
@external
def supportsInterface(interfaceId: bytes4) -> bool:
    return interfaceId == ERC165_ID or interfaceId == L2_STANDARD_ERC20_ID


@internal
def _move(source: address, target: address, amount: uint256):
    assert target != empty(address), "ERC20: transfer to the zero address"
    held: uint256 = self.balanceOf[source]
    assert held >= amount, "ERC20: transfer amount exceeds balance"
    self.balanceOf[source] = held - amount
    self.balanceOf[target] += amount
    log Transfer(sender=source, receiver=target, value=amount)


@external
def transfer(receiver: address, amount: uint256) -> bool:
    self._move(msg.sender, receiver, amount)
    return True


@external
def approve(spender: address, amount: uint256) -> bool:
    self.allowance[msg.sender][spender] = amount
    log Approval(owner=msg.sender, spender=spender, value=amount)
    return True


@external
def transferFrom(owner: address, receiver: address, amount: uint256) -> bool:
    allowed: uint256 = self.allowance[owner][msg.sender]
    if allowed != max_value(uint256):
        assert allowed >= amount, "ERC20: insufficient allowance"
        self.allowance[owner][msg.sender] = allowed - amount
    self._move(owner, receiver, amount)
    return True


@external
def mint(account: address, amount: uint256):
    """
    @notice Mints `amount` to `account`; only the L2 bridge (a finalized deposit).
    """
    assert msg.sender == self.l2Bridge, "Only L2 Bridge can mint and burn"
    assert account != empty(address), "ERC20: mint to the zero address"
    self.totalSupply += amount
    self.balanceOf[account] += amount
    log Transfer(sender=empty(address), receiver=account, value=amount)
    log Mint(account=account, amount=amount)


@external
def burn(account: address, amount: uint256):
    """
    @notice Burns `amount` of `account`'s tokens; only the L2 bridge (a withdrawal).
    """
    assert msg.sender == self.l2Bridge, "Only L2 Bridge can mint and burn"
    held: uint256 = self.balanceOf[account]
    assert held >= amount, "ERC20: burn amount exceeds balance"
    self.balanceOf[account] = held - amount
    self.totalSupply -= amount
    log Transfer(sender=account, receiver=empty(address), value=amount)
    log Burn(account=account, amount=amount)
