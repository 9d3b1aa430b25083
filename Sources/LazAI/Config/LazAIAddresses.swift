import DevnetCrypto
import Primitives

/// The LazAI contracts' addresses: exactly Alith's local profile (`ContractConfig.local()` in
/// alith 0.12.3, `alith/lazai/contracts.py`), so `LAZAI_LOCAL_CHAIN=1` works unchanged. They are the
/// CREATE addresses of LazAI's deployer 0x34d9E02F9bB4E4C8836e38DF4320D4a79106F194 at nonces
/// 0, 2, 4, 7, 9, 11, 13 and 18 (../shared/reference/metis-lazai.md §4.1); the devnet's L2 genesis
/// places its own contracts there.
public enum LazAIAddresses {
    public static let dataRegistry = Address(hex: "0xEAd077726dC83ecF385e3763ed4A0A50E8Ac5AA0")!
    public static let verifiedComputing = Address(hex: "0x815da22D880E3560bCEcc85b6e4938b30c8202C4")!
    public static let dataAnchoringToken = Address(hex: "0x2eD344c586303C98FC3c6D5B42C5616ED42f9D9d")!
    public static let query = Address(hex: "0xE747fd70269a8a540403ddE802D6906CB18C9F50")!
    public static let inference = Address(hex: "0xbb969eaafB3A7124b8dCdf9a6d5Cd5BAa0381361")!
    public static let training = Address(hex: "0xb578AB78bb4780D9007Cc836b358468467814B3E")!
    public static let settlement = Address(hex: "0xBE94646A0C6C1032c289Eea47169798e09dB5299")!
    public static let idao = Address(hex: "0xEA30BA91F4DB33Ef0360Fc04d8E201954474dbD1")!
    /// The deployer of LazAI's contracts upstream (nobody holds its key on a devnet).
    public static let upstreamDeployer = Address(hex: "0x34d9E02F9bB4E4C8836e38DF4320D4a79106F194")!

    /// Every contract with its name, in genesis order.
    public static let all: [(name: String, address: Address)] = [
        ("DataAnchoringToken", dataAnchoringToken), ("VerifiedComputing", verifiedComputing),
        ("DataRegistry", dataRegistry), ("Query", query), ("Inference", inference), ("Training", training),
        ("Settlement", settlement), ("IDAO", idao),
    ]
}

/// The devnet's well-known LazAI keys, like anvil's dev accounts: public, for local use only.
public enum LazAIDevKeys {
    /// BIP-44 path of in-process node `i` (0-based): `m/44'/60'/0'/3/<i>` of the dev mnemonic.
    public static func nodePath(_ i: Int) -> String { "m/44'/60'/0'/3/\(i)" }

    /// Derives the keys of nodes 0..<count from `mnemonic`.
    /// - Throws: `CryptoError` for an invalid mnemonic.
    public static func nodeKeys(mnemonic: String, count: Int) throws(CryptoError) -> [PrivateKey] {
        try HDWallet.validateMnemonic(mnemonic)
        let seed = HDWallet.seed(mnemonic: mnemonic)
        var keys: [PrivateKey] = []
        for i in 0..<max(0, count) { keys.append(try HDWallet.derive(seed: seed, path: nodePath(i))) }
        return keys
    }

