"""Hand-assembled test contract for ChainTests (no compiler needed).

Runtime:
  calldata empty          -> return sload(0) as one 32-byte word
  calldata word v == 0    -> revert with the 32-byte word 0xbeef
  otherwise               -> sstore(0, v); log1(data = v, topic0 = keccak256("Set(uint256)")); stop
Constructor: sstore(0, 7); return runtime.
"""
from eth_utils import keccak

TOPIC = keccak(b"Set(uint256)")

def assemble(parts):
    # parts: list of bytes or ('label', name) or ('push_label', name); labels are 1-byte offsets
    out, labels, fix = bytearray(), {}, []
    for p in parts:
        if isinstance(p, tuple) and p[0] == 'label':
            labels[p[1]] = len(out); out += b'\x5b'
        elif isinstance(p, tuple) and p[0] == 'push_label':
            out += b'\x60'; fix.append((len(out), p[1])); out += b'\x00'
        else:
            out += p
    for pos, name in fix: out[pos] = labels[name]
    return bytes(out)

runtime = assemble([
    b'\x36\x15', ('push_label', 'get'), b'\x57',        # CALLDATASIZE ISZERO PUSH get JUMPI
    b'\x60\x00\x35',                                    # PUSH1 0 CALLDATALOAD          [v]
    b'\x80\x15', ('push_label', 'rev'), b'\x57',        # DUP1 ISZERO PUSH rev JUMPI    [v]
    b'\x80\x60\x00\x55',                                # DUP1 PUSH1 0 SSTORE           [v]
    b'\x60\x00\x52',                                    # PUSH1 0 MSTORE                []
    b'\x7f' + TOPIC, b'\x60\x20\x60\x00\xa1',           # PUSH32 topic PUSH1 32 PUSH1 0 LOG1
    b'\x00',                                            # STOP
    ('label', 'get'), b'\x60\x00\x54\x60\x00\x52\x60\x20\x60\x00\xf3',   # SLOAD 0, MSTORE, RETURN 32
    ('label', 'rev'), b'\x61\xbe\xef\x60\x00\x52\x60\x20\x60\x00\xfd',   # MSTORE 0xbeef, REVERT 32
])
ctor = bytes.fromhex('6007600055')  # PUSH1 7 PUSH1 0 SSTORE
n = len(runtime)
prefix_len = len(ctor) + 12
initcode = ctor + bytes([0x60, n, 0x60, prefix_len, 0x60, 0x00, 0x39, 0x60, n, 0x60, 0x00, 0xf3]) + runtime
assert len(ctor) + 12 == prefix_len

if __name__ == '__main__':
    print("runtime ", runtime.hex())
    print("initcode", initcode.hex())
    print("topic   ", TOPIC.hex())
