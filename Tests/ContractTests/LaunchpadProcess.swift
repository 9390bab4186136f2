#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LaunchpadTestSupport

/// A real `launchpad up` (nginx in front of the FastCGI responder) on a free loopback port and a
/// temporary data directory, for end-to-end tests.
final class LaunchpadProcess {
    let port: Int
    let dataDirectory: String
    let process: Process
    private let ownsDirectory: TemporaryDirectory?

    var client: RawHTTPClient { RawHTTPClient(port: port) }
    var socketPath: String { dataDirectory + "/launchpad.sock" }
    var nginxPidPath: String { dataDirectory + "/nginx/nginx.pid" }
    var logPath: String { dataDirectory + "/launchpad.log" }

    /// The golden cases' limits (see `InProcessDriver.testRateLimits`): seed 001's for USER keys,
    /// generous ones for the ADMIN key and failed authentications.
    static let generousLimits = [
        "--rate-limit", "100/15m,20/1m", "--admin-rate-limit", "1000000/15m", "--auth-failure-limit", "1000000/15m",
        "--max-agents-per-user", "5", "--max-replicas-per-user", "10",
    ]

    /// The ADMIN key `launchpad up` made on first start.
    var adminKey: String {
        (try? String(contentsOfFile: dataDirectory + "/admin.key", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }

    var driver: NginxDriver { NginxDriver(client: client, adminKey: adminKey) }

    /// Starts `launchpad up` and waits until GET /api/health answers through nginx.
    init(dataDirectory: String? = nil, extraArguments: [String] = LaunchpadProcess.generousLimits) throws {
        let temporary = dataDirectory == nil ? try TemporaryDirectory() : nil
        ownsDirectory = temporary
        self.dataDirectory = dataDirectory ?? temporary!.path
        port = try Self.freePort()
        process = Process()
        process.executableURL = URL(fileURLWithPath: RepositoryPaths.launchpadBinary)
        process.arguments = [
            "up", "--data", self.dataDirectory, "--port", String(port),
            "--nginx-templates", RepositoryPaths.nginxTemplates, "--threads", "8", "--keepalive", "4", "--max-log-followers", "2",
        ] + extraArguments
        try FileManager.default.createDirectory(atPath: self.dataDirectory, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
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

    private func waitUntilServing() throws {
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
    func stop(signal: Int32 = SIGTERM, timeout: TimeInterval = 20) -> Int32? {
        kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { return nil }
        return process.terminationStatus
    }

    func log() -> String {
        (try? String(contentsOfFile: logPath, encoding: .utf8))?.suffix(4000).description ?? ""
    }

    /// A port that was free a moment ago.
    static func freePort() throws -> Int {
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
