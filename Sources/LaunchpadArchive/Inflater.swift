internal import CZlib

/// zlib's inflate over one raw deflate stream, fed chunk by chunk.
final class Inflater {
    enum Status {
        /// Every input byte is consumed and the stream goes on.
        case needsInput
        /// The stream's last block is inflated.
        case streamEnd
        /// The output holds more than the limit; inflating stopped.
        case overLimit
        /// The data is not valid deflate; zlib's message.
        case dataError(String)
    }

    private static let windowSize = 64 << 10

    /// zlib keeps a pointer to its z_stream, so the stream lives at a fixed address.
    private let stream: UnsafeMutablePointer<z_stream>
    private var window = [UInt8](repeating: 0, count: windowSize)

    /// Nil when zlib cannot allocate its state.
    init?() {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        guard launchpad_inflate_init_raw(stream) == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            return nil
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Inflates all of `input`, appending to `output`, and stops early once `output` holds more
    /// than `limit` bytes. `output` grows by at most 64 KiB past the limit.
    func inflate(_ input: [UInt8], appendingTo output: inout [UInt8], limit: Int) -> Status {
        input.withUnsafeBufferPointer { inputBuffer in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: inputBuffer.baseAddress)
            stream.pointee.avail_in = uInt(inputBuffer.count)
            defer {
                stream.pointee.next_in = nil
                stream.pointee.avail_in = 0
            }
            while true {
                let (result, produced) = window.withUnsafeMutableBufferPointer { windowBuffer in
                    stream.pointee.next_out = windowBuffer.baseAddress
                    stream.pointee.avail_out = uInt(windowBuffer.count)
                    let result = CZlib.inflate(stream, Z_NO_FLUSH)
                    stream.pointee.next_out = nil
                    return (result, windowBuffer.count - Int(stream.pointee.avail_out))
                }
                output.append(contentsOf: window[0..<produced])
                if output.count > limit { return .overLimit }
                switch result {
                case Z_STREAM_END:
                    return .streamEnd
                case Z_OK:
                    // A full window may leave output pending inside zlib: go round again.
                    if stream.pointee.avail_in == 0 && produced < Self.windowSize { return .needsInput }
                case Z_BUF_ERROR where stream.pointee.avail_in == 0:
                    return .needsInput
                default:
                    let message = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(result)"
                    return .dataError(message)
                }
            }
        }
    }
}
