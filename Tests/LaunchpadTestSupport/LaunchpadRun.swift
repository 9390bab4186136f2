#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// `launchpad` run until it exits, with its output (stdout and stderr together): for starts that
/// must fail at once, in one line.
public struct LaunchpadRun: Sendable {
    public let status: Int32
    public let output: String
    /// From the start to the exit (or to the timeout, when it was killed).
    public let seconds: TimeInterval

    /// The output's lines that are not blank.
    public var lines: [Substring] {
        output.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    /// Runs `launchpad` with `arguments` in `workingDirectory` (by default the test's own), for at
    /// most `timeout` seconds.
    public static func run(_ arguments: [String], workingDirectory: String? = nil, timeout: TimeInterval = 15) throws -> LaunchpadRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: RepositoryPaths.launchpadBinary)
        process.arguments = arguments
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let started = Date()
        try process.run()
        let deadline = started.addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        let seconds = Date().timeIntervalSince(started)
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return LaunchpadRun(status: process.terminationStatus, output: output, seconds: seconds)
    }
}
