/// A coding key for any name, to list every key an object holds.
struct AnyCodingKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

extension CodingUserInfoKey {
    /// Set (to `true`) by `JSON.decode` for request bodies: only there are unknown keys refused.
    public static let refusesUnknownKeys = CodingUserInfoKey(rawValue: "launchpad.refusesUnknownKeys")!
}

extension Decoder {
    /// In a request body, throws when the object being decoded has a key that `Keys` does not list,
    /// so that a misspelt field is a 400 naming it rather than silently ignored. Anywhere else (a
    /// stored record) unknown keys are left alone: a record a newer binary wrote, with a field this
    /// one does not know, must still be read.
    public func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(_ keys: Keys.Type) throws {
        guard userInfo[.refusesUnknownKeys] as? Bool == true else { return }
        let known = Set(Keys.allCases.map(\.stringValue))
        let container = try self.container(keyedBy: AnyCodingKey.self)
        for key in container.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) where !known.contains(key.stringValue) {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath + [key], debugDescription: "unknown field"))
        }
    }
}

extension Decoder {
    /// Whether this is a request body (`JSON.decode`), where unknown keys and explicit nulls are refused.
    public var isRequestBody: Bool {
        userInfo[.refusesUnknownKeys] as? Bool == true
    }
}

extension KeyedDecodingContainer {
    /// `decodeIfPresent`, except that an explicit `null` is refused when `refusingNull`: in a request
    /// body a field is either absent or of its type (openapi.yaml says no field may be null), so
    /// `"topics": null` is a 400 naming it rather than taken for absent.
    public func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key, refusingNull: Bool) throws -> T? {
        if refusingNull, contains(key), try decodeNil(forKey: key) {
            throw DecodingError.valueNotFound(type, .init(codingPath: codingPath + [key], debugDescription: "must not be null"))
        }
        return try decodeIfPresent(type, forKey: key)
    }
}
