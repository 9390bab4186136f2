#if canImport(Glibc)
import Glibc
#endif
import LaunchpadHTTP

/// The CGI parameters nginx sends with a request, reduced to what a `Request` needs: the `HTTP_*`
/// headers and the few parameters launchpad reads. The rest (SERVER_PORT, SCRIPT_NAME, ...) are
/// skipped without being decoded, since this runs for every request.
package struct FastCGIParameters {
    /// Room for what a browser sends (about a dozen headers) from the start: growing by doubling
    /// cost three allocations a request.
    private(set) var headers = HTTPHeaders(capacity: 16)
    private(set) var method = "GET"
    private(set) var uri = "/"
    private(set) var remoteAddress = ""
    private(set) var contentLength: String?
    private(set) var proxyStatus: String?

    /// Reads libfcgi's `envp` (`NAME=value` strings). When nginx sends a name twice, the later
    /// `fastcgi_param` wins.
    package init(environment: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) {
        guard var cursor = environment else { return }
        while let entry = cursor.pointee {
            let bytes = UnsafeRawBufferPointer(start: entry, count: strlen(entry))
            if let equals = bytes.firstIndex(of: UInt8(ascii: "=")) {
                add(name: UnsafeRawBufferPointer(rebasing: bytes[..<equals]), value: UnsafeRawBufferPointer(rebasing: bytes[(equals + 1)...]))
            }
            cursor += 1
        }
    }

    /// None yet: `add(name:value:)` gives them one by one.
    init() {}

    /// Builds from decoded pairs, in order (tests).
    init(_ pairs: [(name: String, value: String)]) {
        for (name, value) in pairs {
            Array(name.utf8).withUnsafeBytes { nameBytes in
                Array(value.utf8).withUnsafeBytes { add(name: nameBytes, value: $0) }
            }
        }
    }

    private static let httpPrefix = Array("HTTP_".utf8)

    mutating func add(name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
        if name.starts(with: Self.httpPrefix) {
            // nginx sends only names of letters, digits and `_`; anything else could not be a header name.
            guard name.count > Self.httpPrefix.count, name.allSatisfy(Self.isHeaderNameByte) else { return }
            headers.add(Self.headerName(UnsafeRawBufferPointer(rebasing: name[Self.httpPrefix.count...])), String(decoding: value, as: UTF8.self))
            return
        }
        // Compared as bytes: most parameters are none of these, and a String per name cost more than the rest.
        guard let field = Self.fields.first(where: { $0.name.count == name.count && $0.name.elementsEqual(name) })?.field else { return }
        switch field {
        case .method: method = String(decoding: value, as: UTF8.self)
        case .uri: uri = String(decoding: value, as: UTF8.self)
        case .remoteAddress: remoteAddress = String(decoding: value, as: UTF8.self)
        case .contentType:
            headers.remove("Content-Type")
            if !value.isEmpty { headers.add("Content-Type", String(decoding: value, as: UTF8.self)) }
        case .contentLength:
            headers.remove("Content-Length")
            contentLength = value.isEmpty ? nil : String(decoding: value, as: UTF8.self)
            if let contentLength { headers.add("Content-Length", contentLength) }
        case .proxyStatus: proxyStatus = String(decoding: value, as: UTF8.self)
        }
    }

    /// The parameters read besides the `HTTP_*` headers.
    private enum Field {
        case method, uri, remoteAddress, contentType, contentLength, proxyStatus
    }

    private static let fields: [(name: [UInt8], field: Field)] = [
        (Array("REQUEST_METHOD".utf8), .method), (Array("REQUEST_URI".utf8), .uri), (Array("REMOTE_ADDR".utf8), .remoteAddress),
        (Array("CONTENT_TYPE".utf8), .contentType), (Array("CONTENT_LENGTH".utf8), .contentLength),
        (Array("LAUNCHPAD_PROXY_STATUS".utf8), .proxyStatus),
    ]

    /// The request these parameters describe, without its body. `HTTP_X_API_KEY` becomes the header
    /// `X-Api-Key` (lookups are case-insensitive). An unparseable or negative `CONTENT_LENGTH` is kept
    /// as a declared length of `Int.max`, so the body check refuses it with 413 rather than trusting it.
    package func request() -> Request {
        var request = Request(
            method: HTTPMethod(rawValue: method),
            uri: uri,
            headers: headers,
            declaredBodyLength: contentLength.map { Int($0).flatMap { $0 >= 0 ? $0 : nil } ?? Int.max },
            remoteAddress: remoteAddress)
        request.proxyRejectedStatus = proxyStatus.flatMap(Int.init)
        if request.proxyRejectedStatus == 405 {
            // nginx refuses only TRACE with 405, and passes it on as a GET: it is routed as the
            // TRACE it was, so that it gets the route's 405 and Allow.
            request.method = .trace
            request.proxyRejectedStatus = nil
        }
        return request
    }

    private static func isHeaderNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"): true
        default: false
        }
    }

    /// `X_API_KEY` → `X-Api-Key`.
    static func headerName(_ cgiName: UnsafeRawBufferPointer) -> String {
        var startOfWord = true
        return String(unsafeUninitializedCapacity: cgiName.count) { buffer in
            for (index, byte) in cgiName.enumerated() {
                var out = byte
                if byte == UInt8(ascii: "_") {
                    out = UInt8(ascii: "-")
                    startOfWord = true
                } else {
                    let isUpper = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")
                    let isLower = byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")
                    if startOfWord && isLower { out = byte - 32 }
                    if !startOfWord && isUpper { out = byte + 32 }
                    startOfWord = false
                }
                buffer[index] = out
            }
            return cgiName.count
        }
    }

    static func headerName(_ cgiName: String) -> String {
        Array(cgiName.utf8).withUnsafeBytes { headerName($0) }
    }
}
