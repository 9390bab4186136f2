import Foundation
import LaunchpadHTTP

/// AgentSpec's `X-Correlation-ID`: echoed when the caller sends a usable one (1 to 128 of
/// letters, digits, `-`, `_`, `.`, `:`), else made; on every answer of the group, errors too.
struct CorrelationMiddleware: Middleware {
    let renderer: any ErrorRenderer

    func handle(_ request: Request, next: (Request) throws -> Response) throws -> Response {
        let presented = request.headers.values(of: "X-Correlation-ID")
        let id = presented.count == 1 && Self.isUsable(presented[0]) ? presented[0] : UUID().uuidString.lowercased()
        var response: Response
        do {
            response = try next(request)
        } catch {
            response = renderer.response(for: error, to: request)
        }
        response.headers.set("X-Correlation-ID", id)
        return response
    }

    static func isUsable(_ value: String) -> Bool {
        (1...128).contains(value.utf8.count) && value.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || [0x2D, 0x5F, 0x2E, 0x3A].contains(byte)
        }
    }
}
