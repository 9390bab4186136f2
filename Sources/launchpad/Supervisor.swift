#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LaunchpadRuntime
import Logging

/// The children of `launchpad up` and what keeps them running: the responder (`launchpad serve`),
/// started again with backoff whenever it exits, and nginx, which answers 503 in the envelope while
/// the responder is away.
///
/// Runs on the main thread, which started both children and lives as long as they do: their
/// parent-death signal follows the thread that spawned them.
final class Supervisor {
    let responderArguments: [String]
    let socketPath: String
    let nginx: (executable: String, arguments: [String])
    /// nginx writes it once its port is open: the sign that it started.
    let nginxPidPath: String
    /// Where nginx says why it stopped.
    let nginxErrorLogPath: String
    private let logger = Logger(label: "launchpad.supervisor")
    private var responder: SupervisedChild
    private var nginxChild: SupervisedChild

    init(responderArguments: [String], socketPath: String, nginx: (executable: String, arguments: [String]), nginxPidPath: String, nginxErrorLogPath: String) {
        self.nginxPidPath = nginxPidPath
        self.nginxErrorLogPath = nginxErrorLogPath
        self.responderArguments = responderArguments
        self.socketPath = socketPath
        self.nginx = nginx
        responder = SupervisedChild(name: "the responder") {
            try ChildProcess(executable: RunningServer.ownExecutable(), arguments: responderArguments)
        }
        nginxChild = SupervisedChild(name: "nginx") {
            // TZ=UTC: the error envelope nginx writes itself has launchpad's time format.
            try ChildProcess(executable: nginx.executable, arguments: nginx.arguments, environment: ["TZ": "UTC"])
        }
    }

    /// Starts the responder, waits until it accepts connections, then starts nginx. A responder that
    /// exits before it is ready is a failed start (its own log line says why).
    func start() throws {
        let started = try responder.start()
        responder.process = started
        let deadline = Date().addingTimeInterval(60)
        while !Self.accepts(socketPath) {
            if let status = started.exitStatusIfExited() {
                responder.process = nil
                throw ChildProcessError(description: "launchpad serve stopped during start-up (\(ReplicaExit(waitStatus: status))); its last log line says why")
            }
            guard Date() < deadline else {
                stopAll()
                throw ChildProcessError(description: "launchpad serve did not open \(socketPath) within 60 s")
            }
            usleep(20_000)
        }
        do {
            let nginxProcess = try nginxChild.start()
            nginxChild.process = nginxProcess
            // nginx that cannot start (its port taken, say) exits at once: a failed start, not a loop.
            while (try? String(contentsOfFile: nginxPidPath, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) != String(nginxProcess.pid) {
                if let status = nginxProcess.exitStatusIfExited() {
                    nginxChild.process = nil
                    throw ChildProcessError(description: "nginx stopped during start-up (\(ReplicaExit(waitStatus: status))): \(lastNginxError() ?? "see \(nginxErrorLogPath)")")
                }
                guard Date() < deadline else { throw ChildProcessError(description: "nginx did not start within 60 s") }
                usleep(20_000)
            }
        } catch {
            stopAll()
            throw error
        }
        logger.notice("up", metadata: ["responder": "\(started.pid)", "nginx": "\(nginxChild.process?.pid ?? 0)"])
    }

    /// Supervises until SIGINT or SIGTERM, then stops both children.
    func run() {
        while true {
            let timeout = [responder.restartAt, nginxChild.restartAt].compactMap { $0?.timeIntervalSinceNow }.min() ?? 3600
            let signal = SignalWaiter.wait(for: SignalWaiter.stopSignals + [SIGCHLD], timeout: max(0, timeout))
            if let signal, signal != SIGCHLD {
                logger.info("stopping", metadata: ["signal": "\(signal)"])
                stopAll()
                return
            }
            let now = Date()
            responder.reap(at: now, logger: logger, onExit: "; nginx answers 503 until it is back")
            nginxChild.reap(at: now, logger: logger, onExit: "")
            // Nothing else is ours, but no zombie may linger.
            var status: Int32 = 0
            while waitpid(-1, &status, WNOHANG) > 0 {}
            responder.restartIfDue(at: now, logger: logger)
            nginxChild.restartIfDue(at: now, logger: logger)
        }
    }

    /// nginx first (SIGQUIT: it finishes its requests), then the responder (SIGTERM: it drains, stops
    /// every replica, and commits what is queued).
    private func stopAll() {
        nginxChild.process?.signal(SIGQUIT)
        nginxChild.process?.wait(timeout: .seconds(15))
        nginxChild.process = nil
        responder.process?.signal(SIGTERM)
        responder.process?.wait(timeout: .seconds(60))
        responder.process = nil
    }

    /// The last line of nginx's error log without its time and process ("bind() to 127.0.0.1:8080
    /// failed (98: Address already in use)"), or nil.
    private func lastNginxError() -> String? {
        guard let log = try? String(contentsOfFile: nginxErrorLogPath, encoding: .utf8),
              let line = log.split(separator: "\n").last else { return nil }
        guard let prefix = line.range(of: #"\[[a-z]+\] [0-9]+#[0-9]+: "#, options: .regularExpression) else { return String(line) }
        return String(line[prefix.upperBound...])
    }

    /// Whether a connection to the unix socket at `path` is accepted.
    static func accepts(_ path: String) -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: bytes)
        }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0
            }
        }
    }
}
