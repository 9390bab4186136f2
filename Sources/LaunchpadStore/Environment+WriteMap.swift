#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
internal import CLMDB

extension Environment {
    /// Allocates disk blocks for the first `bytes` of the data file of a write-mapped environment
    /// (`Options.writeMap`), extending the file if needed.
    ///
    /// With a write map LMDB sizes the file to the map with `ftruncate`, which leaves it sparse,
    /// and writes pages through the map: if the disk is full when a page is first written, the
    /// kernel cannot back it and the process dies of SIGBUS instead of getting `ENOSPC`. With the
    /// blocks allocated up front, a full disk shows as this function's error, at open or when
    /// the map grows, and the map is left as it was.
    static func reserveDisk(_ environment: OpaquePointer, bytes: Int, for operation: String) throws {
        var descriptor: mdb_filehandle_t = -1
        let returnCode = mdb_env_get_fd(environment, &descriptor)
        guard returnCode == 0 else {
            throw StoreError(code: returnCode, operation: "\(operation): mdb_env_get_fd")
        }
        var result: Int32
        repeat {
            result = posix_fallocate(descriptor, 0, off_t(bytes))
        } while result == EINTR
        guard result == 0 else {
            throw StoreError(
                code: result, operation: "\(operation): posix_fallocate \(bytes) bytes",
                message: "\(String(cString: strerror(result))): a write-mapped environment needs its whole map on disk")
        }
    }
}
