import Foundation
import LaunchpadCrypto

/// The token `GET /metrics` asks for when none is given (`--metrics-token`): made on first start and
/// kept in `<data>/metrics.token` (0600). Replicas are loopback callers too, so loopback alone
/// opens nothing.
enum MetricsToken {
    static func path(in dataDirectory: String) -> String {
        (dataDirectory as NSString).appendingPathComponent("metrics.token")
    }

    /// The stored token, made first if there is none.
    static func load(dataDirectory: String) throws -> String {
        let path = path(in: dataDirectory)
        if let stored = try? String(contentsOfFile: path, encoding: .utf8) {
            let token = stored.trimmingCharacters(in: .whitespacesAndNewlines)
            if !token.isEmpty { return token }
        }
        let token = SecureRandom.hex(32)
        guard FileManager.default.createFile(atPath: path, contents: Data((token + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw DataDirectoryError(directory: dataDirectory, problem: "cannot write \(path)")
        }
        return token
    }
}
