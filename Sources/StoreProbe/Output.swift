import Foundation

/// Writes whole lines to stdout with one write(2) each, unbuffered: a line that was printed
/// is on its way to the reader even if the process is killed right after.
enum Output {
    private static let lock = NSLock()

    static func line(_ text: String) {
        let bytes = Array((text + "\n").utf8)
        lock.lock()
        defer { lock.unlock() }
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if result < 0 {
                if errno == EINTR { continue }
                return
            }
            written += result
        }
    }
}
