import Foundation
import LaunchpadJSONDepth

/// The agent's HTTP endpoints: `GET /health` and `POST /message`; anything else is 404, or 405 on
/// a known path with another method.
struct AgentEndpoints: Sendable {
    let character: Character
    /// `LAUNCHPAD_REPLICA`, or empty.
    let replica: String
    let startedAt: ContinuousClock.Instant
    private let composer: ReplyComposer

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
        case (_, "/health"):
            return methodNotAllowed(allow: "GET")
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

    private func methodNotAllowed(allow: String) -> HTTPResponse {
        var response = HTTPResponse.error(405, "method not allowed")
        response.headers["Allow"] = allow
        return response
    }
}
