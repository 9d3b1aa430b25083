# pragma version 0.4.3
# STUB (scaffolding): replaced by the DAT/iDAO helper.
initialized: public(bool)

@external
def initialize(admin: address, token: address, verifiedComputing: address, settlement: address, name: String[256], description: String[1024], classId: uint256, votingPeriod: uint256, quorum: uint256):
    assert not self.initialized
    self.initialized = True
