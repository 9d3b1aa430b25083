"""Reference state root after one EIP-1559 transfer, from py-evm (Cancun VM; a plain transfer has the
same effects under Prague: no calldata floor, no system contracts in this genesis).

Run: /work/wt/pyenv/bin/python Tests/ChainTests/Reference/transfer_state_root.py
Genesis: anvil dev accounts 0–2 with 10,000 ETH, gas limit 30,000,000, base fee 1 gwei, coinbase 0x0.
Tx: dev 0 → 0x…aa, 1 ETH, nonce 0, gas 21000, maxFee 2 gwei, tip 1 gwei, chain 31337.
"""
from eth import constants
from eth.chains.base import MiningChain
from eth.vm.forks.cancun import CancunVM
from eth.db.atomic import AtomicDB
from eth_account import Account
from eth_utils import to_wei, to_canonical_address, encode_hex
import rlp

Account.enable_unaudited_hdwallet_features()
m = "test test test test test test test test test test test junk"
accts = [Account.from_mnemonic(m, account_path=f"m/44'/60'/0'/0/{i}") for i in range(3)]
genesis_state = {to_canonical_address(a.address): {"balance": to_wei(10000, "ether"), "nonce": 0, "code": b"", "storage": {}} for a in accts}
Chain = MiningChain.configure(__name__="C", vm_configuration=((0, CancunVM),), chain_id=31337)
params = {"difficulty": 0, "gas_limit": 30_000_000, "timestamp": 1_700_000_000, "extra_data": b"",
          "coinbase": constants.ZERO_ADDRESS, "nonce": b"\x00" * 8, "mix_hash": constants.ZERO_HASH32,
          "base_fee_per_gas": 10**9}
chain = Chain.from_genesis(AtomicDB(), params, genesis_state)
signed = accts[0].sign_transaction({"type": 2, "chainId": 31337, "nonce": 0, "to": "0x00000000000000000000000000000000000000AA",
                                    "value": 10**18, "gas": 21000, "maxFeePerGas": 2 * 10**9, "maxPriorityFeePerGas": 10**9, "data": b""})
vm = chain.get_vm()
tx = vm.get_transaction_builder().decode(signed.raw_transaction)
print("base fee of block 1", chain.get_vm().get_header().base_fee_per_gas)
new_block, receipt, computation = chain.apply_transaction(tx)
print("gas used", receipt.gas_used, "error", computation.is_error)
print("state root", encode_hex(new_block.header.state_root))
print("tx hash", encode_hex(signed.hash))
