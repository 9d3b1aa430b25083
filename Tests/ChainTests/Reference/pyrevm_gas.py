"""Reference gas numbers for ChainTests from pyrevm 0.3.7 (revm), spec PRAGUE.

Run: /work/wt/pyenv/bin/python Tests/ChainTests/Reference/pyrevm_gas.py
Every transaction runs in a fresh pyrevm EVM built with the pre-state it sees on our chain (pyrevm
keeps one journal across calls, so reusing one instance would leave slots warm between txs).
Sender: anvil dev account 0 with 10,000 ETH; gas price 0 (fees do not change gas used).
  deploy : create with contract.initcode (sender nonce 0)
  set(42): call the contract (code = runtime, slot 0 = 7) with calldata uint256(42)
  get    : call with empty calldata
  revert : call with calldata uint256(0)
"""
from pyrevm import EVM, Env, BlockEnv, CfgEnv, AccountInfo
from contract import initcode, runtime

SENDER = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
CONTRACT = "0x5FbDB2315678afecb367f032d93F642f64180aa3"   # create(sender, nonce 0)

def fresh(with_contract):
    evm = EVM(env=Env(cfg=CfgEnv(chain_id=31337), block=BlockEnv(number=1, timestamp=1, basefee=0, gas_limit=30_000_000)),
              spec_id="PRAGUE")
    evm.set_balance(SENDER, 10**22)
    if with_contract:
        evm.insert_account_info(CONTRACT, AccountInfo(nonce=1, code=runtime))
        evm.insert_account_storage(CONTRACT, 0, 7)
    return evm

evm = fresh(False)
addr = evm.deploy(SENDER, initcode, gas=1_000_000)
print("deploy", addr, "gasUsed", evm.result.gas_used, evm.result.reason, "slot0", evm.storage(addr, 0))
for name, data in [("set(42)", (42).to_bytes(32, "big")), ("get", b""), ("revert", (0).to_bytes(32, "big"))]:
    evm = fresh(True)
    try:
        out = evm.message_call(SENDER, CONTRACT, calldata=data, gas=100_000)
        print(name, "gasUsed", evm.result.gas_used, evm.result.reason, "out", out.hex(), "logs", len(evm.result.logs))
    except Exception as e:
        print(name, "gasUsed", evm.result.gas_used, e)

# A creation whose init code reverts (PUSH1 0 PUSH1 0 REVERT): the receipt still names the address.
evm = fresh(False)
try:
    evm.deploy(SENDER, bytes.fromhex("60006000fd"), gas=100_000)
    print("failed deploy did not fail")
except Exception as e:
    print("failed deploy gasUsed", evm.result.gas_used, e)
