"""End-to-end: the `lazai_` JSON-RPC namespace and the /datahub pages against a running devnet.

Files are registered, proofs added and rewards requested with web3 through Alith 0.12.3's own ABIs
(alith.lazai.contracts) from dev account 0; the proof is signed as Alith's Client.add_proof signs
it (ProofData.abi_encode, EIP-191 over its keccak) with the key of in-process node 0
(m/44'/60'/0'/3/0 of the dev mnemonic, LAZAI-API.md §0). Every expected value is read back from the
contracts with web3 (getFile, getJob, nodeFee, nodeList, getNode, uri, balanceOf, eth_getLogs),
then compared with what lazai_getFile / lazai_files / lazai_getJob / lazai_getDAT / lazai_getInfo
/ lazai_nodes answer.

Run against a devnet: DEVNET_RPC_URL=http://127.0.0.1:<l2 port> pytest Tests/e2e/test_lazai_rpc.py
"""

from __future__ import annotations

import html
import time

import pytest
import requests
from eth_abi import decode as abi_decode
from eth_abi import encode as abi_encode
from eth_account import Account
from eth_account.messages import encode_defunct
from eth_utils import keccak, to_checksum_address
from web3 import Web3

from alith.lazai import contracts as alith_contracts
from alith.lazai.proof import ProofData

from conftest import DEV0_ADDRESS, DEV0_KEY, Rpc, RpcError

MNEMONIC = "test test test test test test test test test test test junk"
NODE0_PATH = "m/44'/60'/0'/3/0"
REGISTRY = alith_contracts.DEFAULT_DATA_REGISTRY_CONTRACT_ADDRESS
VC = alith_contracts.DEFAULT_VERIFIED_COMPUTING_CONTRACT_ADDRESS
DAT = alith_contracts.DEFAULT_DATA_ANCHORING_TOKEN_CONTRACT_ADDRESS
IDAO = "0xEA30BA91F4DB33Ef0360Fc04d8E201954474dbD1"   # Alith's local iDAO address (LAZAI-API.md §0)
ZERO = "0x" + "00" * 20
GAS = 3_000_000


def q(n: int) -> str:
    """A QUANTITY as execution-apis writes it."""
    return hex(n)


@pytest.fixture(scope="module")
def w3(rpc: Rpc) -> Web3:
    web3 = Web3(Web3.HTTPProvider(rpc.url))
    if web3.eth.get_code(REGISTRY) in (b"", None):
        pytest.skip("no LazAI contracts on this chain (started with --no-lazai?)")
    return web3


@pytest.fixture(scope="module")
def registry(w3):
    return w3.eth.contract(address=REGISTRY, abi=alith_contracts.DATA_REGISTRY_CONTRACT_ABI)


@pytest.fixture(scope="module")
def vc(w3):
    return w3.eth.contract(address=VC, abi=alith_contracts.VERIFIED_COMPUTING_CONTRACT_ABI)


@pytest.fixture(scope="module")
def dat(w3):
    return w3.eth.contract(address=DAT, abi=alith_contracts.DATA_ANCHORING_TOKEN_CONTRACT_ABI)


@pytest.fixture(scope="module")
def node0():
    Account.enable_unaudited_hdwallet_features()
    return Account.from_mnemonic(MNEMONIC, account_path=NODE0_PATH)


def send_raw(w3: Web3, rpc: Rpc, fn, value: int = 0) -> dict:
    """Signs `fn` from dev account 0, sends it raw and returns its receipt (asserted successful)."""
    account = Account.from_key(DEV0_KEY)
    block = w3.eth.get_block("latest")
    tx = fn.build_transaction({
        "from": account.address, "nonce": w3.eth.get_transaction_count(account.address, "pending"),
        "chainId": w3.eth.chain_id, "gas": GAS, "value": value,
        "maxFeePerGas": block["baseFeePerGas"] * 2 + 10**9, "maxPriorityFeePerGas": 10**9,
    })
    signed = account.sign_transaction(tx)
    tx_hash = rpc("eth_sendRawTransaction", "0x" + bytes(signed.raw_transaction).hex().removeprefix("0x"))
    receipt = rpc.wait_receipt(tx_hash)
    assert receipt["status"] == "0x1", receipt
    return receipt


