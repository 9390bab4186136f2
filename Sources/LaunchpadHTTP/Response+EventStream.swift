extension Response {
    /// A 200 `text/event-stream` answer whose events `produce` writes as they come, unbuffered by
    /// nginx (`X-Accel-Buffering: no`).
    public static func eventStream(_ produce: @escaping @Sendable (any ResponseBodyWriter) throws -> Void) -> Response {
        var headers = HTTPHeaders()
        headers.add("Content-Type", "text/event-stream")
        headers.add("Cache-Control", "no-cache")
        headers.add("X-Accel-Buffering", "no")
        return Response(status: 200, headers: headers, body: .stream(produce))
    }

    /// `event: <name>` (when given) and `data: <json>`, as one Server-Sent Event.
    public static func serverSentEvent<T: Encodable>(_ name: String?, _ value: T) throws -> [UInt8] {
        (name.map { Array("event: \($0)\n".utf8) } ?? []) + Array("data: ".utf8) + (try JSON.encode(value)) + Array("\n\n".utf8)
    }
}
