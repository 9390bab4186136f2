import Foundation

/// A fresh directory for one rate-limit test, removed with everything in it when released.
final class RateLimitTestDirectory {
    let path: String

    init() throws {
        var template = Array((NSTemporaryDirectory() as NSString).appendingPathComponent("launchpad-ratelimit-XXXXXX").utf8CString)
        guard let created = mkdtemp(&template) else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        path = String(cString: created)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// `path/name`.
    func appending(_ name: String) -> String {
        (path as NSString).appendingPathComponent(name)
    }
}
