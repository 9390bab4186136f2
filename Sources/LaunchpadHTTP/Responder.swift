import Foundation

/// Turns a request into a response: assigns the request id, runs the middleware chain and the
/// router, and maps any error to the envelope. It never throws, so a transport only copies bytes.
public struct Responder: Sendable {
    private let chain: @Sendable (Request) throws -> Response

    /// `middleware` runs in order, outermost first, around `router`.
    public init(router: Router, middleware: [any Middleware]) {
        var chain: @Sendable (Request) throws -> Response = { try router.dispatch($0) }
        for step in middleware.reversed() {
            let next = chain
            chain = { request in try step.handle(request) { try next($0) } }
        }
        self.chain = chain
    }

    public func respond(to request: Request) -> Response {
        var request = request
        request.id = RequestID.make()
        var response: Response
        do {
            response = try chain(request)
        } catch {
            response = ErrorEnvelope.response(for: error, requestId: request.id)
        }
        response.headers.set("X-Request-Id", request.id)
        return response
    }
}
