# pragma version 0.4.3
# STUB (scaffolding): replaced by the core-contracts helper.
initialized: public(bool)

@external
def initialize(admin: address, settlement: address, lockTime: uint256, idao: address):
    assert not self.initialized
    self.initialized = True

@external
def addNode(nodeAddress: address, url: String[512], publicKey: String[1024]):
    pass
