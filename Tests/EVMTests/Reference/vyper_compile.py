"""Step 1 of vyper_scenario.json: compile the conformance suite's Vyper contracts (vyper 0.4.3, evm_version cancun).

Run: /work/wt/rpcenv/bin/python Tests/EVMTests/Reference/vyper_compile.py   (writes /tmp/evmref/compiled.json)
"""
import json, os
import vyper
from vyper.compiler.settings import Settings

base = os.path.join(os.path.dirname(__file__), "../../../../shared/conformance/rpc/contracts/")
if not os.path.isdir(base):
    base = "/work/shared/conformance/rpc/contracts/"
out = {}
for name in ["Token", "Factory", "Child", "Reverter", "Counter", "Emitter"]:
    src = open(base + name + ".vy").read()
    c = vyper.compile_code(src, output_formats=["bytecode", "abi"], settings=Settings(evm_version="cancun"))
    out[name] = {"bytecode": c["bytecode"], "abi": c["abi"]}
os.makedirs("/tmp/evmref", exist_ok=True)
json.dump(out, open("/tmp/evmref/compiled.json", "w"))
