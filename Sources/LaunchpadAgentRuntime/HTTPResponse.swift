/// A JSON response, sent with `Connection: close`; or a stream of Server-Sent Events, whose end
/// is the connection's close.
struct HTTPResponse: Sendable, Equatable {
    var status: Int
    /// JSON text.
    var body: String
    /// Extra header fields (`Allow`).
    var headers: [String: String] = [:]
    /// When set, the body is this producer's, written as it goes (`text/event-stream`, no length).
    var stream: EventProducer?

    /// Writes a stream's pieces through `send`, which returns false once the client has gone.
    struct EventProducer: Sendable, Equatable {
        let produce: @Sendable (_ send: ([UInt8]) -> Bool) -> Void

        static func == (lhs: EventProducer, rhs: EventProducer) -> Bool { false }
    }

    /// A stream of events, 200.
    static func events(_ produce: @escaping @Sendable (_ send: ([UInt8]) -> Bool) -> Void) -> HTTPResponse {
        HTTPResponse(status: 200, body: "", stream: EventProducer(produce: produce))
    }

    /// `{"error": message}` with `status`.
    static func error(_ status: Int, _ message: String) -> HTTPResponse {
        HTTPResponse(status: status, body: JSONText.object(["error": message]))
    }

    /// The bytes on the wire: status line, headers, body.
    func serialized() -> [UInt8] {
        let content = stream == nil ? Array(body.utf8) : []
        var head = "HTTP/1.1 \(status) \(Self.reason(status))\r\n"
        if stream == nil {
            head += "Content-Type: application/json\r\n"
            head += "Content-Length: \(content.count)\r\n"
        } else {
            head += "Content-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
        }
        head += "Connection: close\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            head += "\(name): \(value)\r\n"
        }
        head += "\r\n"
        return Array(head.utf8) + content
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 400: return "Bad Request"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 413: return "Content Too Large"
        case 431: return "Request Header Fields Too Large"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 503: return "Service Unavailable"
        case 505: return "HTTP Version Not Supported"
        default: return "Unknown"
        }
    }
}
