/// A list answer: its items and the resourceVersion a watch continues from.
struct ObjectList<Item: Decodable & Sendable>: Decodable, Sendable {
    struct Meta: Decodable, Sendable {
        var resourceVersion: String?
    }

    var metadata: Meta
    var items: [Item]
}

/// One event of a watch. An ERROR carries a `Status` (410 Gone: the resourceVersion is too old),
/// a BOOKMARK only a newer resourceVersion.
enum WatchEvent<Item: Decodable & Sendable>: Decodable, Sendable {
    case added(Item)
    case modified(Item)
    case deleted(Item)
    case bookmark(resourceVersion: String)
    case error(code: Int, message: String)

    private enum Keys: String, CodingKey { case type, object }

    private struct Bookmark: Decodable {
        var metadata: ObjectList<Item>.Meta
    }

    private struct Status: Decodable {
        var code: Int?
        var message: String?
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "ADDED": self = .added(try container.decode(Item.self, forKey: .object))
        case "MODIFIED": self = .modified(try container.decode(Item.self, forKey: .object))
        case "DELETED": self = .deleted(try container.decode(Item.self, forKey: .object))
        case "BOOKMARK": self = .bookmark(resourceVersion: try container.decode(Bookmark.self, forKey: .object).metadata.resourceVersion ?? "")
        default:
            let status = try? container.decode(Status.self, forKey: .object)
            self = .error(code: status?.code ?? 0, message: status?.message ?? type)
        }
    }
}
