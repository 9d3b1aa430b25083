/// Why `devnet start` could not boot; each case prints as one line saying what to do.
public enum LaunchError: Error, Equatable, CustomStringConvertible {
    /// Another process listens on the port. `flag` is the option that moves it (`--l2-port`).
    case portInUse(port: Int, host: String, chain: String, flag: String)
    /// The host name or address cannot be bound at all.
    case cannotBind(port: Int, host: String, chain: String, reason: String)
    /// The mnemonic does not give valid keys.
    case badMnemonic(String)
    /// A chain could not be built from its settings.
    case chainSetup(chain: String, reason: String)
    /// A chain's database could not be opened, holds another chain, or failed.
    case storage(chain: String, reason: String)

    public var description: String {
        switch self {
        case let .portInUse(port, host, chain, flag):
            "port \(port) on \(host) (\(chain)) is already in use; stop the process using it (`lsof -i :\(port)`) or choose another port with \(flag) or in devnet.toml"
        case let .cannotBind(port, host, chain, reason):
            "cannot listen on \(host):\(port) (\(chain)): \(reason); check `host` in devnet.toml or --host"
        case let .badMnemonic(reason):
            "accounts.mnemonic does not give dev keys: \(reason)"
        case let .chainSetup(chain, reason):
            "cannot set up \(chain): \(reason)"
        case let .storage(chain, reason):
            "cannot open the stored chain of \(chain): \(reason)"
        }
    }
}
