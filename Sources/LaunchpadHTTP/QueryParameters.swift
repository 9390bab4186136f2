/// The decoded parameters of a query string, in order; a name may repeat.
public struct QueryParameters: Sendable, Equatable {
    public private(set) var pairs: [(name: String, value: String)]

    /// Parses `a=1&b=x%20y`. Broken escapes are a bad request naming the parameter.
    public init(parsing query: Substring) throws(HTTPError) {
        pairs = []
        guard !query.isEmpty else { return }
        pairs.reserveCapacity(query.utf8.count(where: { $0 == UInt8(ascii: "&") }) + 1)
        var rest = query
        while !rest.isEmpty {
            let end = rest.utf8.firstIndex(of: UInt8(ascii: "&")) ?? rest.endIndex
            let part = rest[..<end]
            rest = end == rest.endIndex ? rest[end...] : rest[rest.utf8.index(after: end)...]
            if part.isEmpty { continue }
            let equals = part.utf8.firstIndex(of: UInt8(ascii: "="))
            let rawName = equals.map { part[..<$0] } ?? part
            let rawValue = equals.map { part[part.utf8.index(after: $0)...] } ?? ""
            guard let name = PercentDecoding.decode(rawName, plusIsSpace: true) else {
                throw HTTPError.validation(field: "query", "parameter name '\(rawName)' has a broken percent-escape")
            }
            guard let value = PercentDecoding.decode(rawValue, plusIsSpace: true) else {
                throw HTTPError.validation(field: "query.\(name)", "value has a broken percent-escape")
            }
            pairs.append((name, value))
        }
    }

    /// Throws what `init(parsing:)` would, without keeping the parameters: a query with no
    /// percent-escape cannot be broken, and is not decoded at all.
    public static func validate(_ query: Substring) throws(HTTPError) {
        guard query.utf8.contains(UInt8(ascii: "%")) else { return }
        _ = try QueryParameters(parsing: query)
    }

    public init() { pairs = [] }

    /// The first value of `name`.
    public subscript(_ name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    /// An integer parameter within `range`, or `defaultValue` when absent.
    public func int(_ name: String, default defaultValue: Int, in range: ClosedRange<Int>) throws(HTTPError) -> Int {
        guard let text = self[name] else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            throw HTTPError.validation(field: "query.\(name)", "expected an integer from \(range.lowerBound) to \(range.upperBound), got '\(text)'")
        }
        return value
    }

    /// A boolean parameter (`true`/`false`/`1`/`0`), or `defaultValue` when absent.
    public func bool(_ name: String, default defaultValue: Bool) throws(HTTPError) -> Bool {
        guard let text = self[name] else { return defaultValue }
        switch text.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default: throw HTTPError.validation(field: "query.\(name)", "expected true or false, got '\(text)'")
        }
    }

    public static func == (lhs: QueryParameters, rhs: QueryParameters) -> Bool {
        lhs.pairs.elementsEqual(rhs.pairs) { $0.name == $1.name && $0.value == $1.value }
    }
}
