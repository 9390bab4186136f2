/// Errors as plain text: an `HTTPError` with its status, headers and message, anything else as
/// 500 without its details. For what has no API envelope of its own (the HTTP layer's tests, say).
public struct PlainErrors: ErrorRenderer {
    public init() {}

    public func response(for error: any Error, to request: Request) -> Response {
        let sent = error as? HTTPError ?? .internalError
        var headers = HTTPHeaders()
        headers.add("Content-Type", "text/plain; charset=utf-8")
        for (name, value) in sent.headers.sorted(by: { $0.key < $1.key }) { headers.add(name, value) }
        return Response(status: sent.status, headers: headers, body: .bytes(Array((sent.message + "\n").utf8)))
    }
}
