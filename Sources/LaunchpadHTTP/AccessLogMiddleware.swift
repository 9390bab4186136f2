import Foundation
import Logging

/// One log line per request: request id, method, path, status, duration and the caller's key id.
/// Never a body or a key.
public struct AccessLogMiddleware: Middleware {
    private let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public func handle(_ request: Request, next: (Request) throws -> Response) throws -> Response {
        try RequestTiming.measure(request, next: next) { status, elapsed in
            let micros = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
            let fraction = String(micros % 1000)
            var metadata: Logger.Metadata = [
                "requestId": "\(request.id)",
                "method": "\(request.method)",
                "path": "\(request.rawPath)",
                "status": "\(status)",
                "durationMs": "\(micros / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)",
            ]
            if let keyId = request.context.keyId { metadata["keyId"] = "\(keyId)" }
            logger.info("request", metadata: metadata)
        }
    }
}
