import Foundation

/// A system command run to completion, with its exit status and output (stdout and stderr together).
public struct Command: Sendable {
    public let status: Int32
    public let output: String

    /// Runs `executable` (looked up in PATH) with `arguments`, waiting at most `timeout` seconds.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], timeout: TimeInterval = 30) throws -> Command {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            process.terminate()
            throw Failure(description: "\(executable) \(arguments.joined(separator: " ")) did not finish within \(timeout) s")
        }
        return Command(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// Runs the command and throws, with its output, unless it exits 0.
    @discardableResult
    public static func check(_ executable: String, _ arguments: [String]) throws -> String {
        let result = try run(executable, arguments)
        guard result.status == 0 else {
            throw Failure(description: "\(executable) \(arguments.joined(separator: " ")) exited \(result.status): \(result.output)")
        }
        return result.output
    }

    /// A command that did not finish, or failed.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }
}
