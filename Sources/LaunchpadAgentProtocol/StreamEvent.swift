import Foundation

/// One event of a streamed answer, sent as a Server-Sent Event: `event: token|done|error` and a
/// JSON `data` line. A stream is tokens, then exactly one `done` (with the whole reply and its
/// usage) or one `error`; a stream that ends without either broke.
public enum StreamEvent: Sendable, Equatable {
    /// A piece of the reply (a word and the space after it); the pieces joined are the reply.
    case token(String)
    case done(InvocationReply)
    case error(String)

    /// The event's name on the wire.
    public var name: String {
        switch self {
        case .token: "token"
        case .done: "done"
        case .error: "error"
        }
    }

    private struct TokenData: Codable { var text: String }
    private struct ErrorData: Codable { var message: String }

    /// `event: <name>\ndata: <json>\n\n`.
    public func serialized() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data: Data?
        switch self {
        case .token(let text): data = try? encoder.encode(TokenData(text: text))
        case .done(let reply): data = try? encoder.encode(reply)
        case .error(let message): data = try? encoder.encode(ErrorData(message: message))
        }
        return Array("event: \(name)\ndata: ".utf8) + Array(data ?? Data("{}".utf8)) + Array("\n\n".utf8)
    }

    /// The event a named SSE event stands for; nil for an unknown name or data that does not fit it.
    public init?(name: String, data: String) {
        let decoder = JSONDecoder()
        let bytes = Data(data.utf8)
        switch name {
        case "token":
            guard let token = try? decoder.decode(TokenData.self, from: bytes) else { return nil }
            self = .token(token.text)
        case "done":
            guard let reply = try? decoder.decode(InvocationReply.self, from: bytes) else { return nil }
            self = .done(reply)
        case "error":
            guard let failure = try? decoder.decode(ErrorData.self, from: bytes) else { return nil }
            self = .error(failure.message)
        default:
            return nil
        }
    }
}
