// The `devnet` executable: everything lives in DevnetCommands, which has its own tests.
import DevnetCommands

await DevnetCommand.main()
