#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LaunchpadThreads

/// Where log lines go: stderr, written in batches by a background thread every 50 ms (or at
/// 64 KiB), since one write(2) per request line cost about a tenth of a request. Warnings and
/// worse are written at once, and `flush` runs at exit, so a crash loses at most 50 ms of info lines.
final class LogOutput: @unchecked Sendable {
    static let standardError = LogOutput(fileDescriptor: STDERR_FILENO)

    private let fileDescriptor: Int32
    private let condition = NSCondition()
    private var pending: [UInt8] = []
    private var flusher: BackgroundLoop?

    init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
    }

    /// Queues `line` (which ends in a newline); `urgent` writes it and everything before it now.
    func write(_ line: [UInt8], urgent: Bool) {
        condition.lock()
        pending += line
        startFlusherIfNeeded()
        let flushNow = urgent || pending.count >= 64 << 10
        condition.unlock()
        if flushNow { flush() }
    }

    /// Writes everything queued.
    func flush() {
        condition.lock()
        let bytes = pending
        pending.removeAll(keepingCapacity: true)
        condition.unlock()
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(fileDescriptor, $0.baseAddress, $0.count) }
            if written <= 0 { break }
            offset += written
        }
    }

    private func startFlusherIfNeeded() {
        guard flusher == nil else { return }
        flusher = BackgroundLoop(name: "log-flusher", interval: 0.05) { [unowned self] in flush() }
        atexit { LogOutput.standardError.flush() }
    }
}
