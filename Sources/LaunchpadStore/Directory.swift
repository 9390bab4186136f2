#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Creates the directories the store writes into: private to their owner.
enum Directory {
    /// Creates `path` and any missing parent with mode 0700, like `mkdir -p -m 0700`.
    /// Existing directories are left as they are.
    static func create(_ path: String, for operation: String) throws {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o700) != 0 {
                let code = errno
                if code != EEXIST {
                    throw StoreError(code: code, operation: "\(operation): mkdir \(current)")
                }
            }
        }
    }
}
