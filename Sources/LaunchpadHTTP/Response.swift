/// What a handler answers. A body is either bytes written at once or a stream the transport flushes as it goes.
public struct Response: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: ResponseBody

    public init(status: Int = 200, headers: HTTPHeaders = HTTPHeaders(), body: ResponseBody = .bytes([])) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Room for the headers an API answer ends up with (its own, the rate-limit ones, the request
    /// id, the security headers), so that the responder adds them without growing the list.
    public static let typicalHeaderCount = 12

    /// A JSON response; `Content-Type` is set.
    public static func json<T: Encodable>(_ value: T, status: Int = 200) throws -> Response {
        json(bytes: try JSON.encode(value), status: status)
    }

    /// A JSON response of a value that writes its own JSON (chosen at compile time, so never cast).
    public static func json<T: JSONWritable>(_ value: T, status: Int = 200) throws -> Response {
        json(bytes: JSON.encode(value), status: status)
    }

    private static func json(bytes: [UInt8], status: Int) -> Response {
        var headers = HTTPHeaders(capacity: typicalHeaderCount)
        headers.add("Content-Type", "application/json")
        return Response(status: status, headers: headers, body: .bytes(bytes))
    }

    /// The bytes of a non-streaming body (empty for a stream).
    public var bodyBytes: [UInt8] {
        if case .bytes(let bytes) = body { return bytes }
        return []
    }
}

/// The body of a response.
public enum ResponseBody: Sendable {
    case bytes([UInt8])
    /// Called once by the transport on its worker thread; each write reaches the client when flushed.
    case stream(@Sendable (any ResponseBodyWriter) throws -> Void)
}

/// Where a streaming body goes.
public protocol ResponseBodyWriter {
    /// Sends bytes and flushes them to the client. Throws when the client has gone.
    func write(_ bytes: [UInt8]) throws
}
