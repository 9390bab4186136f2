import LaunchpadAgentProtocol
import LaunchpadHTTP

/// The body of `POST /v1/chat/completions`: `model` (one of the caller's agents, by name or id),
/// the whole conversation as `messages`, and `stream`. OpenAI's other parameters (temperature,
/// max_tokens, ...) are accepted and have no effect on a deterministic agent.
struct ChatCompletionBody: Decodable, Sendable {
    var model: String
    var messages: [ConversationMessage]
    var stream: Bool
    /// `stream_options.include_usage`: the usage in a last chunk of its own, as OpenAI sends it.
    var includeUsage: Bool

    enum CodingKeys: String, CodingKey { case model, messages, stream, stream_options }

    private struct StreamOptions: Decodable { var include_usage: Bool? }

    /// A message: `content` a string, or a list of parts of which the `text` ones are kept.
    private struct Message: Decodable {
        var role: String
        var content: String

        enum CodingKeys: String, CodingKey { case role, content }
        private struct Part: Decodable { var type: String; var text: String? }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            role = try container.decode(String.self, forKey: .role)
            if let text = try? container.decode(String.self, forKey: .content) {
                content = text
            } else if let parts = try? container.decode([Part].self, forKey: .content) {
                content = parts.compactMap { $0.type == "text" ? $0.text : nil }.joined(separator: "\n")
            } else if try container.decodeNil(forKey: .content) {
                content = ""
            } else {
                throw DecodingError.typeMismatch(String.self, .init(codingPath: container.codingPath + [CodingKeys.content], debugDescription: "expected a string or a list of text parts"))
            }
        }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        model = try container.decode(String.self, forKey: .model)
        let raw = try container.decode([Message].self, forKey: .messages)
        messages = try raw.enumerated().map { index, message in
            // OpenAI's `developer` is the newer name of `system`.
            let name = message.role == "developer" ? "system" : message.role
            guard let role = ConversationMessage.Role(rawValue: name) else {
                throw HTTPError.validation(field: "messages[\(index)].role", "expected one of system, developer, user, assistant, got '\(message.role.prefix(64))'")
            }
            return ConversationMessage(role: role, content: message.content)
        }
        stream = try container.decodeIfPresent(Bool.self, forKey: .stream, refusingNull: false) ?? false
        includeUsage = (try container.decodeIfPresent(StreamOptions.self, forKey: .stream_options, refusingNull: false))?.include_usage ?? false
    }
}
