/// How deeply JSON text nests arrays and objects, measured without recursion and without a parser.
///
/// Every recursive JSON decoder (Foundation's `JSONSerialization` and `JSONDecoder`, a `Decodable`
/// enum of JSON values) uses stack in proportion to the nesting, and a request thread's stack is
/// small: text nested a few hundred levels deep overflows it, which kills the process. So untrusted
/// text is measured here first, in one pass over its bytes, and refused when it nests too deep.
public enum JSONDepth {
    /// Where text nests deeper than a limit.
    public struct Excess: Equatable, Sendable {
        /// The top-level object's member in which the limit is passed (its key as written, escapes
        /// included), or nil when the top level is not an object.
        public var member: String?

        public init(member: String?) {
            self.member = member
        }
    }

    /// The first place where `bytes` nests arrays and objects deeper than `limit`, counting brackets
    /// outside strings; nil when it does not. Unbalanced or malformed text is measured as far as it
    /// goes, and left for the parser to refuse.
    public static func excess(in bytes: some Sequence<UInt8>, limit: Int) -> Excess? {
        var scanner = Scanner()
        for byte in bytes {
            if scanner.consume(byte, limit: limit) { return Excess(member: scanner.member) }
        }
        return nil
    }

    /// True when `bytes` nests deeper than `limit`.
    public static func exceeds(_ bytes: some Sequence<UInt8>, limit: Int) -> Bool {
        excess(in: bytes, limit: limit) != nil
    }

    private struct Scanner {
        var depth = 0
        var inString = false
        var escaped = false
        /// At depth 1 inside an object, between `{` or `,` and the key's opening quote.
        var expectingKey = false
        var topLevelIsObject = false
        var readingKey = false
        var key: [UInt8] = []
        var member: String? { topLevelIsObject ? String(decoding: key, as: UTF8.self) : nil }

        /// Takes one byte; true when it opens a level past `limit`.
        mutating func consume(_ byte: UInt8, limit: Int) -> Bool {
            if inString {
                if readingKey, !(byte == UInt8(ascii: "\"") && !escaped) { key.append(byte) }
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    readingKey = false
                }
                return false
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
                if expectingKey {
                    expectingKey = false
                    readingKey = true
                    key.removeAll(keepingCapacity: true)
                }
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth == 1 {
                    topLevelIsObject = byte == UInt8(ascii: "{")
                    expectingKey = topLevelIsObject
                }
                if depth > limit { return true }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
            case UInt8(ascii: ","):
                if depth == 1 && topLevelIsObject { expectingKey = true }
            default:
                break
            }
            return false
        }
    }
}
