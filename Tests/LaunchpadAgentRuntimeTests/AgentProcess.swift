import Foundation

/// A `launchpad agent-runtime` child process, with its stdout and stderr captured.
final class AgentProcess {
    let process = Process()
    private let output = Pipe()
    private let errors = Pipe()

    /// Starts `launchpad agent-runtime arguments...` with exactly `environment`.
    init(arguments: [String], environment: [String: String]) throws {
        process.executableURL = URL(fileURLWithPath: try Self.executable())
        process.arguments = ["agent-runtime"] + arguments
        process.environment = environment
        process.standardOutput = output
        process.standardError = errors
        try process.run()
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// Waits up to `seconds` for the process to exit; true when it did.
    func waitForExit(seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline {
            usleep(5_000)
        }
        return !process.isRunning
    }

    /// Everything written to stdout; call after the process exited.
    func standardOutput() -> String {
        String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    /// Everything written to stderr; call after the process exited.
    func standardError() -> String {
        String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    /// The `launchpad` executable in the build directory, beside the test bundle, or `$LAUNCHPAD_BINARY`.
    static func executable() throws -> String {
        var candidates: [String] = []
        if let explicit = ProcessInfo.processInfo.environment["LAUNCHPAD_BINARY"] {
            candidates.append(explicit)
        }
        if let bundle = Bundle.main.executableURL?.deletingLastPathComponent() {
            candidates.append(bundle.appendingPathComponent("launchpad").path)
        }
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        candidates.append(testBinary.deletingLastPathComponent().appendingPathComponent("launchpad").path)
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) {
            return found
        }
        throw LaunchpadNotBuilt(candidates: candidates)
    }
}
