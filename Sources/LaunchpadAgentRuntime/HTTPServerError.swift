#if canImport(Glibc)
import Glibc
#endif

/// Why the HTTP server could not start listening.
struct HTTPServerError: Error, CustomStringConvertible {
    /// The call that failed ("bind").
    let operation: String
    let port: Int
    let code: Int32

    var description: String {
        "Cannot listen on 127.0.0.1:\(port): \(operation) failed: \(String(cString: strerror(code)))"
    }
}