    /// The devnet's RSA-2048 key of its verified-computing nodes, PKCS#1 PEM ("BEGIN RSA PRIVATE
    /// KEY"). Generated once for this project with `openssl genrsa -traditional 2048`; public like
    /// the dev mnemonic, so never use it for real data. `lazai.rsa_key_file` replaces it.
    public static let rsaPrivateKeyPEM = """
-----BEGIN RSA PRIVATE KEY-----
MIIEogIBAAKCAQEAjhe4DXScg01s7AmWEDMCvwxqZ/pTHCWhV2QUa8QtarfbgNCx
2TIuCZ7QcgN1zVbuy9URGh7IKUYlayFdDAcAbAGqFJk844P0/3sZg8tnpH/6DG4X
LPSIBqsi8cP/qg+Ouu+ZNgz38UTSKdH2w5YKEmX1E17Rfp96VECA7ciVSBqt4+QK
gplbNFM+MPpBR7KIDMVZEypky9tbx93M8jcn1t0FDunmz4O/7duboDEqDp9m1PFg
JzZfl6tS/C35WcyT0DMvZVV5TMlhNxM9V2h/wy/u0vhVNQvesR4S/ctAqaAhZbCM
F3ZnI26TptwmsKxZCpzpNssZuFeAxHA2qDWUowIDAQABAoIBAAUiFa372dP6qxGq
xHFTAhIeD7SNXA1Ch9gLjIParXBBybv0NtQ0TZjq1BrrxZ/2Cb1+b/7oY2gFNsxL
g0IBs3kzZRnR8edCNe1+ooEPLfvI5N0oF4fgrfeAbqlgshSQOa4MaxWxybImESQd
zZYNmf+6JwPoZizfURsCnv0DuTSAwkVRrWGjfyIitwW2LCEevJzkVIgQA3Wxij4g
5xQedWUCuTlM8aP8tqy0Ykwxo+ZSOjvuEC1kw1D1zfFP+Bo6jX292QubgnhOPNlL
WNkLqWvB5wUervuc3Xr1BwTrfEuYz58Jyyk8VObYOgLDkw+tcyjxkmpJNImUx3Av
OiG8VxECgYEAv0GTYB8/MBz8dlu+C9BfYbsq7IpuMcyMWoJPdb8J7kYuTOiv6SxV
Kb0OKQhibsg2E/kVqP6ozxQtF4HDAGcFI/mthjRKW+p1bjORInf/HTjO1ni2moOC
xhRb5AFYUDnbD1BJTrF+g0YbV5qSN5Yvoknl9X8iNnIo9U0RYekSEukCgYEAvjGX
agv3waLwnv4lVQwk7cw1NXlF1IEzbd5xwKcXeYlbNWs+ZqNUmJzbMwyN2ptqnD3c
E9CU9V5r3GaPqXPGVjMDp3EYD+1iPrIOYcNFxRlR9iRhtGPWOKXETK2ZE1pydM1J
Hn/x0ezzXAubMm5AXbXaJMEltQ6yeEC2jF+Fe6sCgYAPqldf8C9EyZsENs+CODcX
0jTZ2xzbh12XrETF6DfwBF+WfRiriK4RFSMryTwGxu9nA2f6x6EcFRL8cex/A/Ev
2SuVaoMMtE+aDy88G4gR5K1Mc+bBETSM9O3x5wpMx/BheLoIcBFkv0FOE6MWWn7c
VCE50ogC3abtMLrTwjtwwQKBgFFvcHKSr0G036xkC14P9hvvrPS5eWHU9E1dynz/
znhWjLwhsDVIR+eUefKwtGhe1VYS0pGVZMJu7GYRb//RN6Ie87iVHwVq0f8gRDIt
50jOX56x0zfm64mTyKpARmPX/VvvrhgmFkeZWlYWDhyYwmydecr0/I06vsXoh4Ex
QTlDAoGAHwa0Lk/39xgcgVQa3wLQM2Sg1XYNOE8rFx/tiPyb2IBoxvrtRrZ4Vn7R
EWUaoMvgtU/9FGNnK5Qu9IIenAq6aR9ICJSD3ZRjbBFtnG6/vYgmxjEEKaiO9044
rIesWWkNSd1s3fWV1kdJMnJJhMi3j1Qietr1ZUgIsH0tyilp5ls=
-----END RSA PRIVATE KEY-----
"""

    /// The public half of `rsaPrivateKeyPEM`, PKCS#1 PEM ("BEGIN RSA PUBLIC KEY", what Alith's
    /// `rsa.PublicKey.load_pkcs1` reads): DataRegistry's `publicKey()` and each node's `publicKey`.
    public static let rsaPublicKeyPEM = """
-----BEGIN RSA PUBLIC KEY-----
MIIBCgKCAQEAjhe4DXScg01s7AmWEDMCvwxqZ/pTHCWhV2QUa8QtarfbgNCx2TIu
CZ7QcgN1zVbuy9URGh7IKUYlayFdDAcAbAGqFJk844P0/3sZg8tnpH/6DG4XLPSI
Bqsi8cP/qg+Ouu+ZNgz38UTSKdH2w5YKEmX1E17Rfp96VECA7ciVSBqt4+QKgplb
NFM+MPpBR7KIDMVZEypky9tbx93M8jcn1t0FDunmz4O/7duboDEqDp9m1PFgJzZf
l6tS/C35WcyT0DMvZVV5TMlhNxM9V2h/wy/u0vhVNQvesR4S/ctAqaAhZbCMF3Zn
I26TptwmsKxZCpzpNssZuFeAxHA2qDWUowIDAQAB
-----END RSA PUBLIC KEY-----
"""
}
