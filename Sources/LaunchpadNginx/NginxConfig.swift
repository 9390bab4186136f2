#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// `<data>/nginx/nginx.conf` for `launchpad up`: `NginxFiles`' template rendered for a data
/// directory, a port and the responder's socket, with the FastCGI parameters beside it.
public struct NginxConfig: Sendable {
    public var dataDirectory: String
    public var port: Int
    public var socketPath: String
    /// The upstream connections nginx keeps open to launchpad, all workers together.
    public var keepalive: Int
    public var maxBodySize: Int
    /// The largest body sent to an agent's url (`client_max_body_size` of the agents' server): it
    /// streams to the replica, never through launchpad.
    public var agentMaxBodySize = 64 << 20
    /// A body the size of /api/health's answer, for the bench's `return 200` yardstick.
    public var yardstickBytes: Int
    /// The CPUs nginx may use: what `worker_processes auto` would start.
    public var processors: Int
    /// The descriptors each worker may open (`worker_rlimit_nofile`).
    public var openFiles: Int
    /// `user [group]` for nginx's workers when launchpad runs as root; nil leaves them as the
    /// invoking user.
    public var workerUser: String?

    public init(
        dataDirectory: String, port: Int, socketPath: String, keepalive: Int, maxBodySize: Int, yardstickBytes: Int = 0,
        processors: Int = ProcessInfo.processInfo.activeProcessorCount, openFiles: Int = NginxConfig.openFileLimit()
    ) {
        self.dataDirectory = dataDirectory
        self.port = port
        self.socketPath = socketPath
        self.keepalive = keepalive
        self.maxBodySize = maxBodySize
        self.yardstickBytes = yardstickBytes
        self.processors = processors
        self.openFiles = openFiles
    }

    public var directory: String { (dataDirectory as NSString).appendingPathComponent("nginx") }
    public var configPath: String { (directory as NSString).appendingPathComponent("nginx.conf") }
    public var pidPath: String { (directory as NSString).appendingPathComponent("nginx.pid") }
    public var errorLogPath: String { (directory as NSString).appendingPathComponent("error.log") }

    /// One worker per CPU, but at most one per kept-alive upstream connection, so that each worker
    /// keeps at least one.
    public var workers: Int { max(1, min(processors, keepalive)) }

    /// Each worker's share of `keepalive`: together they never keep more than `keepalive`, each of
    /// which holds a launchpad thread.
    public var keepalivePerWorker: Int { max(1, keepalive / workers) }

    /// Half of `openFiles`: a proxied request holds two descriptors, the client's and the upstream one.
    public var workerConnections: Int { max(512, openFiles / 2) }

    /// The descriptors nginx's workers can be given: 65536, or this process's hard limit when that
    /// is lower (raising it takes CAP_SYS_RESOURCE, which root in a container may lack).
    public static func openFileLimit() -> Int {
        let wanted = 65536
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_max != rlim_t.max else { return wanted }
        return min(wanted, Int(limit.rlim_max))
    }

    /// Writes the config and the parameter file, and makes the temp directories nginx needs.
    public func write(_ files: NginxFiles) throws(NginxFilesError) {
        let fileManager = FileManager.default
        for path in [directory, (directory as NSString).appendingPathComponent("tmp")] {
            do {
                try fileManager.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                throw .unwritable(path: path, reason: NginxFilesError.reason(of: error))
            }
        }
        for (path, text) in [((directory as NSString).appendingPathComponent(NginxFiles.fastcgiParamsName), files.fastcgiParams), (configPath, render(files.template))] {
            do {
                try text.write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                throw .unwritable(path: path, reason: NginxFilesError.reason(of: error))
            }
        }
    }

    /// The template with every placeholder replaced.
    public func render(_ template: String) -> String {
        // Workers never run as root: when launchpad is root they run as `workerUser` (www-data, in
        // the socket's group); otherwise nginx cannot switch and they run as the invoking user.
        let user = workerUser.map { "user \($0);" } ?? ""
        let yardstick = "{\"padding\":\"" + String(repeating: "x", count: max(0, yardstickBytes - 14)) + "\"}"
        let values = [
            "{{DATA}}": dataDirectory,
            "{{PORT}}": String(port),
            "{{SOCKET}}": socketPath,
            "{{KEEPALIVE}}": String(keepalivePerWorker),
            "{{MAX_BODY}}": String(maxBodySize),
            "{{AGENT_MAX_BODY}}": String(agentMaxBodySize),
            "{{USER}}": user,
            "{{WORKERS}}": String(workers),
            "{{OPEN_FILES}}": String(openFiles),
            "{{WORKER_CONNECTIONS}}": String(workerConnections),
            "{{YARDSTICK_BODY}}": yardstick,
        ]
        return values.reduce(template) { $0.replacingOccurrences(of: $1.key, with: $1.value) }
    }
}
