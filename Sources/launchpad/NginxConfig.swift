import Foundation

/// Renders `nginx/launchpad-dev.conf.template` into `<data>/nginx/nginx.conf` for `launchpad up`.
struct NginxConfig {
    var dataDirectory: String
    var port: Int
    var socketPath: String
    var keepalive: Int
    var maxBodySize: Int
    /// A body the size of /api/health's answer, for the bench's `return 200` yardstick.
    var yardstickBytes: Int

    var directory: String { (dataDirectory as NSString).appendingPathComponent("nginx") }
    var configPath: String { (directory as NSString).appendingPathComponent("nginx.conf") }
    var pidPath: String { (directory as NSString).appendingPathComponent("nginx.pid") }

    /// Writes the config and the parameter file, and makes the temp directories nginx needs.
    func write(templateDirectory: String) throws {
        let fileManager = FileManager.default
        for sub in ["", "tmp"] {
            try fileManager.createDirectory(atPath: (directory as NSString).appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        let template = try String(contentsOfFile: (templateDirectory as NSString).appendingPathComponent("launchpad-dev.conf.template"), encoding: .utf8)
        let params = try String(contentsOfFile: (templateDirectory as NSString).appendingPathComponent("fastcgi.params"), encoding: .utf8)
        try params.write(toFile: (directory as NSString).appendingPathComponent("fastcgi.params"), atomically: true, encoding: .utf8)
        try render(template).write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    func render(_ template: String) -> String {
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
