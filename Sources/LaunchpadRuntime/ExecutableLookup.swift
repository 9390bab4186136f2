#if canImport(Glibc)
import Glibc
#endif

/// Finds the file a command names, as `execvp` would but with the child's `PATH` and working
/// directory, so that a missing or non-executable command is an error from `start` rather than a
/// child that fails later.
enum ExecutableLookup {
    /// The absolute path of the executable `name` names.
    ///
    /// - Parameters:
    ///   - name: `arguments[0]`: a path when it holds a slash, else a name looked up on `searchPath`.
    ///   - searchPath: the child's `PATH`.
    ///   - workingDirectory: the child's working directory, absolute; relative paths start there.
    static func resolve(_ name: String, searchPath: String, workingDirectory: String) throws(ProcessLaunchError) -> String {
        guard !name.isEmpty else { throw .executableNotFound(name: name) }
        if name.contains("/") {
            let path = absolute(name, in: workingDirectory)
            switch check(path) {
            case .executable: return path
            case .missing: throw .executableNotFound(name: name)
            case .notExecutable: throw .notExecutable(path: path)
            }
        }
        var deniedPath: String?
        for directory in searchPath.split(separator: ":", omittingEmptySubsequences: false) {
            let base = directory.isEmpty ? workingDirectory : absolute(String(directory), in: workingDirectory)
            let path = base.hasSuffix("/") ? base + name : base + "/" + name
            switch check(path) {
            case .executable: return path
            case .missing: continue
            case .notExecutable: deniedPath = deniedPath ?? path
            }
        }
        // Like execvp: a file that exists but cannot run is reported over "not found".
        if let deniedPath { throw .notExecutable(path: deniedPath) }
        throw .executableNotFound(name: name)
    }

    private enum Status {
        case executable, missing, notExecutable
    }

    private static func check(_ path: String) -> Status {
        var status = stat()
        guard stat(path, &status) == 0 else { return .missing }
        guard status.st_mode & S_IFMT == S_IFREG, access(path, X_OK) == 0 else { return .notExecutable }
        return .executable
    }

    private static func absolute(_ path: String, in directory: String) -> String {
        if path.hasPrefix("/") { return path }
        var relative = Substring(path)
        while relative.hasPrefix("./") { relative = relative.dropFirst(2) }
        return directory.hasSuffix("/") ? directory + relative : directory + "/" + relative
    }
}
