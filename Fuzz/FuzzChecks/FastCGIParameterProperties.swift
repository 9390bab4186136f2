#if canImport(Glibc)
import Glibc
#endif
import LaunchpadFastCGI
import LaunchpadHTTP

/// The input is libfcgi's environment: `NAME=value` entries separated by NUL bytes. Any bytes map to a
/// request without trapping; every header name is a non-empty token of letters, digits and `-`; the
/// method and URI are the last REQUEST_METHOD and REQUEST_URI; a declared body length is never negative.
enum FastCGIParameterProperties {
    static func check(_ input: [UInt8]) throws(FuzzFailure) {
        let entries = input.split(separator: 0, omittingEmptySubsequences: false)
        var environment: [UnsafeMutablePointer<CChar>?] = entries.map { entry in
            let copy = UnsafeMutablePointer<CChar>.allocate(capacity: entry.count + 1)
            for (offset, byte) in entry.enumerated() { copy[offset] = CChar(bitPattern: byte) }
            copy[entry.count] = 0
            return copy
        }
        environment.append(nil)
        defer { for entry in environment { entry?.deallocate() } }
        let request = environment.withUnsafeMutableBufferPointer { FastCGIParameters(environment: $0.baseAddress).request() }

        for (name, _) in request.headers {
            try require(!name.isEmpty && name.utf8.allSatisfy(isTokenByte), "header name '\(name)' (\(Array(name.utf8))) is not a token")
        }
        let method = lastValue(of: "REQUEST_METHOD", in: entries).map { HTTPMethod(rawValue: $0) } ?? .get
        try require(request.method == method, "method \(request.method), expected \(method)")
        let uri = lastValue(of: "REQUEST_URI", in: entries) ?? "/"
        try require(request.uri == uri, "uri '\(request.uri)', expected '\(uri)'")
        if let declared = request.declaredBodyLength {
            try require(declared >= 0, "declared body length \(declared)")
        }
    }

    /// What libfcgi's reader sees: each entry up to its first NUL, a name before the first `=`.
    private static func lastValue(of name: String, in entries: [ArraySlice<UInt8>]) -> String? {
        let prefix = Array((name + "=").utf8)
        return entries.last { $0.starts(with: prefix) }.map { String(decoding: $0.dropFirst(prefix.count), as: UTF8.self) }
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"): true
        default: false
        }
    }
}
