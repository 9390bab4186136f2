#if canImport(Glibc)
import Glibc
#endif

/// Why the HTTP server could not start listening.
struct HTTPServerError: Error, CustomStringConvertible {
    /// The call that failed ("bind").
    let operation: String
    let address: in_addr
    let port: Int
    let code: Int32

    var description: String {
        "Cannot listen on \(ListenAddress.text(address)):\(port): \(operation) failed: \(String(cString: strerror(code)))"
    }
}
