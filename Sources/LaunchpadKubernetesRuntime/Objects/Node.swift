/// A node as the health probe reads it: whether it is Ready.
struct Node: Decodable, Sendable {
    struct Condition: Decodable, Sendable {
        var type: String
        var status: String
    }

    struct Status: Decodable, Sendable {
        var conditions: [Condition]?
    }

    var status: Status?

    var isReady: Bool { status?.conditions?.contains { $0.type == "Ready" && $0.status == "True" } == true }
}