def send_sig(w3: Web3, rpc: Rpc, to: str, signature: str, types: list[str], args: list, value: int = 0) -> dict:
    """Sends `signature(args)` (calldata built with eth_abi) from dev account 0; the receipt."""
    account = Account.from_key(DEV0_KEY)
    block = w3.eth.get_block("latest")
    tx = {"to": to, "data": keccak(text=signature)[:4] + abi_encode(types, args), "value": value,
          "from": account.address, "nonce": w3.eth.get_transaction_count(account.address, "pending"),
          "chainId": w3.eth.chain_id, "gas": GAS, "maxFeePerGas": block["baseFeePerGas"] * 2 + 10**9,
          "maxPriorityFeePerGas": 10**9}
    tx_hash = rpc("eth_sendRawTransaction", "0x" + bytes(account.sign_transaction(tx).raw_transaction).hex().removeprefix("0x"))
    receipt = rpc.wait_receipt(tx_hash)
    assert receipt["status"] == "0x1", receipt
    return receipt


def view(w3: Web3, to: str, signature: str, types: list[str], args: list, out: list[str]):
    """eth_call of `signature(args)`, decoded with eth_abi as `out`."""
    data = w3.eth.call({"to": to, "data": keccak(text=signature)[:4] + abi_encode(types, args)})
    return abi_decode(out, bytes(data))


def reward_file(w3, rpc, registry, node0, tag: str, score: int):
    """A file registered, proven by node 0 (signed as Alith signs) and rewarded; (fileId, tokenId, receipts)."""
    url = unique_url(tag)
    file_id, _ = add_file(w3, rpc, registry, url, "0x02")
    data = ProofData(id=file_id, score=score, file_url=url, proof_url="ipfs://proof<b>")
    message_hash = Web3.keccak(data.abi_encode())
    signature = Account.sign_message(encode_defunct(primitive=message_hash), node0.key).signature
    proof = {"signature": bytes(signature), "data": {"id": file_id, "score": score, "fileUrl": url, "proofUrl": data.proof_url}}
    proof_receipt = send_raw(w3, rpc, registry.functions.addProof(file_id, proof))
    reward_receipt = send_raw(w3, rpc, registry.functions.requestReward(file_id, 1))
    block = int(reward_receipt["blockNumber"], 16)
    minted = w3.eth.get_logs({"address": DAT, "fromBlock": block, "toBlock": block,
                              "topics": ["0x" + keccak(text="TokenMinted(address,uint256,string)").hex().removeprefix("0x")]})
    assert len(minted) == 1
    token_id = int.from_bytes(minted[0]["topics"][2], "big")
    return file_id, token_id, url, data, message_hash, signature, proof_receipt, reward_receipt


def unique_url(tag: str) -> str:
    # a hostile URL: the RPC must return it verbatim, the dashboard escaped
    return f"https://files.example/{tag}-{time.time_ns()}?<script>alert(1)</script>"


def add_file(w3, rpc, registry, url: str, file_hash: str) -> tuple[int, dict]:
    receipt = send_raw(w3, rpc, registry.functions.addFile(url, file_hash))
    file_id = registry.functions.getFileIdByUrl(url).call()
    assert file_id > 0
    return file_id, receipt


def test_get_info_reflects_the_chain(rpc: Rpc, w3, vc, registry):
    info = rpc("lazai_getInfo")
    assert info["chainId"] == q(w3.eth.chain_id)
    contracts = info["contracts"]
    assert contracts["DataRegistry"] == alith_contracts.DEFAULT_DATA_REGISTRY_CONTRACT_ADDRESS
    assert contracts["VerifiedComputing"] == alith_contracts.DEFAULT_VERIFIED_COMPUTING_CONTRACT_ADDRESS
    assert contracts["DataAnchoringToken"] == alith_contracts.DEFAULT_DATA_ANCHORING_TOKEN_CONTRACT_ADDRESS
    assert contracts["Query"] == alith_contracts.DEFAULT_QUERY_CONTRACT_ADDRESS
    assert contracts["Inference"] == alith_contracts.DEFAULT_INFERENCE_CONTRACT_ADDRESS
    assert contracts["Training"] == alith_contracts.DEFAULT_TRAINING_CONTRACT_ADDRESS
    assert contracts["Settlement"] == alith_contracts.DEFAULT_SETTLEMENT_CONTRACT_ADDRESS
    assert info["nodeFee"] == q(vc.functions.nodeFee().call())
    assert info["publicKey"] == registry.functions.publicKey().call()
    assert info["filesCount"] == q(registry.functions.filesCount().call())
    assert info["jobsCount"] == q(vc.functions.jobsCount().call())
    assert info["alith"]["env"] == {"LAZAI_LOCAL_CHAIN": "1"}
    assert info["admin"] == to_checksum_address(info["admin"])
    assert info["fileStoreURL"].endswith("/lazai/files")


