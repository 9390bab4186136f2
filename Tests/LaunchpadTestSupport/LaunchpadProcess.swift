#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A real `launchpad up` (nginx in front of the FastCGI responder) on a free loopback port and a
/// temporary data directory, for end-to-end tests.
///
/// `launchpad up` supervises two children: the responder (`launchpad serve`, which holds the store
/// and is the replicas' parent) and nginx. `pid` is the supervisor, `responderPid` the responder.
public final class LaunchpadProcess: @unchecked Sendable {
    public let port: Int
    public let dataDirectory: String
    public let process: Process
    /// Where launchpad's stdout and stderr go: `<data>/launchpad.log` unless given.
    public let logPath: String
    private let ownsDirectory: TemporaryDirectory?

    public var client: RawHTTPClient { RawHTTPClient(port: port) }
    /// A client connecting from another loopback address, which nginx limits as any client but
    /// 127.0.0.1 (see nginx/launchpad-dev.conf.template).
    public func client(from sourceAddress: String) -> RawHTTPClient { RawHTTPClient(port: port, sourceAddress: sourceAddress) }
    public var socketPath: String { dataDirectory + "/launchpad.sock" }
    public var nginxPidPath: String { dataDirectory + "/nginx/nginx.pid" }
    /// The `launchpad up` process: the supervisor of the responder and nginx.
    public var pid: Int32 { process.processIdentifier }
    /// The responder (`launchpad serve`): it holds the store and is the replicas' parent. Read from
    /// `<data>/launchpad.pid` (0 when the file is gone).
    public var responderPid: Int32 { Self.readPid(dataDirectory + "/launchpad.pid") }
    /// nginx's master process, read from its pid file (0 when the file is gone).
    public var nginxPid: Int32 { Self.readPid(nginxPidPath) }

    private static func readPid(_ path: String) -> Int32 {
        Int32((try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 0
    }

    /// The golden cases' limits (see `InProcessDriver.testRateLimits`): seed 001's for USER keys,
    /// generous ones for the ADMIN key and failed authentications.
    public static let generousLimits = [
        "--rate-limit", "100/15m,20/1m", "--admin-rate-limit", "1000000/15m", "--auth-failure-limit", "1000000/15m",
        "--max-agents-per-user", "5", "--max-replicas-per-user", "10",
    ]

    /// The ADMIN key `launchpad up` made on first start.
    public var adminKey: String { Self.read(dataDirectory + "/admin.key") }

    /// The `GET /metrics` token `launchpad up` made on first start.
    public var metricsToken: String { Self.read(dataDirectory + "/metrics.token") }

    private static func read(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }

    /// Starts `launchpad up` and waits until GET /api/health answers through nginx. `logPath`
    /// puts the log outside the data directory (a test that fills the data directory needs it).
    /// `workingDirectory` is where it runs (by default, the test's own: the checkout).
    public init(
        dataDirectory: String? = nil, logPath: String? = nil, port: Int? = nil, workingDirectory: String? = nil,
        extraArguments: [String] = LaunchpadProcess.generousLimits
    ) throws {
        let temporary = dataDirectory == nil ? try TemporaryDirectory() : nil
        ownsDirectory = temporary
        self.dataDirectory = dataDirectory ?? temporary!.path
        self.logPath = logPath ?? self.dataDirectory + "/launchpad.log"
        self.port = try port ?? Self.freePort()
        process = Process()
        process.executableURL = URL(fileURLWithPath: RepositoryPaths.launchpadBinary)
        process.arguments = Self.arguments(dataDirectory: self.dataDirectory, port: self.port) + extraArguments
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        try FileManager.default.createDirectory(atPath: self.dataDirectory, withIntermediateDirectories: true)
        // Private: the log holds the first ADMIN key, and agents may pass through the data directory.
        _ = FileManager.default.createFile(atPath: self.logPath, contents: nil, attributes: [.posixPermissions: 0o600])
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: self.logPath))
        process.standardError = log
        process.standardOutput = log
        try process.run()
        try waitUntilServing()
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// The arguments of `launchpad up` on `dataDirectory` and `port`, with small thread counts. nginx's
    /// configuration is the one the binary carries.
    public static func arguments(dataDirectory: String, port: Int) -> [String] {
        ["up", "--data", dataDirectory, "--port", String(port), "--threads", "8", "--keepalive", "4", "--max-log-followers", "2"]
    }

    /// Waits until GET /api/health answers 200 through nginx.
    public func waitUntilServing() throws {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if !process.isRunning {
                throw RawHTTPClient.ClientError("launchpad up exited early: \(log())")
            }
            if let response = try? client.send(method: "GET", path: "/api/health"), response.status == 200 {
                return
            }
            usleep(50_000)
        }
        throw RawHTTPClient.ClientError("launchpad up did not serve within 30 s: \(log())")
    }

    /// Sends SIGTERM and waits for the exit status.
    @discardableResult
    public func stop(signal: Int32 = SIGTERM, timeout: TimeInterval = 20) -> Int32? {
        kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { return nil }
        return process.terminationStatus
    }

    /// The log's last 4000 characters.
    public func log() -> String {
        (try? String(contentsOfFile: logPath, encoding: .utf8))?.suffix(4000).description ?? ""
    }

    /// A port that was free a moment ago.
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                guard bind(fd, pointer, length) == 0 else { return -1 }
                return getsockname(fd, pointer, &length)
            }
        }
        guard bound == 0 else { throw RawHTTPClient.ClientError("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
