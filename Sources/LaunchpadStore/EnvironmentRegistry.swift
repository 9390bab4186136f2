import Foundation

/// The environment directories this process has open, by device and inode.
///
/// LMDB must not open one environment twice in a process: its locks are POSIX record locks,
/// which belong to the process, so closing either copy would silently drop the other's locks.
/// The registry turns that mistake into an error at open.
final class EnvironmentRegistry: @unchecked Sendable {
    static let shared = EnvironmentRegistry()

    /// A directory's identity, whatever path names it.
    struct Identity: Hashable {
        let device: UInt64
        let inode: UInt64
    }

    private let lock = NSLock()
    private var open: Set<Identity> = []

    /// Records `path` as open; throws `EBUSY` if this process already has it open.
    func register(_ path: String) throws -> Identity {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw StoreError(code: errno, operation: "open: stat \(path)")
        }
        let identity = Identity(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
        let inserted = lock.withLock { open.insert(identity).inserted }
        guard inserted else {
            throw StoreError(
                code: EBUSY, operation: "open \(path)",
                message: "this process already has the environment open (LMDB allows one Environment per directory per process)")
        }
        return identity
    }

    func unregister(_ identity: Identity) {
        _ = lock.withLock { open.remove(identity) }
    }
}
