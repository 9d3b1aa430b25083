import Primitives

extension StateSnapshot {
    /// A snapshot over `accounts` whose state root is known to be `stateRoot` (32 bytes), e.g. a
    /// past state rebuilt from stored change sets; storage roots are computed when first needed.
    /// The root is taken as given, not checked (`makeWorldState().commitBlock()` recomputes it).
    public init(accounts: [Address: Account], stateRoot: Hash) {
        self.init(accounts: accounts, storageRoots: [:], stateRoot: stateRoot)
    }
}
