import Foundation
import LaunchpadTestSupport

/// Compares an expected JSON value (with placeholders) to an actual one, binding named placeholders.
///
/// Placeholders are strings: `"<any>"`, `"<int>"`, `"<number>"`, `"<string>"`, `"<bool>"`, `"<iso8601>"`,
/// `"<uuid>"`, `"<agentId>"`, `"<requestId>"`, `"<ms>"`, `"<digits>"` (a string of digits, for headers),
/// `"<apiKey>"`, `"<keyId>"`, `"<userId>"`, `"<eventId>"`, `"<scanId>"`, `"<operationId>"`, `"<epoch>"` (epoch seconds); `"<kind:name>"` binds a name, and a name
/// that repeats must match the same value each time, across a case's exchanges. A bound placeholder
/// in a later request (path, header or body) is replaced by its value.
/// A header expected as `"<absent>"` must not be in the answer.
struct ContractMatcher {
    var bindings: [String: JSONValue] = [:]
    private(set) var mismatches: [String] = []

    mutating func match(expected: JSONValue, actual: JSONValue, at path: String) {
        if case .string(let text) = expected, let placeholder = Placeholder(text) {
            matchPlaceholder(placeholder, actual: actual, at: path)
            return
        }
        if case .string(let text) = expected, text.contains("<") {
            // A bound placeholder inside a longer string ("Agent with ID '<agentId:a>' not found").
            var filled = text
            for (key, value) in bindings {
                if case .string(let bound) = value { filled = filled.replacingOccurrences(of: "<\(key)>", with: bound) }
            }
            if .string(filled) != actual { mismatches.append("\(path): expected \(JSONValue.string(filled)), got \(actual)") }
            return
        }
        switch (expected, actual) {
        case (.object(let expectedFields), .object(let actualFields)):
            for key in expectedFields.keys.sorted() {
                let child = path.isEmpty ? key : "\(path).\(key)"
                if let actualValue = actualFields[key] {
                    match(expected: expectedFields[key]!, actual: actualValue, at: child)
                } else {
                    mismatches.append("\(child): missing (expected \(expectedFields[key]!))")
                }
            }
            for key in actualFields.keys.sorted() where expectedFields[key] == nil {
                mismatches.append("\(path.isEmpty ? key : "\(path).\(key)"): unexpected field (value \(actualFields[key]!))")
            }
        case (.array(let expectedItems), .array(let actualItems)):
            guard expectedItems.count == actualItems.count else {
                mismatches.append("\(path): expected \(expectedItems.count) items, got \(actualItems.count): \(actual)")
                return
            }
            for (index, pair) in zip(expectedItems, actualItems).enumerated() {
                match(expected: pair.0, actual: pair.1, at: "\(path)[\(index)]")
            }
        default:
            if expected != actual {
                mismatches.append("\(path): expected \(expected), got \(actual)")
            }
        }
    }

    /// A header value: an exact string or a placeholder.
    /// A header expected as `"<absent>"` must not be sent at all.
    mutating func matchHeader(_ name: String, expected: String, actual: String?) {
        if expected == "<absent>" {
            if let actual { mismatches.append("header \(name): expected none, got \(actual.debugDescription)") }
            return
        }
        guard let actual else {
            mismatches.append("header \(name): missing (expected \(expected))")
            return
        }
        match(expected: .string(expected), actual: .string(actual), at: "header \(name)")
    }

    mutating func note(_ mismatch: String) {
        mismatches.append(mismatch)
    }

    private mutating func matchPlaceholder(_ placeholder: Placeholder, actual: JSONValue, at path: String) {
        guard placeholder.accepts(actual) else {
            mismatches.append("\(path): expected <\(placeholder.kind)>, got \(actual)")
            return
        }
        guard let name = placeholder.name else { return }
        let key = "\(placeholder.kind):\(name)"
        if let bound = bindings[key], bound != actual {
            mismatches.append("\(path): <\(key)> was bound to \(bound), now \(actual)")
        } else {
            bindings[key] = actual
        }
    }
}

/// `<kind>` or `<kind:name>`.
struct Placeholder {
    let kind: String
    let name: String?

    init?(_ text: String) {
        guard text.hasPrefix("<"), text.hasSuffix(">") else { return nil }
        let inner = text.dropFirst().dropLast()
        let parts = inner.split(separator: ":", maxSplits: 1).map(String.init)
        guard let kind = parts.first, Self.kinds.contains(kind) else { return nil }
        self.kind = kind
        self.name = parts.count == 2 ? parts[1] : nil
    }

    static let kinds: Set<String> = [
        "any", "int", "number", "string", "bool", "iso8601", "uuid", "agentId", "requestId", "ms",
        "digits", "apiKey", "keyId", "userId", "eventId", "scanId", "operationId", "epoch",
    ]

    func accepts(_ value: JSONValue) -> Bool {
        switch (kind, value) {
        case ("any", _): true
        case ("int", .number(let number)): number == number.rounded()
        case ("number", .number): true
        case ("bool", .bool): true
        case ("string", .string): true
        case ("iso8601", .string(let text)): Self.matches(text, #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"#)
        case ("uuid", .string(let text)): UUID(uuidString: text) != nil
        case ("agentId", .string(let text)): Self.matches(text, #"^agent-[a-z0-9-]+$"#)
        case ("requestId", .string(let text)): Self.matches(text, #"^req-[0-9a-f]{16}$"#)
        case ("ms", .string(let text)): Self.matches(text, #"^\d+(\.\d+)?ms$"#)
        case ("digits", .string(let text)): Self.matches(text, #"^\d+$"#)
        case ("apiKey", .string(let text)): Self.matches(text, #"^alk_[0-9a-f]{64}$"#)
        case ("keyId", .string(let text)): Self.matches(text, #"^key_\d{12}$"#)
        case ("userId", .string(let text)): Self.matches(text, #"^user-[0-9a-f]{12}$"#)
        case ("eventId", .string(let text)): Self.matches(text, #"^event-[0-9a-f]{12}$"#)
        case ("scanId", .string(let text)): Self.matches(text, #"^scan-[0-9a-f]{12}$"#)
        case ("operationId", .string(let text)): Self.matches(text, #"^op-[0-9a-f]{16}$"#)
        case ("epoch", .number(let number)): number == number.rounded() && number > 1_500_000_000
        default: false
        }
    }

    private static func matches(_ text: String, _ pattern: String) -> Bool {
        text.range(of: pattern, options: .regularExpression) != nil
    }
}
