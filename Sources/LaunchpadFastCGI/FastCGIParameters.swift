#if canImport(Glibc)
import Glibc
#endif
import LaunchpadHTTP

/// The CGI parameters nginx sends with a request, and their mapping to a `Request`.
struct FastCGIParameters {
    private(set) var values: [(name: String, value: String)] = []

    init(environment: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) {
        guard var cursor = environment else { return }
        while let entry = cursor.pointee {
            let text = String(decoding: UnsafeRawBufferPointer(start: entry, count: strlen(entry)), as: UTF8.self)
            if let equals = text.firstIndex(of: "=") {
                values.append((String(text[..<equals]), String(text[text.index(after: equals)...])))
            }
            cursor += 1
        }
    }

    init(_ values: [(name: String, value: String)]) {
        self.values = values
    }

    /// The value of `name`; when nginx sends a name twice, the later `fastcgi_param` wins.
    subscript(_ name: String) -> String? {
        values.last { $0.name == name }?.value
    }

    /// The request these parameters describe, without its body. `HTTP_X_API_KEY` becomes the header
    /// `X-Api-Key` (lookups are case-insensitive); `CONTENT_TYPE` and `CONTENT_LENGTH` become headers too.
    /// An unparseable or negative `CONTENT_LENGTH` is kept as a declared length of `Int.max`, so the body
    /// check refuses it with 413 rather than trusting it.
    func request() -> Request {
        var headers = HTTPHeaders()
        for (name, value) in values {
            if name.hasPrefix("HTTP_") {
                headers.add(Self.headerName(name.dropFirst(5)), value)
            } else if name == "CONTENT_TYPE", !value.isEmpty {
                headers.set("Content-Type", value)
            } else if name == "CONTENT_LENGTH" {
                headers.remove("Content-Length")
                if !value.isEmpty { headers.add("Content-Length", value) }
            }
        }
        var declaredLength: Int?
        if let text = self["CONTENT_LENGTH"], !text.isEmpty {
            declaredLength = Int(text).flatMap { $0 >= 0 ? $0 : nil } ?? Int.max
        }
        var request = Request(
            method: HTTPMethod(rawValue: self["REQUEST_METHOD"] ?? "GET"),
            uri: self["REQUEST_URI"] ?? "/",
            headers: headers,
            declaredBodyLength: declaredLength,
            remoteAddress: self["REMOTE_ADDR"] ?? "")
        if let status = self["LAUNCHPAD_PROXY_STATUS"].flatMap(Int.init) {
            request.proxyRejectedStatus = status
        }
        return request
    }

    /// `X_API_KEY` → `X-Api-Key`.
    static func headerName(_ cgiName: Substring) -> String {
        var bytes = Array(cgiName.utf8)
        var startOfWord = true
        for index in bytes.indices {
            let byte = bytes[index]
            if byte == UInt8(ascii: "_") {
                bytes[index] = UInt8(ascii: "-")
                startOfWord = true
                continue
            }
            let isUpper = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")
            let isLower = byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")
            if startOfWord && isLower { bytes[index] = byte - 32 }
            if !startOfWord && isUpper { bytes[index] = byte + 32 }
            startOfWord = false
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