def test_nodes_reflect_verified_computing(rpc: Rpc, w3, vc, node0):
    nodes = {n["address"]: n for n in rpc("lazai_nodes")}
    chain_nodes = vc.functions.nodeList().call()
    assert chain_nodes, "genesis registers at least one node"
    for address in chain_nodes:
        info = vc.functions.getNode(address).call()   # (address, url, status, amount, jobsCount, publicKey)
        entry = nodes[to_checksum_address(address)]
        assert entry["url"] == info[1]
        assert entry["publicKey"] == info[5]
        assert entry["verifiedComputing"]["status"] == {1: "active", 2: "removed"}[info[2]]
        assert entry["verifiedComputing"]["amount"] == q(info[3])
    assert nodes[node0.address]["inProcess"] is True
    assert nodes[node0.address]["index"] == "0x0"
    assert "publicKey" not in (nodes[node0.address]["runtime"] or {})
    for registry in ("query", "inference", "training"):
        assert nodes[node0.address][registry]["status"] == "active"


def test_get_file_and_files_reflect_add_file(rpc: Rpc, w3, registry):
    url = unique_url("plain")
    file_hash = "0x" + keccak(text=url).hex().removeprefix("0x")
    file_id, receipt = add_file(w3, rpc, registry, url, file_hash)
    chain = registry.functions.getFile(file_id).call()   # (id, owner, url, hash, proofIndex, rewardAmount)
    got = rpc("lazai_getFile", q(file_id))
    assert got["id"] == q(chain[0]) == q(file_id)
    assert got["owner"] == chain[1] == DEV0_ADDRESS
    assert got["url"] == chain[2] == url
    assert got["hash"] == chain[3] == file_hash
    assert got["proofIndex"] == q(chain[4]) == "0x0"
    assert got["rewardAmount"] == q(chain[5]) == "0x0"
    assert got["rewarded"] is False
    assert got["addedTx"] == receipt["transactionHash"]
    assert got["jobs"] == [] and got["proofs"] == [] and got["permissions"] == []
    assert got["datTokenId"] is None
    # a JSON number id works too; the list shows the same object
    assert rpc("lazai_getFile", file_id) == got
    page = rpc("lazai_files", {"fromId": q(file_id), "count": 1})
    assert page["files"] == [got]
    assert page["total"] == q(registry.functions.filesCount().call())
    latest = rpc("lazai_files")
    assert latest["files"][-1]["id"] == page["total"]


def test_permissions_and_jobs(rpc: Rpc, w3, registry, vc, node0):
    url = unique_url("perm")
    key = "ab" * 64   # what Alith stores: the RSA-encrypted password, hex
    receipt = send_raw(w3, rpc, registry.functions.addFileWithPermissions(url, "0x01", DEV0_ADDRESS, [(node0.address, key)]))
    file_id = registry.functions.getFileIdByUrl(url).call()
    fee = vc.functions.nodeFee().call()
    job_receipt = send_raw(w3, rpc, vc.functions.requestProof(file_id), value=fee + 5)
    job_ids = vc.functions.fileJobIds(file_id).call()
    assert len(job_ids) == 1
    chain_job = vc.functions.getJob(job_ids[0]).call()   # (fileId, bidAmount, status, addedTimestamp, owner, node)

    got = rpc("lazai_getFile", q(file_id))
    assert got["permissions"] == [{"account": node0.address, "key": key, "txHash": receipt["transactionHash"]}]
    job = rpc("lazai_getJob", q(job_ids[0]))
    assert job["id"] == q(job_ids[0])
    assert job["fileId"] == q(chain_job[0]) == q(file_id)
    assert job["bidAmount"] == q(chain_job[1]) == q(fee + 5)
    assert job["owner"] == chain_job[4] == DEV0_ADDRESS
    assert job["node"] == chain_job[5]
    assert job["addedTimestamp"] == q(chain_job[3])
    assert job["submittedTx"] == job_receipt["transactionHash"]
    # the node may have completed it by now: the status follows the chain's at the time of the read
    assert job["status"] in ("submitted", "completed")
    assert [j["id"] for j in got["jobs"]] == [job["id"]]
    by_file = rpc("lazai_jobs", {"fileId": q(file_id)})
    assert [j["id"] for j in by_file["jobs"]] == [job["id"]]


