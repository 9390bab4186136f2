/// Field paths and type names for a JSON decoder's errors.
enum JSONShape {
    /// `affected[0].package.name`, or `packages["node_modules/a"].version` for keys that are not plain names.
    static func path(_ codingPath: [any CodingKey]) -> String {
        var path = ""
        for key in codingPath {
            if let index = key.intValue {
                path += "[\(index)]"
            } else if key.stringValue.utf8.allSatisfy(isPlainNameCharacter), !key.stringValue.isEmpty {
                path += path.isEmpty ? key.stringValue : "." + key.stringValue
            } else {
                path += "[\"\(key.stringValue)\"]"
            }
        }
        return path
    }

    /// "a string", "an array", "an object" ... for a decoding error's expected type.
    static func words(for type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int.Type, is Int64.Type, is UInt64.Type: "an integer"
        case is Double.Type: "a number"
        default: String(describing: type).hasPrefix("Array") ? "an array" : "an object"
        }
    }

    private static func isPlainNameCharacter(_ byte: UInt8) -> Bool {
        SemanticVersionParser.isIdentifierCharacter(byte) && byte != UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }
}
