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

    /// Allocates disk blocks for the lock file (`lock.mdb`, the reader table) before LMDB opens it.
    ///
    /// LMDB sizes it with `ftruncate`, which leaves it sparse, and every reader writes its slot
    /// through a shared map: on a full disk, the first reader to touch a new page of the table died
    /// of SIGBUS. With the blocks allocated first, a full disk is an error at open instead. It must
    /// happen before `mdb_env_open`: closing any descriptor of the lock file drops every POSIX lock
    /// this process holds on it, by which other processes tell that its readers are alive.
    static func reserveLockFile(in path: String, readers: Int, for operation: String) throws {
        let lockPath = path + "/lock.mdb"
        let descriptor = Glibc.open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return }  // a read-only directory: LMDB says so itself
        defer { Glibc.close(descriptor) }
        // The size LMDB gives it (mdb_env_setup_locks): a 192-byte header holding the first slot,
        // then one 64-byte slot per further reader. Larger would give LMDB more slots than asked.
        let bytes = off_t(192 + (max(readers, 1) - 1) * 64)
        var result: Int32
        repeat {
            result = posix_fallocate(descriptor, 0, bytes)
        } while result == EINTR
        guard result == 0 || result == EOPNOTSUPP else {
            throw StoreError(
                code: result, operation: "\(operation): posix_fallocate \(lockPath)",
                message: "\(String(cString: strerror(result))): the reader table needs its blocks on disk")
        }
    }
}