def test_proof_reward_and_dat(rpc: Rpc, w3, registry, dat, node0):
    score = 4321
    file_id, token_id, url, data, message_hash, signature, proof_receipt, reward_receipt = \
        reward_file(w3, rpc, registry, node0, "reward", score)

    got = rpc("lazai_getFile", q(file_id))
    chain = registry.functions.getFile(file_id).call()
    assert got["rewarded"] is True
    assert got["proofIndex"] == q(chain[4]) == "0x1"
    assert got["rewardAmount"] == q(chain[5]) == q(score)
    assert got["rewardTx"] == reward_receipt["transactionHash"]
    assert got["datTokenId"] == q(token_id)
    assert got["datMintTx"] == reward_receipt["transactionHash"]
    [p] = got["proofs"]
    assert p["index"] == "0x1" and p["score"] == q(score)
    assert p["fileUrl"] == url and p["proofUrl"] == data.proof_url
    assert p["signer"] == node0.address
    assert p["signature"] == "0x" + bytes(signature).hex().removeprefix("0x")
    assert p["hash"] == "0x" + bytes(message_hash).hex().removeprefix("0x")
    assert p["txHash"] == proof_receipt["transactionHash"]

    d = rpc("lazai_getDAT", q(token_id))
    assert d["id"] == q(token_id)
    assert d["owner"] == DEV0_ADDRESS
    assert d["uri"] == dat.functions.uri(token_id).call() == url
    assert d["verified"] is dat.functions.verified(token_id).call()
    assert d["value"] == q(dat.functions.balanceOf(DEV0_ADDRESS, token_id).call()) == q(score)
    assert d["origin"]["fileId"] == q(file_id)
    assert d["origin"]["mintTx"] == reward_receipt["transactionHash"]
    assert d["usage"] == [] and d["revenue"]["claims"] == []
    assert token_id <= int(rpc("lazai_dats")["total"], 16)
    mine = rpc("lazai_dats", {"owner": DEV0_ADDRESS, "fromId": q(token_id), "count": 1})
    assert mine["dats"] == [d]
    assert rpc("lazai_dats", {"owner": node0.address, "fromId": q(token_id)})["dats"] == []


def test_unknown_ids_are_null_and_bad_params_invalid(rpc: Rpc, registry):
    beyond = registry.functions.filesCount().call() + 1000
    assert rpc("lazai_getFile", q(beyond)) is None
    assert rpc("lazai_getFile", "0x0") is None
    assert rpc("lazai_getJob", q(10**9)) is None
    assert rpc("lazai_getDAT", q(10**9)) is None
    assert rpc("lazai_getProposal", q(10**9)) is None
    for method, params in [("lazai_getFile", ["one"]), ("lazai_getFile", []), ("lazai_files", [{"from": 1}]),
                           ("lazai_files", [{"count": 0}]), ("lazai_getJob", [True])]:
        with pytest.raises(RpcError) as err:
            rpc(method, *params)
        assert err.value.code == -32602, (method, params)


def test_datahub_pages_escape_the_url(rpc: Rpc, w3, registry):
    url = unique_url("page")
    file_id, _ = add_file(w3, rpc, registry, url, "0x03")
    base = rpc.url.rstrip("/")
    page = requests.get(f"{base}/datahub/files/{file_id}", timeout=30)
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.text
    assert html.escape(url, quote=True).replace("&#x27;", "&#39;") in page.text
    for path in ("/datahub", "/datahub/files", "/datahub/jobs", "/datahub/nodes", "/datahub/dats", "/datahub/idao"):
        r = requests.get(base + path, timeout=30)
        assert r.status_code == 200, path
        assert "<script>alert(1)</script>" not in r.text, path
    assert requests.get(f"{base}/datahub/files/{10**9}", timeout=30).status_code == 404


