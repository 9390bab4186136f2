import LaunchpadCore
import LaunchpadHTTP

/// An agent's URL in an answer: encoded as the one string, and written by a `JSONWriter` as the
/// template's parts around the id, without building that string.
struct AgentURLBody: Encodable {
    var urls: AgentURLTemplate
    var agentId: String

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(urls.url(of: agentId))
    }
}

extension JSONWriter {
    mutating func field(_ name: StaticString, _ url: AgentURLBody) {
        field(name, joining: url.urls.prefix, url.agentId, url.urls.suffix)
    }
}
