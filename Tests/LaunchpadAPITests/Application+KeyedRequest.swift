import LaunchpadAPI
import LaunchpadHTTP

extension Application {
    /// Answers a request from 127.0.0.1 with `key` in `X-API-Key` and, when given, `body` as JSON.
    func respond(_ method: HTTPMethod, _ uri: String, key: String, body: String? = nil) -> Response {
        var headers = HTTPHeaders()
        headers.add("X-API-Key", key)
        let bytes = Array((body ?? "").utf8)
        if body != nil { headers.add("Content-Type", "application/json") }
        let request = Request(
            method: method, uri: uri, headers: headers, body: bytes, declaredBodyLength: body == nil ? nil : bytes.count, remoteAddress: "127.0.0.1")
        return responder.respond(to: request)
    }
}
