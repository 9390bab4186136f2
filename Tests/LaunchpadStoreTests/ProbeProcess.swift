import Foundation

/// A StoreProbe child process (Sources/StoreProbe), spawned with posix_spawn with its stdout
/// going to a file, so the test can SIGKILL it and read what it had printed.
final class ProbeProcess {
    let pid: pid_t
    let outputPath: String
    private var status: Int32?

    /// Spawns `StoreProbe arguments...` with stdout appended to `outputPath`.
    init(_ arguments: [String], output outputPath: String) throws {
        let executable = try Self.executable()
        self.outputPath = outputPath
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, outputPath, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0o644)

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard result == 0 else {
            throw ProbeFailure("posix_spawn \(executable): \(String(cString: strerror(result)))")
        }
        self.pid = pid
    }

    deinit {
        if status == nil {
            kill(pid, SIGKILL)
            _ = wait()
        }
    }

    /// Sends SIGKILL.
    func forceKill() {
        kill(pid, SIGKILL)
    }

    /// Waits for the process to end and returns its raw wait status.
    @discardableResult
    func wait() -> Int32 {
        if let status { return status }
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
        status = raw
        return raw
    }

    /// Waits up to `seconds` for the process to exit; kills it if it does not.
    func wait(seconds: Double) throws -> Int32 {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            var raw: Int32 = 0
            if waitpid(pid, &raw, WNOHANG) == pid {
                status = raw
                return raw
            }
            usleep(10_000)
        }
        forceKill()
        wait()
        throw ProbeFailure("StoreProbe \(pid) did not exit within \(seconds) s")
    }

    /// The complete (newline-terminated) lines printed so far; a line cut short by a kill is dropped.
    func lines() throws -> [String] {
        let text = try String(contentsOfFile: outputPath, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeLast()  // after the last "\n": empty, or a partial line
        return lines
    }

    /// Whether a wait status says the process was killed by `signal`.
    static func killed(_ status: Int32, by signal: Int32) -> Bool {
        status & 0x7F == signal
    }

    /// Whether a wait status says the process exited with code 0.
    static func exitedCleanly(_ status: Int32) -> Bool {
        status & 0x7F == 0 && (status >> 8) & 0xFF == 0
    }

    /// The StoreProbe binary: `$STORE_PROBE`, or next to the test bundle in the build directory.
    static func executable() throws -> String {
        var candidates: [String] = []
        if let explicit = ProcessInfo.processInfo.environment["STORE_PROBE"] {
            candidates.append(explicit)
        }
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        candidates.append(testBinary.deletingLastPathComponent().appendingPathComponent("StoreProbe").path)
        // On macOS the tests run inside debug/LaunchpadPackageTests.xctest/Contents/MacOS/.
        candidates.append(
            testBinary.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("StoreProbe").path)
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("StoreProbe").path)
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) {
            return found
        }
        throw ProbeFailure(
            "StoreProbe not found (looked at \(candidates.joined(separator: ", "))). "
                + "Build it into the same build directory first, e.g. "
                + "`swift build --scratch-path .build-store --product StoreProbe`, or set STORE_PROBE to its path.")
    }

    /// The records StoreProbe's `write` command stores; the same rule as
    /// Sources/StoreProbe/ProbeRecord.swift.
    static func value(for id: String) -> [UInt8] {
        Array(String(repeating: "\(id);", count: 4).utf8)
    }
}
