import LaunchpadDomain
/// Splits a byte stream into lines on `\n`, keeping at most `maximumBytes` of each line.
///
/// A line that reaches the maximum is delivered at once, cut back to a UTF-8 character boundary,
/// and the rest of it, up to the next newline, is dropped.
struct LineSplitter {
    let maximumBytes: Int
    private var buffer: [UInt8] = []
    private var droppingRestOfLine = false

    init(maximumBytes: Int = ProcessLauncher.maximumLineBytes) {
        self.maximumBytes = maximumBytes
        buffer.reserveCapacity(256)
    }

    /// Feeds bytes and calls `emit` for each line they complete.
    mutating func append(_ bytes: UnsafeRawBufferPointer, emit: (String) -> Void) {
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                if droppingRestOfLine {
                    droppingRestOfLine = false
                } else {
                    emit(String(decoding: buffer, as: UTF8.self))
                }
                buffer.removeAll(keepingCapacity: true)
            } else if !droppingRestOfLine {
                buffer.append(byte)
                if buffer.count == maximumBytes {
                    emit(String(decoding: buffer[..<Self.characterBoundary(in: buffer)], as: UTF8.self))
                    buffer.removeAll(keepingCapacity: true)
                    droppingRestOfLine = true
                }
            }
        }
    }

    /// At end of stream: the unterminated last line, if there is one.
    mutating func finish() -> String? {
        defer {
            buffer.removeAll()
            droppingRestOfLine = false
        }
        guard !buffer.isEmpty else { return nil }
        return String(decoding: buffer, as: UTF8.self)
    }

    /// The length of `bytes` without a trailing, incomplete UTF-8 sequence.
    static func characterBoundary(in bytes: [UInt8]) -> Int {
        var start = bytes.count - 1
        var continuationBytes = 0
        while start >= 0, continuationBytes < 3, bytes[start] & 0xC0 == 0x80 {
            start -= 1
            continuationBytes += 1
        }
        guard start >= 0 else { return bytes.count }
        let lead = bytes[start]
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        return length > continuationBytes + 1 ? start : bytes.count
    }
}
