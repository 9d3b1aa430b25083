"""LazAI with the Alith SDK itself (alith==0.12.3, unchanged, local profile: LAZAI_LOCAL_CHAIN=1).

Issue 7's acceptance: the data contribution of Alith's own example
`lazai_data_contribution_with_reward.py` (only the IPFS upload swapped for the devnet's file store),
a proof from a key that is not a node refused with InvalidAttestator, inference settlement through
the in-process node's OpenAI-style endpoint with Alith's X-LazAI headers (and a replayed nonce
refused), and Settlement deposit/withdraw changing the stored balance.

Alith's local profile is fixed to http://localhost:8545 (chain id 133718); when DEVNET_RPC_URL points
elsewhere (a devnet beside another one) the same profile is built with that URL instead.
Expected values come from the chain and from eth_account / Alith's own code, not from the devnet's
answers: the DAT minted equals the score in the proof the node signed (decoded from its addProof
transaction, signature recovered with eth_account), balances move by exactly the settled cost.
"""

from __future__ import annotations

import hashlib
import os

# Alith reads these when its modules are imported (default arguments), so they come first.
os.environ["LAZAI_LOCAL_CHAIN"] = "1"

import pytest  # noqa: E402
import requests  # noqa: E402
import rsa  # noqa: E402
from eth_account import Account  # noqa: E402
from eth_account.messages import encode_defunct  # noqa: E402
from web3 import Web3  # noqa: E402

from alith.data import encrypt  # noqa: E402
from alith.lazai import ChainConfig, Client, ProofData, ProofRequest  # noqa: E402
from alith.lazai.contracts import DATA_ANCHORING_TOKEN_CONTRACT_ABI  # noqa: E402

from conftest import DEV0_KEY, RPC_URL, Rpc  # noqa: E402

LOCAL = "http://localhost:8545"

PRIVACY_DATA = """\
# Introduction

LazAI solves AI's data alignment problem: contributors register encrypted data, verified-computing
nodes score it and sign proofs, contributors receive Data Anchored Tokens, and iDAOs govern it.

## Why a devnet

Developers test the whole flow locally before touching a public testnet: encryption, registration,
proof, reward, inference and settlement, each a real transaction on a real chain.
"""


def alith_client(key: str) -> Client:
    """Alith's Client in its local profile (or the same profile on DEVNET_RPC_URL)."""
    if RPC_URL.rstrip("/") in (LOCAL, "http://127.0.0.1:8545"):
        return Client(private_key=key)
    return Client(chain_config=ChainConfig("LazAI Devnet", RPC_URL, 133718), private_key=key)


@pytest.fixture(scope="module")
def rpc() -> Rpc:
    return Rpc(RPC_URL)


def funded_account(rpc: Rpc, ether: int = 10) -> Account:
    """A new account with `ether` ETH from dev account 0 (so these tests don't share nonces)."""
    acct = Account.create()
    w3 = Web3(Web3.HTTPProvider(RPC_URL))
    dev = Account.from_key(DEV0_KEY)
    tx = {"to": acct.address, "value": ether * 10**18, "gas": 21000, "chainId": 133718,
          "nonce": w3.eth.get_transaction_count(dev.address, "pending"),
          "maxFeePerGas": 2 * w3.eth.gas_price + 10**9, "maxPriorityFeePerGas": 10**9}
    rpc.wait_receipt(w3.eth.send_raw_transaction(dev.sign_transaction(tx).raw_transaction).to_0x_hex())
    return acct


def upload(data: bytes, name: str) -> str:
    """The devnet's file store stands in for IPFS: POST the bytes, get a URL."""
    base = RPC_URL.rstrip("/")
    resp = requests.post(f"{base}/lazai/files?name={name}", data=data, timeout=30)
    assert resp.status_code == 201, resp.text
    url = resp.json()["url"]
    assert requests.get(url, timeout=30).content == data
    return url


def contribute(client: Client, text: str, name: str) -> tuple[int, str, str]:
    """Alith's example up to the proof request: (file_id, url, password)."""
    privacy_data_sha256 = hashlib.sha256(text.encode()).hexdigest()
    encryption_seed = "Sign to retrieve your encryption key"
    message = encode_defunct(text=encryption_seed)
    password = client.wallet.sign_message(message).signature.hex()
    encrypted_data = encrypt(text.encode(), password)
    assert encrypted_data, "gpg produced no ciphertext (is gnupg installed?)"
    url = upload(encrypted_data, name)
    file_id = client.get_file_id_by_url(url)
    if file_id == 0:
        file_id = client.add_file_with_hash(url, privacy_data_sha256)
    assert file_id > 0
    pub_key = client.get_public_key()
    encryption_key = rsa.encrypt(
        password.encode(),
        rsa.PublicKey.load_pkcs1(pub_key.strip().encode(), format="PEM"),
    ).hex()
    client.add_permission_for_file(file_id, client.contract_config.data_registry_address, encryption_key)
    return file_id, url, password


