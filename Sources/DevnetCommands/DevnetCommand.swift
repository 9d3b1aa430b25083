import Appliance
import ArgumentParser

/// `devnet`: the root command. Its subcommands are `start`, `statetest`, `bench`, `batch`, `plugins` and `version`; `devnet --help` lists them.
public struct DevnetCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "devnet",
        abstract: "A local Metis network in one process: the Hyperion L2 and an L1 mock, with a real EVM.",
        discussion: """
        `devnet start` boots the L2 (chain 133718, http://127.0.0.1:8545, dashboard at GET /) and the \
        L1 (chain 31337, http://127.0.0.1:9545) with ten funded dev accounts. Settings come from \
        ./devnet.toml; flags override them.
        """,
        version: DevnetVersion.string,
        subcommands: [StartCommand.self, StateTestCommand.self, BenchCommand.self, BatchCommand.self, PluginsCommand.self, VersionCommand.self])

    public init() {}

    /// The executable's entry point: parses the arguments, runs the chosen (sub)command, and exits
    /// with its status (0, or 1 with one error line; `--help` and parse errors as ArgumentParser
    /// prints them). Spelled out because `main()` from top-level code picks the synchronous
    /// overload, which refuses an asynchronous subcommand.
    public static func runMain(_ arguments: [String]? = nil) async -> Never {
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            exit()
        } catch {
            exit(withError: error)
        }
    }
}

/// `devnet version`: prints the name and version.
public struct VersionCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "version", abstract: "Print the version.")

    public init() {}

    public func run() {
        print(DevnetVersion.string)
    }
}
