import Foundation

/// An `Encoder` that writes JSON bytes as it goes, without building Foundation's intermediate tree:
/// it is the response path of every handler, and JSONEncoder spent half a health request's time.
///
/// Keys come out in the order `encode(to:)` writes them (declaration order for synthesized
/// conformances); nil optionals are omitted; dates are `Timestamp`s; non-finite numbers throw.
final class JSONStreamEncoder {
    private(set) var bytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(512)
    }

    func encode<T: Encodable>(_ value: T) throws {
        try writeValue(value)
    }

    // MARK: Values

    func writeValue<T: Encodable>(_ value: T) throws {
        // Metatype comparisons, not `as?` casts: a failed dynamic cast per kind per value cost more
        // than writing the value. Each branch converts `value` to the type it was just found to be.
        if T.self == String.self {
            writeString(unsafeBitCast(value, to: String.self))
        } else if T.self == Date.self {
            writeTimestamp(unsafeBitCast(value, to: Date.self))
        } else if T.self == Bool.self {
            writeBool(unsafeBitCast(value, to: Bool.self))
        } else if T.self == Int.self {
            writeInteger(unsafeBitCast(value, to: Int.self))
        } else if T.self == Double.self {
            try writeDouble(unsafeBitCast(value, to: Double.self))
        } else if T.self == URL.self {
            writeString(unsafeBitCast(value, to: URL.self).absoluteString)
        } else {
            let encoder = ValueEncoder(stream: self)
            try value.encode(to: encoder)
            encoder.finish()
        }
    }

    /// A date as a `Timestamp` string, its digits written straight into the output.
    func writeTimestamp(_ date: Date) {
        Self.appendTimestamp(date, to: &bytes)
    }

    static func appendTimestamp(_ date: Date, to bytes: inout [UInt8]) {
        bytes.append(0x22)
        Timestamp.append(date, to: &bytes)
        bytes.append(0x22)
    }

    func writeNull() { bytes.append(contentsOf: "null".utf8) }

    func writeBool(_ value: Bool) { bytes.append(contentsOf: value ? "true".utf8 : "false".utf8) }

    func writeInteger<I: BinaryInteger>(_ value: I) { bytes.append(contentsOf: value.description.utf8) }

    func writeDouble(_ value: Double) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "JSON has no \(value)"))
        }
        if value == value.rounded(), abs(value) < 1e15 {
            bytes.append(contentsOf: String(Int64(value)).utf8)
            bytes.append(contentsOf: ".0".utf8)
        } else {
            bytes.append(contentsOf: value.description.utf8)
        }
    }

    private static let hex = Array("0123456789abcdef".utf8)

    func writeString(_ text: String) {
        Self.appendString(text, to: &bytes)
    }

    /// `text` as a JSON string literal.
    static func appendString(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(0x22)
        appendEscaped(text, to: &bytes)
        bytes.append(0x22)
    }

    /// `text` escaped for a JSON string, without the quotes. Escaping goes byte by byte, so the
    /// parts of a string escaped one after the other give the whole one escaped. Done over one
    /// buffer (a native string's own, or a small string's copied to the stack, rather than through
    /// the UTF-8 view's iterator): no escape needed is the common case, written in one copy.
    static func appendEscaped(_ text: String, to bytes: inout [UInt8]) {
        if text.utf8.withContiguousStorageIfAvailable({ appendEscaped($0, to: &bytes) }) != nil { return }
        var small = text
        small.withUTF8 { appendEscaped($0, to: &bytes) }
    }

    private static func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        guard !isPlain(utf8) else {
            bytes.append(contentsOf: utf8)
            return
        }
        for byte in utf8 {
            switch byte {
            case 0x22: bytes += [0x5C, 0x22]
            case 0x5C: bytes += [0x5C, 0x5C]
            case 0x0A: bytes += [0x5C, 0x6E]
            case 0x0D: bytes += [0x5C, 0x72]
            case 0x09: bytes += [0x5C, 0x74]
            case 0..<0x20: bytes += [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: bytes.append(byte)
            }
        }
    }

    /// Whether `utf8` has nothing a JSON string must escape.
    private static func isPlain(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        !utf8.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }
    }

    func append(_ byte: UInt8) { bytes.append(byte) }
}

/// The encoder handed to one value's `encode(to:)`. It opens at most one container and closes it in
/// `finish`. A nested container stays open until its parent writes its next item or finishes.
private final class ValueEncoder: Encoder {
    enum Opened { case none, object, array, single }

