#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only file descriptor read with `pread`, so several threads can read at once.
final class ArchiveFile: Sendable {
    /// A failed system call and its errno text.
    struct Failure: Error {
        var operation: String
        var code: Int32
        var message: String { "\(operation) failed: \(String(cString: strerror(code)))" }
    }

    private let descriptor: Int32
    /// The file's size when it was opened.
    let size: Int

    init(path: String) throws(Failure) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure(operation: "open", code: errno) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let code = errno
            close(descriptor)
            throw Failure(operation: "fstat", code: code)
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw Failure(operation: "open", code: (status.st_mode & S_IFMT) == S_IFDIR ? EISDIR : EINVAL)
        }
        self.descriptor = descriptor
        self.size = Int(status.st_size)
    }

    deinit {
        close(descriptor)
    }

    /// Up to `count` bytes at `offset`; fewer only at the end of the file.
    func read(at offset: Int, count: Int) throws(Failure) -> [UInt8] {
        guard offset >= 0, count > 0, offset < size else { return [] }
        let wanted = min(count, size - offset)
        var bytes = [UInt8](repeating: 0, count: wanted)
        var done = 0
        while done < wanted {
            let result = bytes.withUnsafeMutableBytes { buffer in
                pread(descriptor, buffer.baseAddress! + done, wanted - done, off_t(offset + done))
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw Failure(operation: "pread", code: errno)
            }
            if result == 0 { break }
            done += result
        }
        if done < wanted { bytes.removeLast(wanted - done) }
        return bytes
    }
}
