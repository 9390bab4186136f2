/// Tokens a call used: what the conversation sent cost (`input`) and what the reply cost (`output`).
public struct TokenUsage: Codable, Sendable, Equatable {
    public var input: Int
    public var output: Int
    public var total: Int { input + output }

    public init(input: Int, output: Int) {
        self.input = input
        self.output = output
    }

    private enum CodingKeys: String, CodingKey {
        case input, output, total
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        input = try container.decode(Int.self, forKey: .input)
        output = try container.decode(Int.self, forKey: .output)
        guard input >= 0, output >= 0 else {
            throw DecodingError.dataCorruptedError(forKey: .input, in: container, debugDescription: "token counts must not be negative")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(input, forKey: .input)
        try container.encode(output, forKey: .output)
        try container.encode(total, forKey: .total)
    }

    /// The reference agent's measure: a token is a word (a run of characters between white space).
    public static func words(in text: String) -> Int {
        text.split(whereSeparator: { $0.isWhitespace }).count
    }

    /// The input of a conversation: the words of every message.
    public static func words(in messages: [ConversationMessage]) -> Int {
        messages.reduce(0) { $0 + words(in: $1.content) }
    }
}
