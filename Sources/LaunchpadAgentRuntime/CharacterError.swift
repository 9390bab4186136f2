/// Why a character file could not be used.
public enum CharacterError: Error, Equatable, CustomStringConvertible {
    /// The file is missing or cannot be read.
    case unreadable(path: String, reason: String)
    /// The file is not a valid character (not JSON, a required field missing or of the wrong type).
    case invalid(path: String, reason: String)

    /// One line for the log.
    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "Cannot read character file \(path): \(reason)"
        case .invalid(let path, let reason):
            return path.isEmpty ? "Invalid character: \(reason)" : "Invalid character file \(path): \(reason)"
        }
    }
}
