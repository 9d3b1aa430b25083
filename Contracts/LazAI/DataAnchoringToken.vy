# pragma version 0.4.3
# STUB (scaffolding): replaced by the DAT helper. initialize(admin, minter, idao).
initialized: public(bool)

@external
def initialize(admin: address, minter: address, idao: address):
    assert not self.initialized
    self.initialized = True
