import LaunchpadHTTP

/// The body of invoke, stream and a session's continue: the text as `input` (as documented) or
/// `message` (as the runtime has it), an optional session (`session_id` or `sessionId`) and
/// `variables`. Unknown fields are refused, naming them.
struct InvokeBody: Decodable, Sendable {
    var text: String
    /// The field the text came in, for errors about it.
    var field: String
    var sessionId: String?
    var variables: [String: String]

    enum CodingKeys: String, CodingKey, CaseIterable { case input, message, session_id, sessionId, variables }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let input = try container.decodeIfPresent(String.self, forKey: .input, refusingNull: true) {
            (text, field) = (input, "input")
        } else if let message = try container.decodeIfPresent(String.self, forKey: .message, refusingNull: true) {
            (text, field) = (message, "message")
        } else {
            throw HTTPError.validation(field: "input", "required (or 'message')")
        }
        sessionId = try container.decodeIfPresent(String.self, forKey: .session_id, refusingNull: true)
            ?? container.decodeIfPresent(String.self, forKey: .sessionId, refusingNull: true)
        variables = try container.decodeIfPresent([String: String].self, forKey: .variables, refusingNull: true) ?? [:]
    }
}

/// The body of a new session: optional `metadata`. An empty body is the same as `{}`.
struct CreateSessionBody: Decodable, Sendable {
    var metadata: [String: String]

    enum CodingKeys: String, CodingKey, CaseIterable { case metadata }

    init(metadata: [String: String] = [:]) {
        self.metadata = metadata
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        metadata = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent([String: String].self, forKey: .metadata, refusingNull: true) ?? [:]
    }
}
