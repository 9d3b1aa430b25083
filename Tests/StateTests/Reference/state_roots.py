from eth import constants
from eth.chains.base import MiningChain
from eth.vm.forks.cancun import CancunVM
from eth.db.atomic import AtomicDB
from eth_utils import to_wei, to_canonical_address, keccak, encode_hex
from eth_account import Account
Account.enable_unaudited_hdwallet_features()
m="test test test test test test test test test test test junk"
devs=[to_canonical_address(Account.from_mnemonic(m, account_path=f"m/44'/60'/0'/0/{i}").address) for i in range(10)]

def root(genesis_state):
    Chain = MiningChain.configure(__name__='C', vm_configuration=((0, CancunVM),), chain_id=31337)
    params = {
        'difficulty': 0, 'gas_limit': 30_000_000, 'timestamp': 0, 'extra_data': b'',
        'coinbase': constants.ZERO_ADDRESS, 'nonce': b'\x00'*8, 'mix_hash': constants.ZERO_HASH32,
    }
    chain = Chain.from_genesis(AtomicDB(), params, genesis_state)
    return encode_hex(chain.get_canonical_head().state_root)

def acct(balance=0, nonce=0, code=b'', storage=None):
    return {'balance': balance, 'nonce': nonce, 'code': code, 'storage': storage or {}}

print("empty", root({}))
print("dev10", root({a: acct(to_wei(10000,'ether')) for a in devs}))
c = to_canonical_address("0x5FbDB2315678afecb367f032d93F642f64180aa3")
code = bytes.fromhex("6080604052348015600f57600080fd5b50")
storage = {0: 1, 1: 0xdeadbeef, 2**255: 2**256-1, 0x1234: 0x100}
print("codeHash", encode_hex(keccak(code)))
print("contractOnly", root({c: acct(0, 1, code, storage)}))
g = {a: acct(to_wei(10000,'ether')) for a in devs}
g[devs[0]] = acct(to_wei(10000,'ether') - 12345, 1)
g[c] = acct(5, 1, code, storage)
print("mixed", root(g))

# Proofs (EIP-1186 shape) for the "mixed" state, built with the py-trie HexaryTrie that py-evm uses.
from trie import HexaryTrie
import rlp
from eth.rlp.accounts import Account as RLPAccount
def storage_trie(st):
    t = HexaryTrie({})
    for k, v in st.items():
        if v: t[keccak(k.to_bytes(32,'big'))] = rlp.encode(v)
    return t
stt = storage_trie(storage)
print("storageRoot", encode_hex(stt.root_hash))
st = HexaryTrie({})
for a, v in g.items():
    sr = storage_trie(v['storage']).root_hash
    st[keccak(a)] = rlp.encode(RLPAccount(v['nonce'], v['balance'], sr, keccak(v['code'])))
print("mixed(py-trie)", encode_hex(st.root_hash))
def proof(trie, key):
    return [encode_hex(rlp.encode(n)) for n in trie.get_proof(key)]
print("accountProof", proof(st, keccak(c)))
for k in [0, 2**255, 7]:
    print("storageProof", k, proof(stt, keccak(k.to_bytes(32,'big'))))
absent = to_canonical_address("0x0000000000000000000000000000000000000bad")
print("absentProof", proof(st, keccak(absent)))
