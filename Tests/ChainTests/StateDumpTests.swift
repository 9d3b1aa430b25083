import Foundation
import Testing
@testable import Chain
import EVM
import Primitives
import State

/// anvil_dumpState / anvil_loadState at the chain level: the committed version-1 fixture (written
/// with its expected state root by Reference/state_dump_v1.py, computed with py-trie), version
/// dispatch, anvil's own format, and dump → load round trips.
@Suite struct StateDumpTests {
    static var referenceDir: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Reference") }

    static func fixture() throws -> [UInt8] {
        [UInt8](try Data(contentsOf: referenceDir.appendingPathComponent("state_dump_v1.json")))
    }

    static func emptyChain() throws -> Blockchain {
        Blockchain(config: try ChainConfig(chainId: 133718, genesisTimestamp: 1_700_000_000))
    }

    @Test func committedV1FixtureLoadsWithTheReferenceStateRoot() throws {
        let dump = try StateDump.decode(try Self.fixture())
        #expect(dump.version == 1)
        #expect(dump.chainId == 133718)
        let chain = try Self.emptyChain()
        chain.loadState(dump)
        let state = try #require(chain.state(at: chain.headNumber))
        // py-trie's root of exactly the fixture's three accounts (state_dump_v1.py).
        #expect(state.stateRoot == Hash(hex: "0x73a3837d9566dc0fbf14bc1f8668f86901b764d57bcbf0472d63fbd30699ebf5")!)
        #expect(dump.stateRoot == state.stateRoot)
        let a1 = Address(hex: "0x1000000000000000000000000000000000000001")!
        let a2 = Address(hex: "0x2000000000000000000000000000000000000002")!
        #expect(state.balance(a1) == UInt256(1_000_000_000_000_000_000 as UInt64))
        #expect(state.nonce(a1) == 7)
        #expect(state.nonce(a2) == 1)
        #expect(state.code(a2).bytes == [0x60, 0x00, 0x54, 0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x00, 0xf3])
        #expect(state.storage(a2, .zero) == UInt256(42))
        #expect(state.storage(a2, UInt256(255)) == UInt256(0xabcdef as UInt64))
        // The loaded contract runs: eth_call returns slot 0.
        let out = try chain.call(CallRequest(to: a2), at: chain.headNumber)
        #expect(out.output == UInt256(42).bigEndianBytes)
    }

    @Test func newerVersionIsRefusedWithAClearError() throws {
        let doc = Array(#"{"version": 2, "devnet": "metis-devnet", "accounts": {}}"#.utf8)
        #expect(throws: StateDumpError.unsupportedVersion(2, newest: 1)) { try StateDump.decode(doc) }
        #expect(StateDumpError.unsupportedVersion(2, newest: 1).description.contains("newer"))
    }

    @Test func malformedAndCompressedInputsAreRefused() throws {
        #expect(throws: StateDumpError.self) { try StateDump.decode(Array("[1,2]".utf8)) }
        #expect(throws: StateDumpError.self) { try StateDump.decode(Array(#"{"blocks": []}"#.utf8)) }
        #expect(throws: StateDumpError.self) { try StateDump.decode(Array(#"{"version": 1, "accounts": {"0x12": {}}}"#.utf8)) }
        #expect(throws: StateDumpError.compressed) { try StateDump.decode([0x1f, 0x8b, 0x08, 0x00]) }
    }

    /// anvil's `SerializableState` (no version; nonce a number, balance a hex quantity, storage
    /// keys and values as hex quantities, extra members such as `block` and `best_block_number`).
    @Test func anvilFormatLoads() throws {
        let anvil = #"""
        {"block":{"number":"0x5","coinbase":"0x0000000000000000000000000000000000000000","timestamp":"0x0","gas_limit":"0x1c9c380","basefee":"0x0"},
         "accounts":{"0x5fbdb2315678afecb367f032d93f642f64180aa3":{"nonce":1,"balance":"0x2","code":"0x6001","storage":{"0x0":"0x1","0x1":"0x0"}}},
         "best_block_number":"0x5","blocks":[],"transactions":[]}
        """#
        let dump = try StateDump.decode(Array(anvil.utf8))
        #expect(dump.version == 0)
        let chain = try Self.emptyChain()
        chain.loadState(dump)
        let a = Address(hex: "0x5fbdb2315678afecb367f032d93f642f64180aa3")!
        let s = try #require(chain.state(at: chain.headNumber))
        #expect(s.nonce(a) == 1)
        #expect(s.balance(a) == UInt256(2))
        #expect(s.code(a).bytes == [0x60, 0x01])
        #expect(s.storage(a, .zero) == UInt256(1))
        #expect(s.account(a)?.storage.count == 1)
    }

    @Test func dumpLoadRoundTripsToTheSameStateRoot() throws {
        let a = try Self.emptyChain()
        let x = Address(hex: "0x00000000000000000000000000000000000000aa")!
        let y = Address(hex: "0x00000000000000000000000000000000000000bb")!
        a.setBalance(x, wei: UInt256(123_456))
        a.setNonce(x, 9)
        a.setCode(y, [0x60, 0x2a, 0x60, 0x00, 0x55, 0x00])
        a.setStorage(y, slot: UInt256(3), value: UInt256(77))
        a.setStorage(y, slot: UInt256.max, value: UInt256.max)
        _ = a.mine(timestamp: nil)   // the state survives a block too
        let bytes = a.dumpState().encoded()
        // Same state → same bytes (sorted, fixed member order).
        #expect(bytes == a.dumpState().encoded())
        let b = try Self.emptyChain()
        b.loadState(try StateDump.decode(bytes))
        let sa = try #require(a.state(at: a.headNumber)), sb = try #require(b.state(at: b.headNumber))
        #expect(sb.stateRoot == sa.stateRoot)
        #expect(sb.accounts == sa.accounts)
        #expect(sb.storage(y, .max) == .max)
    }

    @Test func loadMergesIntoExistingState() throws {
        let chain = try Self.emptyChain()
        let y = Address(hex: "0x00000000000000000000000000000000000000bb")!
        let z = Address(hex: "0x00000000000000000000000000000000000000cc")!
        chain.setStorage(y, slot: UInt256(1), value: UInt256(5))
        chain.setBalance(z, wei: UInt256(9))
        let doc = #"{"version":1,"accounts":{"0x00000000000000000000000000000000000000bb":{"balance":"0x7","nonce":0,"code":"0x","storage":{"0x02":"0x08"}}}}"#
        chain.loadState(try StateDump.decode(Array(doc.utf8)))
        let s = try #require(chain.state(at: chain.headNumber))
        #expect(s.storage(y, UInt256(1)) == UInt256(5))   // kept (anvil merges slot by slot)
        #expect(s.storage(y, UInt256(2)) == UInt256(8))
        #expect(s.balance(y) == UInt256(7))
        #expect(s.balance(z) == UInt256(9))               // untouched
    }
}