    let stream: JSONStreamEncoder
    var opened = Opened.none
    /// Members or elements written so far, for commas.
    var count = 0
    /// A nested container or super encoder still being written.
    var openChild: ValueEncoder?
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]

    init(stream: JSONStreamEncoder) {
        self.stream = stream
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if opened == .none {
            stream.append(0x7B)
            opened = .object
        }
        return KeyedEncodingContainer(KeyedContainer(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if opened == .none {
            stream.append(0x5B)
            opened = .array
        }
        return UnkeyedContainer(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(encoder: self)
    }

    /// Starts a member or an element: a comma after the first.
    func beginItem() {
        closeChild()
        if count > 0 { stream.append(0x2C) }
        count += 1
    }

    /// Opens a child for a nested container or a super encoder, already keyed or counted by the caller.
    func openNested(_ opening: Opened) -> ValueEncoder {
        let child = ValueEncoder(stream: stream)
        switch opening {
        case .object: stream.append(0x7B)
        case .array: stream.append(0x5B)
        case .none, .single: break
        }
        child.opened = opening
        openChild = child
        return child
    }

    private func closeChild() {
        if let child = openChild {
            child.finish()
            openChild = nil
        }
    }

    func key(_ key: some CodingKey) {
        beginItem()
        stream.writeString(key.stringValue)
        stream.append(0x3A)
    }

    func finish() {
        closeChild()
        switch opened {
        case .object: stream.append(0x7D)
        case .array: stream.append(0x5D)
        case .single: break
        case .none: stream.append(0x7B); stream.append(0x7D)  // encoded nothing: an empty object, as JSONEncoder does
        }
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: ValueEncoder
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) throws { encoder.key(key); encoder.stream.writeNull() }
    mutating func encode(_ value: Bool, forKey key: Key) throws { encoder.key(key); encoder.stream.writeBool(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { encoder.key(key); encoder.stream.writeString(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { encoder.key(key); try encoder.stream.writeDouble(value) }
    mutating func encode(_ value: Float, forKey key: Key) throws { encoder.key(key); try encoder.stream.writeDouble(Double(value)) }
    mutating func encode(_ value: Int, forKey key: Key) throws { encoder.key(key); encoder.stream.writeInteger(value) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { encoder.key(key); encoder.stream.writeInteger(value) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { encoder.key(key); encoder.stream.writeInteger(value) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { encoder.key(key); encoder.stream.writeInteger(value) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { encoder.key(key); encoder.stream.writeInteger(value) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { encoder.key(key); encoder.stream.writeInteger(value) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { encoder.key(key); encoder.stream.writeInteger(value) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { encoder.key(key); encoder.stream.writeInteger(value) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { encoder.key(key); encoder.stream.writeInteger(value) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { encoder.key(key); encoder.stream.writeInteger(value) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { encoder.key(key); try encoder.stream.writeValue(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        encoder.key(key)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(encoder: encoder.openNested(.object)))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        encoder.key(key)
        return UnkeyedContainer(encoder: encoder.openNested(.array))
    }

    mutating func superEncoder() -> any Encoder {
        encoder.key(SuperKey())
        return encoder.openNested(.none)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        encoder.key(key)
        return encoder.openNested(.none)
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let encoder: ValueEncoder
    var codingPath: [any CodingKey] { [] }
    var count: Int { encoder.count }

    mutating func encodeNil() throws { encoder.beginItem(); encoder.stream.writeNull() }
    mutating func encode(_ value: Bool) throws { encoder.beginItem(); encoder.stream.writeBool(value) }
    mutating func encode(_ value: String) throws { encoder.beginItem(); encoder.stream.writeString(value) }
    mutating func encode(_ value: Double) throws { encoder.beginItem(); try encoder.stream.writeDouble(value) }
    mutating func encode(_ value: Int) throws { encoder.beginItem(); encoder.stream.writeInteger(value) }
    mutating func encode(_ value: Int64) throws { encoder.beginItem(); encoder.stream.writeInteger(value) }
    mutating func encode(_ value: UInt64) throws { encoder.beginItem(); encoder.stream.writeInteger(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { encoder.beginItem(); try encoder.stream.writeValue(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        encoder.beginItem()
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(encoder: encoder.openNested(.object)))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        encoder.beginItem()
        return UnkeyedContainer(encoder: encoder.openNested(.array))
    }

    mutating func superEncoder() -> any Encoder {
        encoder.beginItem()
        return encoder.openNested(.none)
    }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let encoder: ValueEncoder
    var codingPath: [any CodingKey] { [] }

    private func begin() { encoder.opened = .single }

    mutating func encodeNil() throws { begin(); encoder.stream.writeNull() }
    mutating func encode(_ value: Bool) throws { begin(); encoder.stream.writeBool(value) }
    mutating func encode(_ value: String) throws { begin(); encoder.stream.writeString(value) }
    mutating func encode(_ value: Double) throws { begin(); try encoder.stream.writeDouble(value) }
    mutating func encode(_ value: Float) throws { begin(); try encoder.stream.writeDouble(Double(value)) }
    mutating func encode(_ value: Int) throws { begin(); encoder.stream.writeInteger(value) }
    mutating func encode(_ value: Int8) throws { begin(); encoder.stream.writeInteger(value) }
    mutating func encode(_ value: Int16) throws { begin(); encoder.stream.writeInteger(value) }
    mutating func encode(_ value: Int32) throws { begin(); encoder.stream.writeInteger(value) }
    mutating func encode(_ value: Int64) throws { begin(); encoder.stream.writeInteger(value) }
    mutating func encode(_ value: UInt) throws { begin(); encoder.stream.writeInteger(value) }
    mutating func encode(_ value: UInt8) throws { begin(); encoder.stream.writeInteger(value) }
    mutating func encode(_ value: UInt16) throws { begin(); encoder.stream.writeInteger(value) }
    mutating func encode(_ value: UInt32) throws { begin(); encoder.stream.writeInteger(value) }
    mutating func encode(_ value: UInt64) throws { begin(); encoder.stream.writeInteger(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { begin(); try encoder.stream.writeValue(value) }
}

/// The key JSONEncoder uses for `superEncoder()`.
private struct SuperKey: CodingKey {
    var stringValue: String { "super" }
    var intValue: Int? { nil }
    init() {}
    init?(stringValue: String) { nil }
    init?(intValue: Int) { nil }
}
