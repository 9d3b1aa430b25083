# pragma version ~=0.4.3
"""
@title L2StandardTokenFactory
@notice Makes L2StandardERC20 tokens for L1 ERC-20s, after Optimism's / Metis'
        L2StandardTokenFactory (predeploy 0x4200000000000000000000000000000000000012).

        createStandardL2Token(l1Token, name, symbol) copies the runtime code of `template` (an
        L2StandardERC20 placed at a fixed address, 0x4200000000000000000000000000000000000013 on
        the devnet's L2) with Vyper's `create_copy_of` (CREATE of a copy of that code, no
        constructor) and calls the copy's `initialize(l2Bridge, l1Token, name, symbol)` in the
        same transaction. This works with genesis-placed runtime code: no initcode or blueprint is
        needed. Written for metis-devnet.

        initialize(l2Bridge, template) runs once (genesis, or the deployer in tests).
"""

interface L2StandardERC20:
    def initialize(l2Bridge: address, l1Token: address, name: String[64], symbol: String[32]): nonpayable

event StandardL2TokenCreated:
    l1Token: indexed(address)
    l2Token: indexed(address)

l2Bridge: public(address)
template: public(address)
initialized: bool


@deploy
def __init__():
    pass


@external
def initialize(l2Bridge: address, template: address):
    """
    @notice Sets the L2 bridge the tokens trust and the L2StandardERC20 whose code is copied.
            Reverts when called a second time.
    """
    assert not self.initialized, "L2StandardTokenFactory: already initialized"
    assert l2Bridge != empty(address), "L2StandardTokenFactory: zero bridge"
    assert template.is_contract, "L2StandardTokenFactory: template has no code"
    self.initialized = True
    self.l2Bridge = l2Bridge
    self.template = template


@external
def createStandardL2Token(l1Token: address, name: String[64], symbol: String[32]) -> address:
    """
    @notice Creates an L2StandardERC20 for `l1Token` whose bridge is `l2Bridge`.
    @return The new token's address (also in the StandardL2TokenCreated event).
    """
    assert self.initialized, "L2StandardTokenFactory: not initialized"
    assert l1Token != empty(address), "Must provide L1 token address"
    token: address = create_copy_of(self.template)
    extcall L2StandardERC20(token).initialize(self.l2Bridge, l1Token, name, symbol)
    log StandardL2TokenCreated(l1Token=l1Token, l2Token=token)
    return token
