import Foundation

/// A request to the API server that did not succeed: no answer or unusable credentials (`status`
/// 0), or an answer other than 2xx with the API server's `Status` (its reason and message).
public struct KubernetesError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: Int
    /// `NotFound`, `AlreadyExists`, `Forbidden`, `Conflict`, `Expired`..., or "" when unknown.
    public var reason: String
    public var message: String

    public init(status: Int, reason: String = "", message: String) {
        self.status = status
        self.reason = reason
        self.message = message
    }

    /// From an answer's status and body (a `Status` object when the API server wrote it).
    init(status: Int, body: [UInt8]) {
        struct Status: Decodable {
            var reason: String?
            var message: String?
        }
        let decoded = try? JSONDecoder().decode(Status.self, from: Data(body))
        self.init(
            status: status, reason: decoded?.reason ?? "",
            message: decoded?.message ?? String(decoding: body.prefix(300), as: UTF8.self))
    }

    public var description: String {
        status == 0 ? message : "HTTP \(status) \(reason): \(message)"
    }
}
