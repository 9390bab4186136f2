import Foundation

/// The JSON encoding of `Codable` values. The coders are shared: their configuration never
/// changes after creation, and Foundation's JSONEncoder and JSONDecoder are safe to use from
/// many threads at once.
enum ValueCoding {
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()
    private static let decoder = JSONDecoder()

    static func encode<V: Encodable>(_ value: V) throws -> [UInt8] {
        [UInt8](try encoder.encode(value))
    }

    static func decode<V: Decodable>(_ type: V.Type, from bytes: [UInt8]) throws -> V {
        try decoder.decode(type, from: Data(bytes))
    }
}
