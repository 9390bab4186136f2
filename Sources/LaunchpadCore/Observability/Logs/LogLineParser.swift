import Foundation
import LaunchpadJSONDepth

/// Turns a raw output line into a level, a message and a time: JSON lines
/// (`{"level":..., "msg" or "message":..., "time":...}`, pino's numeric levels too), a leading level
/// word (`WARN something`, `[error] something`), or else INFO for stdout and ERROR for stderr.
enum LogLineParser {
    static let levels = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"]
    /// JSON lines nesting deeper than this are kept as plain text.
    static let maximumDepth = 16

    static func parse(_ line: String, isStderr: Bool, receivedAt: Date) -> (level: String, message: String, time: Date) {
        // A replica's output is untrusted: text nested too deep for a recursive parser stays text.
        if line.hasPrefix("{"), !JSONDepth.exceeds(line.utf8, limit: maximumDepth), let data = line.data(using: .utf8),
           let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            let message = (object["msg"] as? String) ?? (object["message"] as? String) ?? line
            var level = isStderr ? "ERROR" : "INFO"
            if let text = object["level"] as? String, let known = normalize(text) {
                level = known
            } else if let number = object["level"] as? Int {
                level = pino(number)
            }
            var time = receivedAt
            if let text = object["time"] as? String, let parsed = ISO8601DateFormatter().date(from: text) { time = parsed }
            if let millis = object["time"] as? Double, millis > 1e12 { time = Date(timeIntervalSince1970: millis / 1000) }
            return (level, message, time)
        }
        let trimmed = line.drop { $0 == " " || $0 == "[" }
        let word = trimmed.prefix { $0.isLetter }
        if let known = normalize(String(word)), trimmed.count > word.count {
            var rest = trimmed.dropFirst(word.count)
            rest = rest.drop { $0 == "]" || $0 == ":" || $0 == " " }
            return (known, String(rest), receivedAt)
        }
        return (isStderr ? "ERROR" : "INFO", line, receivedAt)
    }

    static func normalize(_ text: String) -> String? {
        switch text.uppercased() {
        case "TRACE": "TRACE"
        case "DEBUG": "DEBUG"
        case "INFO", "LOG", "NOTICE": "INFO"
        case "WARN", "WARNING": "WARN"
        case "ERROR", "ERR": "ERROR"
        case "FATAL", "CRITICAL": "FATAL"
        default: nil
        }
    }

    /// pino's numbers: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal.
    static func pino(_ number: Int) -> String {
        switch number {
        case ..<20: "TRACE"
        case 20..<30: "DEBUG"
        case 30..<40: "INFO"
        case 40..<50: "WARN"
        case 50..<60: "ERROR"
        default: "FATAL"
        }
    }
}
