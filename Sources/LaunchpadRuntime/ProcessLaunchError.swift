#if canImport(Glibc)
import Glibc
#endif

/// Why `ProcessLauncher.start` could not start a replica. The description is meant to be recorded
/// as the reason.
public enum ProcessLaunchError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The spec's `arguments` is empty.
    case noCommand
    /// `arguments[0]` names no file: not on the child's `PATH`, or no such path.
    case executableNotFound(name: String)
    /// The file exists but cannot be executed (not a regular file, or no execute permission).
    case notExecutable(path: String)
    /// The working directory does not exist or is not a directory.
    case workingDirectoryNotFound(path: String)
    /// An environment variable's name is empty or holds `=`.
    case invalidEnvironmentName(String)
    /// The memory limit is not a positive number of bytes.
    case invalidMemoryLimit(Int)
    /// The launchpad binary, which starts every replica (`ExecWrapper`), is missing.
    case launcherNotFound(path: String)
    /// A system call failed: `pipe2`, or `posix_spawn` itself (which reports the child's failed exec).
    case systemCallFailed(operation: String, errno: Int32)

    public var description: String {
        switch self {
        case .noCommand:
            "no command to run"
        case .executableNotFound(let name):
            "cannot start \(name): no such file"
        case .notExecutable(let path):
            "cannot start \(path): permission denied (not an executable file)"
        case .workingDirectoryNotFound(let path):
            "cannot start in \(path): no such directory"
        case .invalidEnvironmentName(let name):
            "invalid environment variable name \"\(name)\""
        case .invalidMemoryLimit(let bytes):
            "invalid memory limit \(bytes) bytes"
        case .launcherNotFound(let path):
            "cannot start a replica: the launchpad binary \(path) is missing"
        case .systemCallFailed(let operation, let code):
            "\(operation) failed: \(String(cString: strerror(code)))"
        }
    }
}
