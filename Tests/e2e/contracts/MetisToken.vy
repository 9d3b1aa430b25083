# pragma version ~=0.4.0
"""
@title MetisToken
@notice A plain EIP-20 token for the devnet end-to-end test: the whole supply
        is minted to the deployer; failed transfers revert with Error(string).
"""

event Transfer:
    sender: indexed(address)
    receiver: indexed(address)
    amount: uint256

event Approval:
    owner: indexed(address)
    spender: indexed(address)
    amount: uint256

name: public(String[64])
symbol: public(String[16])
decimals: public(uint8)
totalSupply: public(uint256)
balanceOf: public(HashMap[address, uint256])
allowance: public(HashMap[address, HashMap[address, uint256]])


@deploy
def __init__(token_name: String[64], token_symbol: String[16], supply: uint256):
    self.name = token_name
    self.symbol = token_symbol
    self.decimals = 18
    self.totalSupply = supply
    self.balanceOf[msg.sender] = supply
    log Transfer(sender=empty(address), receiver=msg.sender, amount=supply)


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
    assert allowed >= amount, "MetisToken: insufficient allowance"
    self.allowance[owner][msg.sender] = allowed - amount
    self._move(owner, receiver, amount)
    return True
