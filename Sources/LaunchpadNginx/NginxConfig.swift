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
    /// The upstream connections nginx keeps open to launchpad.
    public var keepalive: Int
    public var maxBodySize: Int
    /// A body the size of /api/health's answer, for the bench's `return 200` yardstick.
    public var yardstickBytes: Int

    public init(dataDirectory: String, port: Int, socketPath: String, keepalive: Int, maxBodySize: Int, yardstickBytes: Int = 0) {
        self.dataDirectory = dataDirectory
        self.port = port
        self.socketPath = socketPath
        self.keepalive = keepalive
        self.maxBodySize = maxBodySize
        self.yardstickBytes = yardstickBytes
    }

    public var directory: String { (dataDirectory as NSString).appendingPathComponent("nginx") }
    public var configPath: String { (directory as NSString).appendingPathComponent("nginx.conf") }
    public var pidPath: String { (directory as NSString).appendingPathComponent("nginx.pid") }
    public var errorLogPath: String { (directory as NSString).appendingPathComponent("error.log") }

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
        // nginx started by root switches its workers to `nobody`, which cannot reach a private data
        // directory; run them as the invoking user instead.
        let user = geteuid() == 0 ? "user root;" : ""
        let yardstick = "{\"padding\":\"" + String(repeating: "x", count: max(0, yardstickBytes - 14)) + "\"}"
        let values = [
            "{{DATA}}": dataDirectory,
            "{{PORT}}": String(port),
            "{{SOCKET}}": socketPath,
            "{{KEEPALIVE}}": String(keepalive),
            "{{MAX_BODY}}": String(maxBodySize),
            "{{USER}}": user,
            "{{YARDSTICK_BODY}}": yardstick,
        ]
        return values.reduce(template) { $0.replacingOccurrences(of: $1.key, with: $1.value) }
    }
}
