#if canImport(Glibc)
import Glibc
#endif
import Foundation

extension Character {
    /// Reads and decodes the character file at `path`.
    ///
    /// - Throws: ``CharacterError``.
    public static func load(fromFile path: String) throws -> Character {
        let data = try readFile(path)
        do {
            return try decode(from: data)
        } catch let CharacterError.invalid(_, reason) {
            throw CharacterError.invalid(path: path, reason: reason)
        }
    }

    /// Decodes a character from JSON.
    ///
    /// - Throws: ``CharacterError/invalid(path:reason:)`` with an empty path.
    public static func decode(from data: Data) throws -> Character {
        let character: Character
        do {
            character = try JSONDecoder().decode(Character.self, from: data)
        } catch {
            throw CharacterError.invalid(path: "", reason: describe(error))
        }
        if character.name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw CharacterError.invalid(path: "", reason: "\"name\" must not be empty")
        }
        return character
    }

    /// The file's bytes, or the system's reason ("No such file or directory", "Is a directory").
    private static func readFile(_ path: String) throws -> Data {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw CharacterError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                data.append(contentsOf: chunk[..<count])
            } else if count == 0 {
                return data
            } else if errno != EINTR {
                throw CharacterError.unreadable(path: path, reason: String(cString: strerror(errno)))
            }
        }
    }

    /// A one-line reason, naming the field at fault, without Foundation's debug noise.
    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing field \"\(fieldPath(context.codingPath + [key]))\""
        case DecodingError.typeMismatch(_, let context) where context.codingPath.isEmpty:
            return "not a JSON object"
        case DecodingError.typeMismatch(let type, let context):
            return "field \"\(fieldPath(context.codingPath))\" must be \(typeName(type))"
        case DecodingError.valueNotFound(let type, let context):
            return "field \"\(fieldPath(context.codingPath))\" must be \(typeName(type)), not null"
        case DecodingError.dataCorrupted:
            return "not valid JSON"
        default:
            return error.localizedDescription
        }
    }

    private static func fieldPath(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text.isEmpty ? "(root)" : text
    }

    private static func typeName(_ type: Any.Type) -> String {
        let name = String(describing: type)
        if name.hasPrefix("Array") { return "an array" }
        if name.hasPrefix("Dictionary") { return "an object" }
        if name == "String" { return "a string" }
        return name
    }
}