def test_data_contribution_with_reward(rpc: Rpc):
    contributor = funded_account(rpc)
    client = alith_client(contributor.key.hex())
    assert client.w3.eth.chain_id == 133718
    fee = client.node_fee()
    assert 0 < fee <= 100, f"nodeFee {fee} wei: Alith's example pays 100"

    file_id, url, password = contribute(client, PRIVACY_DATA, "your_encrypted_data1.txt")

    # 4. Request proof in the verified computing node (exactly as the example)
    client.request_proof(file_id, 100)
    job_id = client.file_job_ids(file_id)[-1]
    job = client.get_job(job_id)
    assert job[0] == file_id and job[1] == 100 and job[2] == 1  # Submitted
    node_info = client.get_node(job[-1])
    node_url: str = node_info[1]
    assert node_info[0] == job[-1] and node_info[2] == 1  # Active
    pub_key = node_info[-1]
    encryption_key = rsa.encrypt(
        password.encode(),
        rsa.PublicKey.load_pkcs1(pub_key.strip().encode(), format="PEM"),
    ).hex()
    request = ProofRequest(
        job_id=job_id,
        file_id=file_id,
        file_url=url,
        encryption_key=encryption_key,
        encryption_seed="Sign to retrieve your encryption key",
        proof_url=None,
    ).model_dump()
    response = requests.post(f"{node_url}/proof", json=request, timeout=120)
    assert response.status_code == 200, response.text

    # 5. Request DAT reward — right after the 200, as the example does
    _, receipt = client.request_reward(file_id)
    assert receipt["status"] == 1

    # The proof the node posted: decode its addProof transaction with Alith's own ABI.
    job = client.get_job(job_id)
    assert job[2] == 2, "job not Completed"
    node = job[-1]
    # Alith's DataRegistry ABI lists no events: find the node's addProof in the recent blocks.
    selector = Web3.keccak(text="addProof(uint256,(bytes,(uint256,uint256,string,string)))")[:4]
    add_proof_tx = None
    head = client.w3.eth.block_number
    for n in range(head, max(-1, head - 50), -1):
        for tx in client.w3.eth.get_block(n, full_transactions=True)["transactions"]:
            if tx["from"] == node and tx["to"] == client.contract_config.data_registry_address \
                    and bytes(tx["input"])[:4] == selector and \
                    client.data_registry_contract.decode_function_input(tx["input"])[1]["fileId"] == file_id:
                add_proof_tx = tx
        if add_proof_tx:
            break
    assert add_proof_tx is not None and add_proof_tx["from"] == node
    fn, args = client.data_registry_contract.decode_function_input(add_proof_tx["input"])
    assert fn.fn_name == "addProof" and args["fileId"] == file_id
    proof = args["proof"]
    data = ProofData(id=proof["data"]["id"], score=proof["data"]["score"],
                     file_url=proof["data"]["fileUrl"], proof_url=proof["data"]["proofUrl"])
    assert data.id == file_id and data.file_url == url
    assert 1 <= data.score <= 10000
    signer = Account.recover_message(encode_defunct(primitive=Web3.keccak(data.abi_encode())),
                                     signature=proof["signature"])
    assert signer == node and client.is_node(node)

    # The DAT: TokenMinted in the reward receipt, balance = the proof's score.
    dat = client.w3.eth.contract(address=client.contract_config.data_anchoring_token_address,
                                 abi=DATA_ANCHORING_TOKEN_CONTRACT_ABI)
    minted = dat.events.TokenMinted().process_receipt(receipt)
    assert len(minted) == 1 and minted[0]["args"]["to"] == contributor.address
    token_id = minted[0]["args"]["tokenId"]
    assert client.get_dat_balance(contributor.address, token_id) == data.score
    assert client.data_uri(token_id) == url
    file = client.get_file(file_id)
    assert file[1] == contributor.address and file[2] == url and file[5] == data.score

    # A second reward for the same file is refused.
    with pytest.raises(Exception, match="FileAlreadyRewarded"):
        client.request_reward(file_id)


def test_proof_signed_by_a_non_node_is_refused(rpc: Rpc):
    contributor = funded_account(rpc)
    client = alith_client(contributor.key.hex())
    file_id, url, _ = contribute(client, PRIVACY_DATA + "\nA second file.\n", "second.txt")
    assert not client.is_node(contributor.address)
    # addProof is open to anyone (as upstream); the signature is checked at reward time.
    client.add_proof(file_id, ProofData(id=file_id, score=9999, file_url=url, proof_url=""))
    with pytest.raises(Exception, match="InvalidAttestator"):
        client.request_reward(file_id)


