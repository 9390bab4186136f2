/// Answers, in the API's envelope, a request that nginx already refused and passed on only for its
/// error body (nginx `error_page` to the `@launchpad_error` location).
public struct ProxyRejectionMiddleware: Middleware {
    public let bodyLimit: Int

    public init(bodyLimit: Int) {
        self.bodyLimit = bodyLimit
    }

    public func handle(_ request: Request, next: (Request) throws -> Response) throws -> Response {
        guard let status = request.proxyRejectedStatus else { return try next(request) }
        switch status {
        case 413:
            throw APIError.payloadTooLarge(limit: bodyLimit)
        case 414:
            throw APIError(.uriTooLong, "The request URI is too long", field: "path")
        case 431, 494:
            throw APIError(.headersTooLarge, "A request header or the header block is too large", field: "headers")
        case 408:
            throw APIError(.requestTimeout, "The request did not arrive in time (is Content-Length larger than the body?)", field: "body")
        default:
            throw APIError.validation(field: "request", "the request is malformed")
        }
    }
}
