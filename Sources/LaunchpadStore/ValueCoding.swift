import Foundation

/// The JSON encoding of `Codable` values in tables, as `put` and `get(as:)` use it; public for
/// callers that hold raw bytes. The coders are shared: their configuration never changes after
/// creation, and Foundation's JSONEncoder and JSONDecoder are safe to use from many threads at once.
public enum ValueCoding {
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()
    private static let decoder = JSONDecoder()

    public static func encode<V: Encodable>(_ value: V) throws -> [UInt8] {
        [UInt8](try encoder.encode(value))
    }

    public static func decode<V: Decodable>(_ type: V.Type, from bytes: [UInt8]) throws -> V {
        try decoder.decode(type, from: Data(bytes))
    }
}
