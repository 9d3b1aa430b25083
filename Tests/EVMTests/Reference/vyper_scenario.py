"""Step 2 of vyper_scenario.json: run a transaction sequence on py-evm 0.12.1b1 (PragueVM) and record
each transaction's gas used (receipt, so after refund and the EIP-7623 floor), status, output and
created address.

Run: /work/wt/pyenv/bin/python Tests/EVMTests/Reference/vyper_scenario.py /tmp/evmref/compiled.json > Tests/EVMTests/Reference/vyper_scenario.json
"""
import json, sys
from eth_abi import encode
from eth_utils import function_signature_to_4byte_selector as sel, decode_hex, to_checksum_address
from eth_keys import keys
from eth.chains.base import MiningChain
from eth.vm.forks.prague import PragueVM
from eth.db.atomic import AtomicDB

compiled = json.load(open(sys.argv[1]))
KEYS = [keys.PrivateKey(bytes([i]) * 32) for i in (1, 2, 3)]
ADDR = [k.public_key.to_canonical_address() for k in KEYS]
A, B, C = ADDR
COINBASE = "0x00000000000000000000000000000000000c0b5e"
Chain = MiningChain.configure(__name__="Scenario", vm_configuration=((0, PragueVM),), chain_id=1)
genesis = {"difficulty": 0, "gas_limit": 30_000_000, "timestamp": 1000, "coinbase": decode_hex(COINBASE),
           "extra_data": b"", "nonce": b"\x00" * 8, "mix_hash": b"\x00" * 32}
chain = Chain.from_genesis(AtomicDB(), genesis, {a: {"balance": 10**21, "nonce": 0, "code": b"", "storage": {}} for a in ADDR})
nonces = {a: 0 for a in ADDR}
cumulative = 0
txs = []


def hexaddr(a):
    return "0x" + a.hex()


def tx(frm, to, data, value=0, gas=3_000_000):
    global cumulative
    key = KEYS[ADDR.index(frm)]
    vm = chain.get_vm()
    unsigned = vm.create_unsigned_transaction(nonce=nonces[frm], gas_price=10**10, gas=gas,
                                              to=to if to is not None else b"", value=value, data=data)
    _, receipt, comp = chain.apply_transaction(unsigned.as_signed_transaction(key))
    used = receipt.gas_used - cumulative
    cumulative = receipt.gas_used
    entry = {"from": hexaddr(frm), "to": hexaddr(to) if to is not None else None, "data": data.hex(), "value": value,
             "gas": gas, "nonce": nonces[frm], "gasUsed": used,
             "status": "success" if comp.is_success else "revert" if comp.output or "Revert" in repr(comp.error) else "failure",
             "output": comp.output.hex() if to is not None else ""}
    if to is None and comp.is_success:
        entry["created"] = hexaddr(comp.msg.storage_address)
    nonces[frm] += 1
    txs.append(entry)
    return entry


def call_data(sig, types=(), args=()):
    return sel(sig) + encode(list(types), list(args))


def code(name):
    return bytes.fromhex(compiled[name]["bytecode"][2:])


def created(e):
    return decode_hex(e["created"])


tok = created(tx(A, None, code("Token") + encode(["string", "string", "uint256"], ["Tok", "TK", 10**24])))
tx(A, tok, call_data("transfer(address,uint256)", ["address", "uint256"], [hexaddr(B), 1000]))
tx(A, tok, call_data("transfer(address,uint256)", ["address", "uint256"], [hexaddr(B), 5]))
tx(B, tok, call_data("transfer(address,uint256)", ["address", "uint256"], [hexaddr(A), 10**30]))   # reverts
tx(B, tok, call_data("transfer(address,uint256)", ["address", "uint256"], [hexaddr(C), 1005]))     # empties B: refund
tx(A, tok, call_data("approve(address,uint256)", ["address", "uint256"], [hexaddr(B), 500]))
tx(B, tok, call_data("transferFrom(address,address,uint256)", ["address", "address", "uint256"], [hexaddr(A), hexaddr(C), 300]))
tx(B, tok, call_data("balanceOf(address)", ["address"], [hexaddr(C)]))
child = created(tx(A, None, code("Child")))
fac = created(tx(A, None, code("Factory") + encode(["address"], [hexaddr(child)])))
proxy = tx(A, fac, call_data("deploy_proxy(bytes32)", ["bytes32"], [b"\x01" * 32]))["output"]
copy = tx(A, fac, call_data("deploy_copy(bytes32)", ["bytes32"], [b"\x02" * 32]))["output"]
tx(A, fac, call_data("deploy_copy(bytes32)", ["bytes32"], [b"\x02" * 32]))                        # collision → revert
proxy_addr = bytes.fromhex(proxy[-40:])
copy_addr = bytes.fromhex(copy[-40:])
tx(B, proxy_addr, call_data("set_value(uint256)", ["uint256"], [77]))
tx(B, proxy_addr, call_data("value()"))
tx(B, copy_addr, call_data("ping()"))
rev = created(tx(A, None, code("Reverter")))
tx(A, rev, call_data("check_positive(uint256)", ["uint256"], [3]))
tx(A, rev, call_data("always_raise()"))
tx(A, rev, call_data("set_or_revert(uint256)", ["uint256"], [13]))
tx(A, rev, call_data("set_or_revert(uint256)", ["uint256"], [5]))
ctr = created(tx(A, None, code("Counter") + encode(["uint256"], [7])))
tx(A, ctr, call_data("increment()"))
tx(B, ctr, call_data("deposit()"), value=12345)
tx(B, ctr, call_data("self_balance()"))
emi = created(tx(A, None, code("Emitter")))
tx(A, emi, call_data("emit_all(uint256,bytes32)", ["uint256", "bytes32"], [3, b"\x07" * 32]))
json.dump({"coinbase": COINBASE, "accounts": [hexaddr(a) for a in ADDR], "balance": 10**21, "transactions": txs},
          sys.stdout, indent=1)
