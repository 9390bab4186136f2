import Foundation

/// A system command run to completion, with its exit status and output (stdout and stderr together).
struct Command {
    let status: Int32
    let output: String

    /// Runs `executable` (looked up in PATH) with `arguments`, waiting at most `timeout` seconds.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], timeout: TimeInterval = 30) throws -> Command {
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
            throw FaultTestError("\(executable) \(arguments.joined(separator: " ")) did not finish within \(timeout) s")
        }
        return Command(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// Runs the command and throws, with its output, unless it exits 0.
    @discardableResult
    static func check(_ executable: String, _ arguments: [String]) throws -> String {
        let result = try run(executable, arguments)
        guard result.status == 0 else {
            throw FaultTestError("\(executable) \(arguments.joined(separator: " ")) exited \(result.status): \(result.output)")
        }
        return result.output
    }
}

/// A failure of the drill's own set-up, with what to do about it.
struct FaultTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
