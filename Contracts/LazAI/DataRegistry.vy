# pragma version 0.4.3
# STUB (scaffolding): replaced by the core-contracts helper.
initialized: public(bool)

@external
def initialize(admin: address, token: address, verifiedComputing: address, name: String[256], publicKey: String[1024]):
    assert not self.initialized
    self.initialized = True
