import Node
import Primitives

/// The proof `L1CrossDomainMessenger.relayMessage(target, sender, message, messageNonce, proof)`
/// takes for an L2→L1 message (ROLLUP-API §2, after Optimism's L2MessageInclusionProof):
/// `(stateRoot, stateRootBatchHeader, stateRootProof, accountProof, storageProof)`.
///
/// - `stateRoot`: the state root of the L2 block the storage proof is taken at;
/// - `header` and (`index`, `siblings`): the SCC batch holding that root and its Merkle inclusion
///   proof (`StateBatchMerkle`);
/// - `accountProof`, `storageProof`: eth_getProof's `accountProof` of L2ToL1MessagePasser and
///   `storageProof[0].proof` of its `sentMessages` slot, RLP trie nodes root first (EIP-1186).
public struct WithdrawalProof: Sendable, Hashable {
    public var stateRoot: Hash
    public var header: ChainBatchHeader
    /// Position of `stateRoot` in its batch (0-based).
    public var index: UInt64
    /// Merkle siblings, leaf level first; ⌈log2(batchSize)⌉ of them.
    public var siblings: [Hash]
    public var accountProof: [[UInt8]]
    public var storageProof: [[UInt8]]

    public init(stateRoot: Hash, header: ChainBatchHeader, index: UInt64, siblings: [Hash],
                accountProof: [[UInt8]], storageProof: [[UInt8]]) {
        self.stateRoot = stateRoot
        self.header = header
        self.index = index
        self.siblings = siblings
        self.accountProof = accountProof
        self.storageProof = storageProof
    }

    /// The proof tuple's ABI type.
    public static let abiType = "(bytes32,(uint256,bytes32,uint256,uint256,bytes),(uint256,bytes32[]),bytes[],bytes[])"

    /// The L1 messenger's relay function.
    public static let l1RelaySignature = "relayMessage(address,address,bytes,uint256,\(abiType))"

    /// The proof as an ABI tuple.
    public var abiValue: ABIValue {
        .tuple([.bytes32(stateRoot), header.abiValue,
                .tuple([.uint64(index), .array(siblings.map { .bytes32($0) })]),
                .array(accountProof.map { .bytes($0) }), .array(storageProof.map { .bytes($0) })])
    }

    /// The calldata of `L1CrossDomainMessenger.relayMessage(target, sender, message, messageNonce, proof)`.
    public static func l1RelayCalldata(_ m: CrossDomainMessage, proof: WithdrawalProof) -> [UInt8] {
        ABI.call(l1RelaySignature, [.address(m.target), .address(m.sender), .bytes(m.message), .uint(m.nonce), proof.abiValue])
    }

    /// Why an eth_getProof answer cannot be used.
    public enum ParseFailure: Error, Sendable, Equatable, CustomStringConvertible {
        case malformed(String)
        /// The slot holds zero: the message is not in the passer at that block.
        case messageNotStored(slot: Hash)

        public var description: String {
            switch self {
            case .malformed(let why): "eth_getProof answer is malformed: \(why)"
            case .messageNotStored(let s): "L2ToL1MessagePasser slot \(s.hex) is empty at that block: the message was not sent there"
            }
        }
    }

    /// The two node lists of an eth_getProof answer (EIP-1186) for one storage key: `accountProof`
    /// and `storageProof[0].proof`, after checking that the slot asked for is the one answered and
    /// holds a nonzero value.
    /// - Throws: `ParseFailure`.
    public static func nodes(fromGetProof json: JSON, slot: Hash) throws(ParseFailure) -> (account: [[UInt8]], storage: [[UInt8]]) {
        guard case .array(let acc)? = json["accountProof"] else { throw .malformed("no accountProof") }
        guard case .array(let sp)? = json["storageProof"], let first = sp.first else { throw .malformed("no storageProof") }
        guard let key = first["key"]?.stringValue.flatMap({ try? Hex.parseQuantity($0) }), key == slot.word else {
            throw .malformed("storageProof[0].key is not \(slot.hex)")
        }
        guard let value = first["value"]?.stringValue.flatMap({ try? Hex.parseQuantity($0) }) else {
            throw .malformed("no storageProof[0].value")
        }
        guard value != .zero else { throw .messageNotStored(slot: slot) }
        guard case .array(let proof)? = first["proof"] else { throw .malformed("no storageProof[0].proof") }
        func decodeList(_ list: [JSON], _ name: String) throws(ParseFailure) -> [[UInt8]] {
            var out: [[UInt8]] = []
            for item in list {
                guard let b = item.stringValue.flatMap({ try? Hex.decode($0) }), !b.isEmpty else {
                    throw .malformed("\(name) holds a value that is not hex data")
                }
                out.append(b)
            }
            return out
        }
        return (try decodeList(acc, "accountProof"), try decodeList(proof, "storageProof[0].proof"))
    }

    /// The proof as JSON (the `proof` member of devnet_getWithdrawalProof): hex strings and
    /// quantities, named as the L1 messenger's tuple fields.
    public var json: JSON {
        .object([
            ("stateRoot", .string(stateRoot.hex)),
            ("stateRootBatchHeader", header.json),
            ("stateRootProof", .object([("index", .string(Hex.quantity(index))),
                                         ("siblings", .array(siblings.map { .string($0.hex) }))])),
            ("accountProof", .array(accountProof.map { .string(Hex.encode($0)) })),
            ("storageProof", .array(storageProof.map { .string(Hex.encode($0)) })),
        ])
    }
}

extension ChainBatchHeader {
    /// The header as JSON: `{batchIndex, batchRoot, batchSize, prevTotalElements, extraData}`.
    public var json: JSON {
        .object([
            ("batchIndex", .string(Hex.quantity(batchIndex))),
            ("batchRoot", .string(batchRoot.hex)),
            ("batchSize", .string(Hex.quantity(batchSize))),
            ("prevTotalElements", .string(Hex.quantity(prevTotalElements))),
            ("extraData", .string(Hex.encode(extraData))),
        ])
    }
}
