import EVM
import Primitives

extension Blockchain {
    /// Per transaction of `block`, every address its internal frames touch; nil when the block
    /// cannot be replayed.
    func callTreeAddresses(_ block: Block) -> [Set<Address>]? { nil }

    /// Per transaction of `block`, created contract → the address that ran CREATE/CREATE2.
    func callTreeCreators(_ block: Block) -> [[Address: Address]] { [] }
}
