import Foundation

/// A fresh directory under the system temporary directory, removed with everything in it when
/// the value is released. Shared by every test target.
///
/// Others may pass through it (mode 0711) but not list it: a data directory made inside one must be
/// reachable by nginx's workers and by agents, which do not run as root.
public final class TemporaryDirectory: @unchecked Sendable {
    public let path: String

    public init() throws {
        var template = Array((NSTemporaryDirectory() as NSString).appendingPathComponent("launchpad-test-XXXXXX").utf8CString)
        guard let created = mkdtemp(&template) else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        path = String(cString: created)
        chmod(path, 0o711)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// `path/name`.
    public func appending(_ name: String) -> String {
        (path as NSString).appendingPathComponent(name)
    }
}
