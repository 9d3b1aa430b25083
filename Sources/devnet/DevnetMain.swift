// The `devnet` executable: everything lives in DevnetCommands, which has its own tests.
import DevnetCommands

@main
enum DevnetMain {
    static func main() async {
        await DevnetCommand.runMain()
    }
}
