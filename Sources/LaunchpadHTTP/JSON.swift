import Foundation
import LaunchpadJSONDepth

/// JSON encoding and decoding for the API: camelCase keys as declared, times as `Timestamp`,
/// and decoding failures turned into a bad request (`HTTPError.validation`) that names the field.
public enum JSON {
    /// Bodies nesting arrays and objects deeper than this are refused before any decoder sees them:
    /// the decoders recurse, and a request thread's stack is small (`JSONDepth` says why).
    public static let maximumDepth = 64

    /// Encodes compactly, keys in the order the type writes them, dates as `Timestamp`s. A
    /// `JSONWritable` value writes itself.
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        if let writable = value as? any JSONWritable {
            return encode(writable)
        }
        return try encodeThroughEncoder(value)
    }

    /// A value known to be `JSONWritable`, written with no cast to find that out: the cast boxed
    /// the value, an allocation per answer.
    public static func encode<T: JSONWritable>(_ value: T) -> [UInt8] {
        var writer = JSONWriter()
        value.write(to: &writer)
        return writer.bytes
    }

    /// Encodes through the `Encodable` conformance even for a `JSONWritable` value: what its own
    /// writing must equal (the tests compare them).
    public static func encodeThroughEncoder<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONStreamEncoder()
        try encoder.encode(value)
        return encoder.bytes
    }

    /// Decodes a request body. A failure names the offending field (`resources.memory`).
    ///
    /// The body is first checked as `validateSyntax` checks it, since JSONDecoder accepts text that JSON
    /// forbids (a raw control character in a string): a body is either JSON for both or for neither.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws(HTTPError) -> T {
        try validateSyntax(bytes)
        let decoder = JSONDecoder()
        decoder.userInfo[.refusesUnknownKeys] = true
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = Timestamp.parse(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected an ISO 8601 time such as 2024-01-15T10:30:00Z")
            }
            return date
        }
        do {
            return try decoder.decode(type, from: Data(bytes))
        } catch let error as DecodingError {
            throw validationError(for: error)
        } catch let error as HTTPError {
            throw error
        } catch {
            throw HTTPError.validation(field: "body", "\(error)")
        }
    }

    /// Checks that `bytes` are UTF-8 and one JSON value no deeper than `maximumDepth`, without
    /// building a model. Too deep a body names the top-level member that nests too deep.
    public static func validateSyntax(_ bytes: [UInt8]) throws(HTTPError) {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw HTTPError.validation(field: "body", "the body is not valid UTF-8")
        }
        if let excess = JSONDepth.excess(in: bytes, limit: maximumDepth) {
            throw HTTPError.validation(field: excess.member ?? "body", "nests arrays and objects deeper than \(maximumDepth) levels")
        }
        do {
            _ = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        } catch {
            throw HTTPError.validation(field: "body", "the body is not valid JSON")
        }
    }

    static func validationError(for error: DecodingError) -> HTTPError {
        switch error {
        case .keyNotFound(let key, let context):
            return .validation(field: path(context.codingPath + [key]), "is required")
        case .valueNotFound(let type, let context):
            return .validation(field: path(context.codingPath), "must not be null (expected \(describe(type)))")
        case .typeMismatch(let type, let context):
            return .validation(field: path(context.codingPath), "expected \(describe(type))")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return .validation(field: "body", "the body is not valid JSON")
            }
            return .validation(field: path(context.codingPath), context.debugDescription)
        @unknown default:
            return .validation(field: "body", "the body could not be decoded")
        }
    }

    /// `personality.bio[2]` from a coding path.
    static func path(_ codingPath: [any CodingKey]) -> String {
        var result = ""
        for key in codingPath {
            if let index = key.intValue {
                result += "[\(index)]"
            } else {
                result += result.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return result.isEmpty ? "body" : result
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Int64.Type, is UInt.Type, is UInt64.Type, is Int32.Type: "an integer"
        case is Double.Type, is Float.Type: "a number"
        default:
            String(describing: type).hasPrefix("Array<") ? "an array"
                : String(describing: type).hasPrefix("Dictionary<") ? "an object" : "a value of type \(type)"
        }
    }
}
