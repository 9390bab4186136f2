#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LaunchpadTestSupport

/// `launchpad` run as a client of a server: its arguments and environment, stdout and stderr apart.
struct ClientCLI {
    let url: String
    let apiKey: String

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String

        /// stdout as a JSON object (the `-o json` output).
        func json() throws -> [String: Any] {
            guard let object = try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any] else {
                throw CLIError("not a JSON object: \(stdout)")
            }
            return object
        }
    }

    struct CLIError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// Runs `launchpad arguments…` with the server given by LAUNCHPAD_URL and LAUNCHPAD_API_KEY
    /// (unless `environment` says otherwise), for at most `timeout` seconds.
    func run(_ arguments: [String], environment: [String: String]? = nil, timeout: TimeInterval = 30) throws -> Result {
        try run(executable: RepositoryPaths.launchpadBinary, arguments, environment: environment, timeout: timeout)
    }

    /// Runs `launchpad arguments…` with a terminal as its stdout (util-linux's `script`), as a person would.
    func runOnTerminal(_ arguments: [String]) throws -> Result {
        let command = ([RepositoryPaths.launchpadBinary] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: #"'\''"#) + "'" }
        return try run(executable: "/usr/bin/script", ["-qec", command.joined(separator: " "), "/dev/null"], environment: nil, timeout: 30)
    }

    private func run(executable: String, _ arguments: [String], environment: [String: String]?, timeout: TimeInterval) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var variables = ProcessInfo.processInfo.environment
        variables["LAUNCHPAD_URL"] = url
        variables["LAUNCHPAD_API_KEY"] = apiKey
        for (name, value) in environment ?? [:] { variables[name] = value.isEmpty ? nil : value }
        process.environment = variables
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read while it runs: a full pipe would stop it.
        let stdout = Collector(out.fileHandleForReading), stderr = Collector(err.fileHandleForReading)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw CLIError("launchpad \(arguments.joined(separator: " ")) ran past \(timeout) s: \(stdout.text) \(stderr.text)")
        }
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: stdout.finish(), stderr: stderr.finish())
    }

    /// Starts `launchpad arguments…` and returns it with its stdout collected as it comes.
    func start(_ arguments: [String]) throws -> (Process, Collector) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: RepositoryPaths.launchpadBinary)
        process.arguments = arguments + ["--url", url, "--api-key", apiKey]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return (process, Collector(out.fileHandleForReading))
    }
}

/// The bytes of a pipe, read on a thread of its own until its end.
final class Collector: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                lock.lock(); data.append(chunk); lock.unlock()
            }
            done.signal()
        }
    }

    var text: String {
        lock.lock(); defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }

    /// Everything, once the writer has closed the pipe.
    func finish() -> String {
        done.wait()
        return text
    }
}
