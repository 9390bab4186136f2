import Foundation
import LaunchpadAgentProtocol
import LaunchpadJSONDepth

/// The agent's HTTP endpoints: `GET /health`, `POST /invoke` (the agent protocol),
/// `POST /message`, and `POST`/`GET /echo` (`EchoUploads`); anything else is 404, or 405 on a known
/// path with another method.
struct AgentEndpoints: Sendable {
    /// The paths whose request bodies are read as they arrive.
    static let streamedPaths: Set<String> = ["/echo"]

    let character: Character
    /// `LAUNCHPAD_REPLICA`, or empty.
    let replica: String
    let startedAt: ContinuousClock.Instant
    private let composer: ReplyComposer
    private let uploads = EchoUploads()

    init(character: Character, replica: String, startedAt: ContinuousClock.Instant = .now) {
        self.character = character
        self.replica = replica
        self.startedAt = startedAt
        composer = ReplyComposer(character: character)
    }

    func respond(to request: HTTPRequest) -> HTTPResponse {
        switch (request.method, request.path) {
        case ("GET", "/health"):
            return health()
        case ("POST", "/message"):
            do {
                return try message(request.body)
            } catch {
                return error.response
            }
        case ("POST", "/invoke"):
            do {
                return try invoke(request.body)
            } catch {
                return error.response
            }
        case ("POST", "/echo"):
            return uploads.receive(request)
        case ("GET", "/echo"):
            return uploads.progress()
        case (_, "/health"):
            return methodNotAllowed(allow: "GET")
        case (_, "/echo"):
            return methodNotAllowed(allow: "GET, POST")
        case (_, "/invoke"):
            return methodNotAllowed(allow: "POST")
        case (_, "/message"):
            return methodNotAllowed(allow: "POST")
        default:
            return .error(404, "not found")
        }
    }

    /// `{"status":"HEALTHY","agent","uptimeSeconds","replica"}`.
    func health() -> HTTPResponse {
        let uptime = (ContinuousClock.now - startedAt).components.seconds
        let body = JSONText.object([
            (key: "status", json: JSONText.quoted("HEALTHY")),
            (key: "agent", json: JSONText.quoted(character.name)),
            (key: "uptimeSeconds", json: String(uptime)),
            (key: "replica", json: JSONText.quoted(replica)),
        ])
        return HTTPResponse(status: 200, body: body)
    }

    /// `{"agent","reply"}` for a `MessageRequest` body.
    func message(_ body: [UInt8]) throws(HTTPRejection) -> HTTPResponse {
        let message: MessageRequest
        guard !JSONDepth.exceeds(body, limit: 8) else { throw HTTPRejection(400, "body must be a JSON object with a string field \"text\"") }
        do {
            message = try JSONDecoder().decode(MessageRequest.self, from: Data(body))
        } catch DecodingError.keyNotFound(let key, _) {
            throw HTTPRejection(400, "missing field \"\(key.stringValue)\"")
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
            guard let field = context.codingPath.first?.stringValue else {
                throw HTTPRejection(400, "body must be a JSON object")
            }
            throw HTTPRejection(400, "field \"\(field)\" must be a string")
        } catch {
            throw HTTPRejection(400, "body must be a JSON object with a string field \"text\"")
        }
        guard !message.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw HTTPRejection(400, "field \"text\" must not be empty")
        }
        let reply = composer.reply(to: message.text, from: message.user)
        return HTTPResponse(status: 200, body: JSONText.object(["agent": character.name, "reply": reply]))
    }

    /// The answer to an `InvocationRequest`: one `InvocationReply`, or with `stream` a token event
    /// per word (after `settings.tokenDelayMs` each) and a `done` event with the whole reply.
    func invoke(_ body: [UInt8]) throws(HTTPRejection) -> HTTPResponse {
        guard !JSONDepth.exceeds(body, limit: 8) else { throw HTTPRejection(400, "body nests too deeply") }
        let call: InvocationRequest
        do {
            call = try JSONDecoder().decode(InvocationRequest.self, from: Data(body))
        } catch {
            throw HTTPRejection(400, "body must be {\"messages\": [{\"role\": \"system|user|assistant\", \"content\": string}], \"sessionId\"?, \"variables\"?, \"stream\"?}")
        }
        guard call.messages.contains(where: { $0.role == .user }) else {
            throw HTTPRejection(400, "field \"messages\" must hold at least one user message")
        }
        let content = composer.reply(to: call.messages, variables: call.variables)
        let reply = InvocationReply(
            agent: character.name, content: content,
            usage: TokenUsage(input: TokenUsage.words(in: call.messages), output: TokenUsage.words(in: content)))
        guard call.stream else {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let text = (try? encoder.encode(reply)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
            return HTTPResponse(status: 200, body: text)
        }
        let delay = character.settings.tokenDelayMs ?? 0
        return .events { send in
            for token in Self.tokens(of: content) {
                if delay > 0 { usleep(useconds_t(delay) * 1000) }
                guard send(StreamEvent.token(token).serialized()) else { return }
            }
            _ = send(StreamEvent.done(reply).serialized())
        }
    }

    /// The reply cut into tokens: each word with the space that follows it, so that the tokens
    /// joined are the reply and there are as many as its words.
    static func tokens(of text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        for character in text {
            if character.isWhitespace, !current.isEmpty, !(current.last?.isWhitespace ?? false) {
                current.append(character)
            } else if !character.isWhitespace, current.last?.isWhitespace ?? false {
                tokens.append(current)
                current = String(character)
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    private func methodNotAllowed(allow: String) -> HTTPResponse {
        var response = HTTPResponse.error(405, "method not allowed")
        response.headers["Allow"] = allow
        return response
    }
}
