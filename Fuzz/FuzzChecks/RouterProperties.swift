import LaunchpadHTTP

/// The input is a `FuzzedRequest`. Through `RequestValidationMiddleware` and a router shaped like the
/// API's, any request gets a handler (200), 400, 404, 405 (with `Allow`), 413 or 415, never a trap or
/// a 500; a handler's `{agentId}` is never empty; HEAD is answered as GET would be.
enum RouterProperties {
    static let bodyLimit = 512

    static let patterns: [(HTTPMethod, String)] = [
        (.get, "/api/health"),
        (.get, "/api/agents"), (.post, "/api/agents"),
        (.get, "/api/agents/{agentId}"), (.put, "/api/agents/{agentId}"), (.delete, "/api/agents/{agentId}"),
        (.get, "/api/agents/{agentId}/status"), (.post, "/api/agents/{agentId}/scale"),
        (.get, "/api/agents/{agentId}/logs"),
        (.get, "/api/users/profile"), (.put, "/api/users/profile"),
        (.post, "/api/auth/generate-key"),
    ]

    static let responder: Responder = {
        var router = Router()
        for (method, pattern) in patterns {
            router.on(method, pattern) { request in
                var response = Response(status: 200)
                if request.context.route != pattern {
                    response.headers.add(failureHeader, "the router ran '\(pattern)' with route '\(request.context.route ?? "nil")'")
                }
                if pattern.contains("{agentId}") && request.parameter("agentId").isEmpty {
                    response.headers.add(failureHeader, "'\(pattern)' bound an empty agentId for '\(request.uri)'")
                }
                return response
            }
        }
        return Responder(router: router, middleware: [RequestValidationMiddleware(limit: bodyLimit)])
    }()

    /// Where a handler reports a property that did not hold, since what it throws would be a 500.
    static let failureHeader = "X-Fuzz-Failure"

    static let allowedStatuses: Set<Int> = [200, 400, 404, 405, 413, 415]

    static func check(_ input: [UInt8]) throws(FuzzFailure) {
        guard let fuzzed = FuzzedRequest(input) else { return }
        let response = responder.respond(to: fuzzed.request())
        let described = "\(fuzzed.method) '\(fuzzed.uri)'"
        if let failure = response.headers[failureHeader] { throw FuzzFailure(failure) }
        try require(allowedStatuses.contains(response.status), "\(described) answered \(response.status)")
        if response.status == 405 {
            try require(!(response.headers["Allow"] ?? "").isEmpty, "\(described) answered 405 without Allow")
        }
        if fuzzed.method == .head {
            let asGet = responder.respond(to: fuzzed.request(method: .get))
            try require(asGet.status == response.status, "\(described) answered \(response.status) but GET \(asGet.status)")
        }
    }
}
