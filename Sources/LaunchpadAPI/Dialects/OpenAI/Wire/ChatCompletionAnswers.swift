import LaunchpadAgentProtocol

/// OpenAI's usage object.
struct ChatUsage: Encodable, Sendable {
    var prompt_tokens: Int
    var completion_tokens: Int
    var total_tokens: Int

    init(_ usage: TokenUsage) {
        prompt_tokens = usage.input
        completion_tokens = usage.output
        total_tokens = usage.total
    }
}

/// A whole `chat.completion`.
struct ChatCompletion: Encodable, Sendable {
    struct Choice: Encodable, Sendable {
        var index = 0
        var message: ChatMessage
        var finish_reason = "stop"
    }

    struct ChatMessage: Encodable, Sendable {
        var role = "assistant"
        var content: String
    }

    var id: String
    var object = "chat.completion"
    var created: Int
    var model: String
    var choices: [Choice]
    var usage: ChatUsage
}

/// One `chat.completion.chunk` of a stream.
struct ChatCompletionChunk: Encodable, Sendable {
    struct Choice: Encodable, Sendable {
        var index = 0
        var delta: Delta
        var finish_reason: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(index, forKey: .index)
            try container.encode(delta, forKey: .delta)
            try container.encode(finish_reason, forKey: .finish_reason)
        }

        enum CodingKeys: String, CodingKey { case index, delta, finish_reason }
    }

    struct Delta: Encodable, Sendable {
        var role: String?
        var content: String?
    }

    var id: String
    var object = "chat.completion.chunk"
    var created: Int
    var model: String
    var choices: [Choice]
    var usage: ChatUsage?
}

/// `GET /v1/models`: the caller's agents as models.
struct ModelList: Encodable, Sendable {
    struct Model: Encodable, Sendable {
        var id: String
        var object = "model"
        var created: Int
        var owned_by: String
    }

    var object = "list"
    var data: [Model]
}
