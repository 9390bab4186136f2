import LaunchpadHTTP

/// A request read from fuzz input: the first byte picks the method, the rest is the URI, then a NUL
/// and the body, which is sent as `application/json`.
struct FuzzedRequest {
    static let methods: [HTTPMethod] = [.get, .head, .post, .put, .delete, .patch, .options, HTTPMethod(rawValue: "get"), HTTPMethod(rawValue: "BREW")]

    var method: HTTPMethod
    var uri: String
    var body: [UInt8]

    /// Nil for an empty input.
    init?(_ input: [UInt8]) {
        guard let first = input.first else { return nil }
        let rest = input.dropFirst()
        let separator = rest.firstIndex(of: 0) ?? rest.endIndex
        method = Self.methods[Int(first) % Self.methods.count]
        uri = String(decoding: rest[..<separator], as: UTF8.self)
        body = separator < rest.endIndex ? Array(rest[(separator + 1)...]) : []
    }

    /// The request, with `headers` and a JSON `Content-Type` when there is a body.
    func request(method: HTTPMethod? = nil, headers: HTTPHeaders = HTTPHeaders()) -> Request {
        var headers = headers
        if !body.isEmpty { headers.add("Content-Type", "application/json") }
        return Request(method: method ?? self.method, uri: uri, headers: headers, body: body, declaredBodyLength: body.count, remoteAddress: "127.0.0.1")
    }
}