def test_dat_usage_revenue_and_idao(rpc: Rpc, w3, registry, node0):
    file_id, token_id, *_ = reward_file(w3, rpc, registry, node0, "idao", 5000)
    # usage: the owner records 10 "tokens" (ERC-8028 recordUsage, a hard quota)
    metric = b"tokens".ljust(32, b"\0")
    usage_receipt = send_sig(w3, rpc, DAT, "recordUsage(uint256,bytes32,uint256)", ["uint256", "bytes32", "uint256"], [token_id, metric, 10])
    # revenue: 1 ETH settled on class 1, claimed to dev account 0, then 0.5 ETH more left pending
    send_sig(w3, rpc, DAT, "settleRevenueETH(uint256)", ["uint256"], [1], value=10**18)
    claim_receipt = send_sig(w3, rpc, DAT, "claim(uint256,address,address)", ["uint256", "address", "address"], [token_id, ZERO, DEV0_ADDRESS])
    send_sig(w3, rpc, DAT, "settleRevenueETH(uint256)", ["uint256"], [1], value=5 * 10**17)

    info = view(w3, DAT, "tokenInfo(uint256)", ["uint256"], [token_id],
                ["address", "uint256", "uint256", "uint256", "uint64", "string", "bool", "uint256", "uint256"])
    [pending] = view(w3, DAT, "pendingRevenue(uint256,address)", ["uint256", "address"], [token_id, ZERO], ["uint256"])
    d = rpc("lazai_getDAT", q(token_id))
    assert d["owner"] == to_checksum_address(info[0]) == DEV0_ADDRESS
    assert d["classId"] == q(info[1]) == "0x1"
    assert d["value"] == q(info[2]) == q(5000 - 10)
    assert d["shareRatio"] == q(info[3])
    assert d["expireAt"] == q(info[4])
    assert d["usedValue"] == q(info[7]) == q(10)
    assert d["revenue"]["claimed"] == q(info[8])
    assert d["revenue"]["pending"] == q(pending)
    assert pending > 0
    [claim] = d["revenue"]["claims"]
    assert claim["amount"] == q(info[8]) and claim["to"] == DEV0_ADDRESS and claim["txHash"] == claim_receipt["transactionHash"]
    [use] = d["usage"]
    assert use["metricType"] == "0x" + metric.hex() and use["metric"] == "tokens"
    assert use["amount"] == q(10) and use["txHash"] == usage_receipt["transactionHash"]
    assert d["origin"]["fileId"] == q(file_id)

    # iDAO: propose VerifiedComputing.updateNodeFee(20) and vote for it with the DAT's class value
    calldata = keccak(text="updateNodeFee(uint256)")[:4] + abi_encode(["uint256"], [20])
    description = "Raise the node fee to 20 wei <i>please</i>"
    created = send_sig(w3, rpc, IDAO, "propose(address,bytes,uint256,string)", ["address", "bytes", "uint256", "string"],
                       [VC, calldata, 0, description])
    [count] = view(w3, IDAO, "proposalCount()", [], [], ["uint256"])
    voted = send_sig(w3, rpc, IDAO, "vote(uint256,bool)", ["uint256", "bool"], [count, True])
    chain = view(w3, IDAO, "proposals(uint256)", ["uint256"], [count],
                 ["address", "address", "uint256", "bytes", "string", "uint256", "uint256", "uint256", "uint256", "bool"])
    [state] = view(w3, IDAO, "state(uint256)", ["uint256"], [count], ["uint8"])
    p = rpc("lazai_getProposal", q(count))
    assert p["id"] == q(count)
    assert p["proposer"] == to_checksum_address(chain[0]) == DEV0_ADDRESS
    assert p["target"] == to_checksum_address(chain[1]) == VC
    assert p["value"] == q(chain[2])
    assert p["calldata"] == "0x" + chain[3].hex() == "0x" + calldata.hex()
    assert p["description"] == chain[4] == description
    assert p["createdTimestamp"] == q(chain[5]) and p["deadline"] == q(chain[6])
    assert p["forVotes"] == q(chain[7]) and p["againstVotes"] == q(chain[8])
    assert chain[7] > 0
    assert p["executed"] is chain[9] is False
    assert p["state"] == {1: "active", 2: "defeated", 3: "succeeded", 4: "executed"}[state]
    assert p["createdTx"] == created["transactionHash"]
    [vote] = p["votes"]
    assert vote["voter"] == DEV0_ADDRESS and vote["support"] is True and vote["weight"] == q(chain[7])
    assert vote["txHash"] == voted["transactionHash"]
    page = rpc("lazai_proposals", {"fromId": q(count), "count": 1})
    assert page["proposals"] == [p]
    assert page["idao"]["address"] == IDAO
    assert page["total"] == q(count)
