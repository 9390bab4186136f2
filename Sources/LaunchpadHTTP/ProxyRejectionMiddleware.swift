/// Answers, in the API's envelope, a request that nginx already refused and passed on only for its
/// error body (nginx `error_page` to the `/_launchpad/proxy-error/<status>` location). nginx answers
/// its 429 (an address over its limits) and 502-504 (launchpad unreachable) itself.
public struct ProxyRejectionMiddleware: Middleware {
    public let bodyLimit: Int

    public init(bodyLimit: Int) {
        self.bodyLimit = bodyLimit
    }

    public func handle(_ request: Request, next: (Request) throws -> Response) throws -> Response {
        guard let status = request.proxyRejectedStatus else { return try next(request) }
        switch status {
        case 413:
            throw HTTPError.payloadTooLarge(limit: bodyLimit)
        case 414:
            throw HTTPError(.uriTooLong, "The request URI is too long", field: "path")
        case 431, 494:
            throw HTTPError(.headersTooLarge, "A request header or the header block is too large", field: "headers")
        case 408:
            throw HTTPError(.requestTimeout, "The request did not arrive in time (is Content-Length larger than the body?)", field: "body")
        case 404:
            // One of nginx's internal locations, asked for from outside.
            throw HTTPError.notFound(path: String(request.rawPath))
        case 497:
            throw HTTPError.validation(field: "protocol", "plain HTTP was sent to the HTTPS port; use https://")
        case 500:
            throw HTTPError.internalError
        case 501:
            throw HTTPError(.notImplemented, "Transfer-Encoding other than chunked is not implemented", field: "Transfer-Encoding")
        case 505:
            throw HTTPError(.httpVersionNotSupported, "Only HTTP/1.0 and HTTP/1.1 are served here", field: "protocol")
        default:
            throw HTTPError.validation(field: "request", "the request is malformed")
        }
    }
}
