import Foundation

/// A value that writes its own JSON, field by field: `JSON.encode` uses this instead of the
/// `Encodable` conformance for the answers read most often, since going through `Encoder` (its
/// containers, boxes and witness calls) cost a keyed status read more than its two LMDB reads.
///
/// The output must be the `Encodable` one's byte for byte (the same keys in the same order, a nil
/// optional left out, dates as `Timestamp`s); each conformance has a test comparing the two
/// (`JSON.encodeThroughEncoder` gives the other).
public protocol JSONWritable: Encodable {
    func write(to json: inout JSONWriter)
}

/// Writes one JSON object (and the objects inside it) straight into bytes.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    /// Whether the object being written has no member yet (no comma before the next).
    private var empty = true

    public init() {}

    /// Makes room for `count` more bytes at once, for an answer that knows about how long it is.
    public mutating func reserveCapacity(_ count: Int) {
        bytes.reserveCapacity(bytes.count + count)
    }

    /// `{`, the members `body` writes, `}`.
    public mutating func object(_ body: (inout JSONWriter) -> Void) {
        // Room for a usual answer in one allocation, unless the answer made its own.
        if bytes.capacity == 0 { bytes.reserveCapacity(512) }
        bytes.append(UInt8(ascii: "{"))
        let outer = empty
        empty = true
        body(&self)
        empty = outer
        bytes.append(UInt8(ascii: "}"))
    }

    public mutating func field(_ name: StaticString, _ value: String) {
        key(name)
        JSONStreamEncoder.appendString(value, to: &bytes)
    }

    /// A string member made of three parts written one after the other (a template around a
    /// value, such as an agent's URL), with no string built to hold them.
    public mutating func field(_ name: StaticString, joining first: String, _ second: String, _ third: String) {
        key(name)
        bytes.append(UInt8(ascii: "\""))
        JSONStreamEncoder.appendEscaped(first, to: &bytes)
        JSONStreamEncoder.appendEscaped(second, to: &bytes)
        JSONStreamEncoder.appendEscaped(third, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    public mutating func field(_ name: StaticString, _ value: Int) {
        key(name)
        bytes.append(contentsOf: String(value).utf8)
    }

    public mutating func field(_ name: StaticString, _ value: Bool) {
        key(name)
        bytes.append(contentsOf: value ? "true".utf8 : "false".utf8)
    }

    public mutating func field(_ name: StaticString, _ values: [String]) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONStreamEncoder.appendString(value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    public mutating func field(_ name: StaticString, _ value: Date) {
        key(name)
        JSONStreamEncoder.appendTimestamp(value, to: &bytes)
    }

    // Optionals are left out when nil, as `Encodable`'s `encodeIfPresent` does.
    public mutating func field(_ name: StaticString, _ value: String?) { if let value { field(name, value) } }
    public mutating func field(_ name: StaticString, _ value: Date?) { if let value { field(name, value) } }

    /// A member whose value is an object.
    public mutating func field(_ name: StaticString, object body: (inout JSONWriter) -> Void) {
        key(name)
        object(body)
    }

    /// A member whose value is an array, each element written by `write` (an object, say).
    /// Inlinable, so that the caller's module specializes it for `Element`: unspecialized, each
    /// element was copied out through the runtime's generic witnesses.
    @inlinable
    public mutating func field<Element>(_ name: StaticString, array elements: [Element], _ write: (inout JSONWriter, Element) -> Void) {
        key(name)
        append(UInt8(ascii: "["))
        for index in elements.indices {
            if index > 0 { append(UInt8(ascii: ",")) }
            write(&self, elements[index])
        }
        append(UInt8(ascii: "]"))
    }

    @usableFromInline
    mutating func append(_ byte: UInt8) {
        bytes.append(byte)
    }

    /// `"name":`, after a comma unless it is the object's first member. Names are written as they
    /// are: they are the program's own identifiers, with nothing to escape.
    @usableFromInline
    mutating func key(_ name: StaticString) {
        if !empty { bytes.append(UInt8(ascii: ",")) }
        empty = false
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }
}
