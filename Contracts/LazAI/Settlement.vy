# pragma version 0.4.3
# STUB (scaffolding): replaced by the core-contracts helper.
initialized: public(bool)

@external
def initialize(admin: address, query: address, inference: address, training: address):
    assert not self.initialized
    self.initialized = True
