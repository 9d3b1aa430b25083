"""Shared helpers for the devnet end-to-end tests.

The node under test is reached over HTTP JSON-RPC only:

  DEVNET_RPC_URL      node URL (default http://127.0.0.1:8545, the Hyperion L2)
  DEVNET_L1_RPC_URL   the L1 node's URL, for tests of the Metis layer that use both chains
                      (default http://127.0.0.1:9545)
  DEVNET_TX_TIMEOUT   seconds to wait for a receipt (default 30)
  DEVNET_EVM_VERSION  Vyper target EVM version (default cancun)
  DEVNET_PYREVM_SPEC  pyrevm (revm 8) spec id for the gas replay, capitalised as revm spells it:
                      Cancun, Prague, ... (default Prague; an unknown name silently means Latest)
"""

from __future__ import annotations

import itertools
import os
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

RPC_URL = os.environ.get("DEVNET_RPC_URL", "http://127.0.0.1:8545")
L1_RPC_URL = os.environ.get("DEVNET_L1_RPC_URL", "http://127.0.0.1:9545")
TX_TIMEOUT = float(os.environ.get("DEVNET_TX_TIMEOUT", "30"))
EVM_VERSION = os.environ.get("DEVNET_EVM_VERSION", "cancun")
PYREVM_SPEC = os.environ.get("DEVNET_PYREVM_SPEC", "Prague")
CONTRACTS_DIR = Path(__file__).parent / "contracts"
ROOT = Path(__file__).resolve().parents[2]
# The binary tests start devnets of their own with (beside the devnet under test).
DEVNET_BINARY = os.environ.get("DEVNET_BINARY", str(ROOT / ".build" / "release" / "devnet"))

# Dev account 0 of the mnemonic "test test test test test test test test test test test junk"
# at m/44'/60'/0'/0/0 (anvil's first account).
DEV0_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
DEV0_ADDRESS = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"


class RpcError(Exception):
    """A JSON-RPC error object returned by the node."""

    def __init__(self, error: dict):
        self.code = error.get("code")
        self.message = error.get("message", "")
        self.data = error.get("data")
        super().__init__(f"JSON-RPC error {self.code}: {self.message} (data={self.data!r})")


class Rpc:
    """A minimal JSON-RPC 2.0 client that keeps the raw error objects (code, message, data)."""

    def __init__(self, url: str):
        self.url = url
        self.session = requests.Session()
        self.ids = itertools.count(1)

    def raw(self, method: str, params: list | None = None) -> dict:
        body = {"jsonrpc": "2.0", "id": next(self.ids), "method": method, "params": params or []}
        resp = self.session.post(self.url, json=body, timeout=60)
        resp.raise_for_status()
        return resp.json()

    def __call__(self, method: str, *params):
        answer = self.raw(method, list(params))
        if "error" in answer:
            raise RpcError(answer["error"])
        return answer["result"]

    def wait_receipt(self, tx_hash: str) -> dict:
        deadline = time.monotonic() + TX_TIMEOUT
        while time.monotonic() < deadline:
            receipt = self("eth_getTransactionReceipt", tx_hash)
            if receipt is not None:
                return receipt
            time.sleep(0.05)
        raise TimeoutError(f"no receipt for {tx_hash} after {TX_TIMEOUT} s")


@dataclass
class Artifact:
    abi: list
    bytecode: bytes  # initcode
    runtime: bytes   # the code a deployment leaves at the contract address


def compile_vyper(path: Path) -> Artifact:
    """Compiles one Vyper 0.4 source at test time."""
    import vyper
    from vyper.compiler.settings import Settings

    out = vyper.compile_code(
        path.read_text(),
        contract_path=str(path),
        output_formats=["abi", "bytecode", "bytecode_runtime"],
        settings=Settings(evm_version=EVM_VERSION),
    )
    return Artifact(abi=out["abi"], bytecode=bytes.fromhex(out["bytecode"][2:]),
                    runtime=bytes.fromhex(out["bytecode_runtime"][2:]))


def _connect(url: str) -> Rpc:
    client = Rpc(url)
    problem = None
    try:
        client("eth_chainId")
    except requests.RequestException as exc:
        problem = f"no devnet answers at {url}: {type(exc).__name__}"
    if problem:  # a clear failure, not a skip: the node must be up
        pytest.fail(problem, pytrace=False)
    return client


@pytest.fixture(scope="session")
def rpc() -> Rpc:
    """The node under test (DEVNET_RPC_URL; the L2 by default)."""
    return _connect(RPC_URL)


@pytest.fixture(scope="session")
def l1rpc() -> Rpc:
    """The L1 node (DEVNET_L1_RPC_URL), for tests of the Metis layer."""
    return _connect(L1_RPC_URL)


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class DevnetProcess:
    """A `devnet start` of a test's own (DEVNET_BINARY) on free ports, run from the repository root,
    for tests that need other settings than the devnet under test. `start()` waits for the banner's
    "Ready in" (a clear failure with the log if it exits or takes longer than `timeout` seconds) and
    may be called again after `stop()` (a restart, on new ports); each start logs to its own file."""

    def __init__(self, *args: str, workdir: Path):
        self.args = list(args)
        self.workdir = Path(workdir)
        self.proc: subprocess.Popen | None = None
        self.starts = 0

    def start(self, timeout: float = 120) -> "DevnetProcess":
        if not Path(DEVNET_BINARY).exists():
            pytest.skip(f"{DEVNET_BINARY} is not built")
        self.l2, self.l1 = free_port(), free_port()
        self.starts += 1
        self.log = self.workdir / f"devnet-{self.starts}.log"
        with open(self.log, "w") as out:
            self.proc = subprocess.Popen([DEVNET_BINARY, "start", "--l2-port", str(self.l2), "--l1-port", str(self.l1),
                                          *self.args], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while "Ready in" not in self.log.read_text():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                pytest.fail("devnet did not start:\n" + self.log.read_text(), pytrace=False)
            time.sleep(0.2)
        self.url = f"http://127.0.0.1:{self.l2}"
        self.rpc = Rpc(self.url)
        return self

    @property
    def banner(self) -> str:
        """Everything the current start printed so far."""
        return self.log.read_text()

    def stop(self):
        """SIGTERM, then SIGKILL after 20 s."""
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def __enter__(self) -> "DevnetProcess":
        return self.start()

    def __exit__(self, *exc):
        self.stop()
