"""The generated Swift bytecode files match Contracts/**/*.vy: Contracts/L1 and L2 →
Sources/Rollup/Generated/RollupContracts.swift, Contracts/LazAI → Sources/LazAI/Generated/LazAIContracts.swift.

Recompiles every Vyper source with Vyper's Python API (the version pinned in requirements.txt,
the EVM version the generator pins) and compares runtime bytecode and initcode with the hex the
generated Swift file holds. Needs no devnet. When it fails: run scripts/generate-contracts.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import vyper
from vyper.compiler.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
CONTRACTS = ROOT / "Contracts"
ROLLUP = ROOT / "Sources" / "Rollup" / "Generated" / "RollupContracts.swift"
LAZAI = ROOT / "Sources" / "LazAI" / "Generated" / "LazAIContracts.swift"
FIX = "run scripts/generate-contracts"

SOURCES = sorted(CONTRACTS.rglob("*.vy"), key=lambda p: str(p.relative_to(ROOT)))


def generated_file(source: Path) -> Path:
    """The Swift file a source's bytecode goes to (its group in scripts/generate-contracts)."""
    return LAZAI if source.relative_to(CONTRACTS).parts[0] == "LazAI" else ROLLUP


def swift_name(path: Path) -> str:
    return path.stem[0].lower() + path.stem[1:]


def generated_constants(generated: Path) -> dict[str, bytes]:
    """name (e.g. lockingPoolRuntime) -> bytes, parsed from a generated Swift file."""
    assert generated.exists(), f"{generated.relative_to(ROOT)} is missing: {FIX}"
    text = generated.read_text()
    found = {}
    pattern = r'public static let (\w+): \[UInt8\] = (?:bytes\("""\n(.*?)\n\s*"""\)|\[\])'
    for m in re.finditer(pattern, text, re.S):
        found[m.group(1)] = bytes.fromhex(re.sub(r"\s", "", m.group(2) or ""))
    return found


def generated_setting(name: str, generated: Path = ROLLUP) -> str:
    m = re.search(rf'public static let {name} = "([^"]*)"', generated.read_text())
    assert m, f"{generated.relative_to(ROOT)} has no {name}: {FIX}"
    return m.group(1)


def test_vyper_version_matches_the_pin():
    pinned = re.search(r"^vyper==(\S+)", (ROOT / "Tests/e2e/requirements.txt").read_text(), re.M).group(1)
    assert vyper.__version__.split("+")[0] == pinned
    for generated in (ROLLUP, LAZAI):
        assert generated_setting("vyperVersion", generated) == pinned, f"generated with another vyper: {FIX}"


@pytest.mark.parametrize("generated", [ROLLUP, LAZAI], ids=["RollupContracts", "LazAIContracts"])
def test_every_source_and_nothing_else_is_generated(generated: Path):
    names = generated_constants(generated)
    expected = {swift_name(p) + kind for p in SOURCES if generated_file(p) == generated
                for kind in ("Runtime", "Initcode")}
    missing = sorted(expected - names.keys())
    extra = sorted(names.keys() - expected)
    assert not missing, f"not in the generated file: {missing}: {FIX}"
    assert not extra, f"generated but no source any more: {extra}: {FIX}"


@pytest.mark.parametrize("source", SOURCES, ids=[str(p.relative_to(CONTRACTS)) for p in SOURCES])
def test_generated_bytecode_is_current(source: Path):
    rel = source.relative_to(ROOT)
    out = vyper.compile_code(
        source.read_text(),
        contract_path=str(rel),
        output_formats=["bytecode", "bytecode_runtime"],
        settings=Settings(evm_version=generated_setting("evmVersion", generated_file(source))),
    )
    names = generated_constants(generated_file(source))
    name = swift_name(source)
    runtime = bytes.fromhex(out["bytecode_runtime"][2:])
    initcode = bytes.fromhex(out["bytecode"][2:])
    assert name + "Runtime" in names, f"{rel} is not in the generated file: {FIX}"
    assert names[name + "Runtime"] == runtime, f"{rel}: {name}Runtime is stale: {FIX}"
    assert names[name + "Initcode"] == initcode, f"{rel}: {name}Initcode is stale: {FIX}"
    # The runtime code is the tail end of what the initcode deploys (Vyper copies it out verbatim).
    assert runtime in initcode
