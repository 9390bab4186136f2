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
    /// `user [group]` for nginx's workers, when launchpad runs as root; nil leaves them as the invoking user.
    var workers: String?

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
        // Workers never run as root: when launchpad is root they run as `workers` (www-data, in the
        // socket's group); otherwise nginx cannot switch and they run as the invoking user.
        let user = workers.map { "user \($0);" } ?? ""
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
