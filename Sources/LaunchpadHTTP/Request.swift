/// One HTTP request as the transport hands it to the responder.
public struct Request: Sendable {
    public var method: HTTPMethod
    /// The request target as sent (`/api/agents/x?limit=5`), still percent-encoded.
    public var uri: String
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// The length the client declared (`Content-Length`), when the transport knows it. A transport
    /// that refuses to read a body over the limit leaves `body` empty and sets this.
    public var declaredBodyLength: Int?
    /// The client's address as nginx saw it (`REMOTE_ADDR`).
    public var remoteAddress: String
    /// Assigned by the responder before any middleware runs; sent back as `X-Request-Id`.
    public var id: String = ""
    /// Set when nginx refused the request itself (an oversized body or header, a malformed request line)
    /// and handed it to launchpad only to answer in the API's envelope.
    public var proxyRejectedStatus: Int?
    /// Path parameters bound by the router (`{agentId}`).
    public var parameters: [String: String] = [:]
    /// Set by middleware on the way in (the caller's identity); shared with the steps around them.
    public var context = RequestContext()
    /// The connection the request came on, when the transport has one a route may watch (nil in
    /// process).
    public var connection: (any ClientConnection)?

    public init(method: HTTPMethod, uri: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [], declaredBodyLength: Int? = nil, remoteAddress: String = "") {
        self.method = method
        self.uri = uri
        self.headers = headers
        self.body = body
        self.declaredBodyLength = declaredBodyLength
        self.remoteAddress = remoteAddress
    }

    /// The path part of the URI, still percent-encoded.
    public var rawPath: Substring {
        queryMark.map { uri[..<$0] } ?? uri[...]
    }

    /// Where the `?` is, found on the UTF-8 view: `String.firstIndex(of:)` walks characters, which
    /// cost a visible share of a request.
    private var queryMark: String.Index? {
        uri.utf8.firstIndex(of: UInt8(ascii: "?"))
    }

    /// The path's segments, percent-decoded, empty ones left out: the one canonical form of the
    /// path, which decides both the route group (and so authentication) and the route. A broken
    /// escape is a bad request naming `path`.
    public func pathSegments() throws(HTTPError) -> [String] {
        var segments: [String] = []
        segments.reserveCapacity(8)
        // One pass over the UTF-8 view, with no array of slices in between: Substring.split walks
        // characters, and each array was an allocation of every request.
        let path = rawPath
        var start = path.utf8.startIndex
        while start != path.utf8.endIndex {
            let end = path.utf8[start...].firstIndex(of: UInt8(ascii: "/")) ?? path.utf8.endIndex
            if start != end {
                let raw = path[start..<end]
                guard let segment = PercentDecoding.decode(raw, plusIsSpace: false) else {
                    throw HTTPError.validation(field: "path", "segment '\(raw)' has a broken percent-escape")
                }
                segments.append(segment)
            }
            start = end == path.utf8.endIndex ? end : path.utf8.index(after: end)
        }
        return segments
    }

    /// The query part of the URI without the `?`.
    public var rawQuery: Substring {
        queryMark.map { uri[uri.utf8.index(after: $0)...] } ?? ""
    }

    /// The query string decoded; broken escapes are a bad request.
    public func query() throws(HTTPError) -> QueryParameters {
        try QueryParameters(parsing: rawQuery)
    }

    /// A path parameter bound by the router.
    public func parameter(_ name: String) -> String {
        parameters[name] ?? ""
    }
}
