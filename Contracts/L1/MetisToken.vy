# pragma version ~=0.4.3
"""
@title MetisToken
@notice METIS on the devnet's L1: an EIP-20 token ("Metis Token", METIS, 18 decimals).
        The owner is set once by initialize(owner); only the owner can mint. Anyone can burn
        their own tokens. No constructor work and no immutables: genesis places the runtime
        code and calls initialize (ROLLUP-API §2); a deployment by transaction calls it next.
        Written for metis-devnet; Metis' mainnet token is a plain ERC-20 as well.
"""

event Transfer:
    sender: indexed(address)
    receiver: indexed(address)
    amount: uint256

event Approval:
    owner: indexed(address)
    spender: indexed(address)
    amount: uint256

event OwnershipTransferred:
    previousOwner: indexed(address)
    newOwner: indexed(address)

name: public(constant(String[32])) = "Metis Token"
symbol: public(constant(String[8])) = "METIS"
decimals: public(constant(uint8)) = 18

owner: public(address)
initialized: public(bool)
totalSupply: public(uint256)
balanceOf: public(HashMap[address, uint256])
allowance: public(HashMap[address, HashMap[address, uint256]])


@deploy
def __init__():
    pass


@external
def initialize(owner: address):
    """
    @notice Sets the owner (the only minter). Callable once; reverts the second time.
    """
    assert not self.initialized, "MetisToken: already initialized"
    assert owner != empty(address), "MetisToken: owner is the zero address"
    self.initialized = True
    self.owner = owner
    log OwnershipTransferred(previousOwner=empty(address), newOwner=owner)


@internal
def _move(source: address, target: address, amount: uint256):
    assert target != empty(address), "MetisToken: transfer to the zero address"
    held: uint256 = self.balanceOf[source]
    assert held >= amount, "MetisToken: transfer amount exceeds balance"
    self.balanceOf[source] = held - amount
    self.balanceOf[target] += amount
    log Transfer(sender=source, receiver=target, amount=amount)


@external
def transfer(receiver: address, amount: uint256) -> bool:
    self._move(msg.sender, receiver, amount)
    return True


@external
def approve(spender: address, amount: uint256) -> bool:
    self.allowance[msg.sender][spender] = amount
    log Approval(owner=msg.sender, spender=spender, amount=amount)
    return True


@external
def transferFrom(owner: address, receiver: address, amount: uint256) -> bool:
    allowed: uint256 = self.allowance[owner][msg.sender]
    if allowed != max_value(uint256):
        assert allowed >= amount, "MetisToken: insufficient allowance"
        self.allowance[owner][msg.sender] = allowed - amount
    self._move(owner, receiver, amount)
    return True


@external
def mint(receiver: address, amount: uint256):
    assert msg.sender == self.owner, "MetisToken: caller is not the owner"
    assert receiver != empty(address), "MetisToken: mint to the zero address"
    self.totalSupply += amount
    self.balanceOf[receiver] += amount
    log Transfer(sender=empty(address), receiver=receiver, amount=amount)


@external
def burn(amount: uint256):
    held: uint256 = self.balanceOf[msg.sender]
    assert held >= amount, "MetisToken: burn amount exceeds balance"
    self.balanceOf[msg.sender] = held - amount
    self.totalSupply -= amount
    log Transfer(sender=msg.sender, receiver=empty(address), amount=amount)


@external
def transferOwnership(newOwner: address):
    assert msg.sender == self.owner, "MetisToken: caller is not the owner"
    assert newOwner != empty(address), "MetisToken: new owner is the zero address"
    log OwnershipTransferred(previousOwner=self.owner, newOwner=newOwner)
    self.owner = newOwner
