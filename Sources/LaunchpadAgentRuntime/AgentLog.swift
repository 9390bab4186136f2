#if canImport(Glibc)
import Glibc
#endif

/// The agent's log: one JSON object per line, `{"time","level","msg"}`, INFO and WARN on stdout,
/// ERROR on stderr.
///
/// Each line goes out in one `write(2)`, unbuffered, so that a supervisor reading the pipe sees it at
/// once and lines from different threads do not interleave.
enum AgentLog {
    /// A line's level, as written.
    enum Level: String {
        case info = "INFO"
        case warning = "WARN"
        case error = "ERROR"
    }

    static func info(_ message: String) { write(.info, message) }
    static func warning(_ message: String) { write(.warning, message) }
    static func error(_ message: String) { write(.error, message) }

    /// The line for `message`, newline included.
    static func line(_ level: Level, _ message: String, at time: time_t = time(nil)) -> String {
        JSONText.object(["time": timestamp(time), "level": level.rawValue, "msg": message]) + "\n"
    }

    private static func write(_ level: Level, _ message: String) {
        let descriptor = level == .error ? STDERR_FILENO : STDOUT_FILENO
        let bytes = Array(line(level, message).utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return  // nowhere left to report it
            }
            offset += written
        }
    }

    /// ISO 8601 UTC to the second: `2024-01-15T13:20:00Z`.
    static func timestamp(_ time: time_t) -> String {
        var seconds = time
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return pad(parts.tm_year + 1900, 4) + "-" + pad(parts.tm_mon + 1, 2) + "-" + pad(parts.tm_mday, 2)
            + "T" + pad(parts.tm_hour, 2) + ":" + pad(parts.tm_min, 2) + ":" + pad(parts.tm_sec, 2) + "Z"
    }
}
