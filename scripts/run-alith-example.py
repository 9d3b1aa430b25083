"""Runs Alith's unchanged sdks/python/examples/lazai_data_contribution_with_reward.py against a devnet:
only PinataIPFS is swapped for the devnet's file store and Client() pointed at DEVNET_RPC_URL.

Usage: DEVNET_RPC_URL=http://127.0.0.1:8545 python scripts/run-alith-example.py EXAMPLE.py   (a Python with alith==0.12.3, e.g. .venv)
(EXAMPLE.py: `git -C <alith clone> show HEAD:sdks/python/examples/lazai_data_contribution_with_reward.py`;
PRIVATE_KEY defaults to dev account 1)."""
import os, runpy, sys

import requests
os.environ["LAZAI_LOCAL_CHAIN"] = "1"
os.environ.setdefault("PRIVATE_KEY", "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d")
URL = os.environ.get("DEVNET_RPC_URL", "http://127.0.0.1:8545").rstrip("/")
import alith.data.storage as storage
import alith.lazai as lazai
from alith.data.storage import FileMetadata

class DevnetStore:
    async def upload(self, opts):
        r = requests.post(f"{URL}/lazai/files?name={opts.name}", data=opts.data); r.raise_for_status()
        j = r.json(); return FileMetadata(id=j["url"], name=opts.name, size=j["size"])
    async def get_share_link(self, opts): return opts.id
    async def close(self): pass

storage.PinataIPFS = DevnetStore
_Client = lazai.Client
class Client(_Client):
    def __init__(self, *a, **k):
        if not a:   # an example that passes its own ChainConfig positionally keeps it
            k.setdefault("chain_config", lazai.ChainConfig("LazAI Devnet", URL, 133718))
        super().__init__(*a, **k)
lazai.Client = Client
import alith
alith.LazAIClient = Client   # examples that import `from alith import LazAIClient`
runpy.run_path(sys.argv[1], run_name="__main__")
