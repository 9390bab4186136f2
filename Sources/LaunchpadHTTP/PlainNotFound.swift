/// The answer to a path that no route group claims: a plain 404, in no dialect's envelope, since
/// no API is there.
public struct PlainNotFound: ErrorRenderer {
    public init() {}

    public func response(for error: any Error, to request: Request) -> Response {
        var headers = HTTPHeaders()
        headers.add("Content-Type", "text/plain; charset=utf-8")
        return Response(status: 404, headers: headers, body: .bytes(Array("Not Found\n".utf8)))
    }
}