def test_inference_settlement(rpc: Rpc):
    user = funded_account(rpc)
    client = alith_client(user.key.hex())
    info = rpc("lazai_getInfo")
    node = Web3.to_checksum_address(info["nodes"][0]["address"])
    node_url = client.get_inference_node(node)[1]
    assert node_url.startswith("http")

    client.add_user(10_000_000)
    assert client.get_user(user.address)[1] == 10_000_000
    client.deposit_inference(node, 5_000_000)
    assert client.get_user(user.address)[1] == 5_000_000
    account = client.get_inference_account(user.address, node)
    assert account[0] == user.address and account[1] == node and account[3] == 5_000_000

    headers = client.get_request_headers(node)
    body = {"model": "devnet", "messages": [{"role": "user", "content": "What is Alith?"}]}
    node_before = client.get_balance(node)
    head_before = client.w3.eth.block_number
    resp = requests.post(f"{node_url}/v1/chat/completions", json=body, headers=headers, timeout=60)
    assert resp.status_code == 200, resp.text
    answer = resp.json()
    assert answer["choices"][0]["message"]["content"]

    after = client.get_inference_account(user.address, node)
    cost = account[3] - after[3]
    assert cost > 0
    assert after[2] == int(headers["X-LazAI-Nonce"])
    # The node's balance rose by the cost less the gas of its settlementFees transaction(s).
    gas_paid = 0
    for n in range(head_before + 1, client.w3.eth.block_number + 1):
        for tx in client.w3.eth.get_block(n, full_transactions=True)["transactions"]:
            if tx["from"] == node:
                r = client.w3.eth.get_transaction_receipt(tx["hash"])
                gas_paid += r["gasUsed"] * r["effectiveGasPrice"]
    assert client.get_balance(node) == node_before + cost - gas_paid

    # The same headers again: the nonce is spent.
    replay = requests.post(f"{node_url}/v1/chat/completions", json=body, headers=headers, timeout=60)
    assert replay.status_code == 401
    assert "nonce" in replay.json()["error"]["message"].lower()
    assert client.get_inference_account(user.address, node)[3] == after[3]


def test_settlement_deposit_then_withdraw_changes_the_stored_balance(rpc: Rpc):
    user = funded_account(rpc)
    client = alith_client(user.key.hex())
    client.add_user(1_000)
    u = client.get_user(user.address)
    assert u[0] == user.address and u[1] == 1_000 and u[2] == 1_000
    client.deposit(500)
    u = client.get_user(user.address)
    assert u[1] == 1_500 and u[2] == 1_500
    before = client.get_balance()
    _, receipt = client.withdraw(700)
    u = client.get_user(user.address)
    assert u[1] == 800 and u[2] == 800, "withdraw must lower the stored balance (upstream's bug)"
    assert client.get_balance() == before + 700 - receipt["gasUsed"] * receipt["effectiveGasPrice"]
    with pytest.raises(Exception, match="InsufficientBalance"):
        client.withdraw(801)


def test_parallel_requests_of_one_user_are_all_answered_and_charged(rpc: Rpc):
    """An agent's parallel calls, each with fresh get_request_headers: every one is answered and
    the account pays exactly the sum of their costs (one settlement may cover several)."""
    import concurrent.futures

    user = funded_account(rpc)
    client = alith_client(user.key.hex())
    node = Web3.to_checksum_address(rpc("lazai_getInfo")["nodes"][0]["address"])
    node_url = client.get_inference_node(node)[1]
    client.add_user(20_000_000)
    client.deposit_inference(node, 20_000_000)
    before = client.get_inference_account(user.address, node)[3]
    headers = [client.get_request_headers(node) for _ in range(5)]
    body = {"model": "devnet", "messages": [{"role": "user", "content": "Summarise LazAI in one line."}]}

    def ask(h):
        r = requests.post(f"{node_url}/v1/chat/completions", json=body, headers=h, timeout=60)
        return r.status_code, r.json()

    with concurrent.futures.ThreadPoolExecutor(5) as pool:
        answers = list(pool.map(ask, headers))
    assert [status for status, _ in answers] == [200] * 5, answers
    costs = [int(a["lazai"]["cost"]) for _, a in answers]
    after = client.get_inference_account(user.address, node)
    assert before - after[3] == sum(costs)
    assert after[2] == max(int(h["X-LazAI-Nonce"]) for h in headers)
