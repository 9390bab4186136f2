/// Builds JSON text by hand, so that keys come out in the order written (logs and responses).
enum JSONText {
    private static let hexDigits = Array("0123456789abcdef".unicodeScalars)

    /// `text` as a JSON string literal, quotes included.
    static func quoted(_ text: String) -> String {
        var result = "\""
        result.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{0}"..."\u{1F}":
                let value = Int(scalar.value)
                result += "\\u00"
                result.unicodeScalars.append(hexDigits[value >> 4])
                result.unicodeScalars.append(hexDigits[value & 0xF])
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        result += "\""
        return result
    }

    /// A JSON object with string values, in the order given.
    static func object(_ fields: KeyValuePairs<String, String>) -> String {
        object(fields.map { (key: $0.key, json: quoted($0.value)) })
    }

    /// A JSON object whose values are already JSON text, in the order given.
    static func object(_ fields: [(key: String, json: String)]) -> String {
        var result = "{"
        for (index, field) in fields.enumerated() {
            if index > 0 { result += "," }
            result += quoted(field.key) + ":" + field.json
        }
        return result + "}"
    }
}
