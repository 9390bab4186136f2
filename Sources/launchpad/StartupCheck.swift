#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// What `launchpad up` checks before it starts anything, so that a start that cannot succeed stops
/// at once with one line instead of a child's failure later.
enum StartupCheck {
    /// The nginx binary `name` names: a path (relative to the working directory), or a name looked
    /// up in PATH as exec does. Returns its absolute path.
    static func nginxExecutable(_ name: String) throws(StartupError) -> String {
        let whatToDo = "install it (scripts/install-deps.sh installs nginx-light) or give its path with --nginx"
        let candidates: [String]
        if name.contains("/") {
            candidates = [URL(fileURLWithPath: name).standardizedFileURL.path]
        } else {
            let searchPath = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
            candidates = searchPath.split(separator: ":").map { ($0 as NSString).appendingPathComponent(name) }
        }
        for path in candidates where isExecutableFile(path) { return path }
        if name.contains("/") {
            let problem = FileManager.default.fileExists(atPath: candidates[0]) ? "is not an executable file" : "does not exist"
            throw StartupError("nginx at \(candidates[0]) \(problem): \(whatToDo)")
        }
        throw StartupError("nginx ('\(name)') is not in PATH: \(whatToDo)")
    }

    /// Throws unless 127.0.0.1:`port` can be listened on. nginx binds it with SO_REUSEADDR, as this
    /// check does, so connections of an earlier run in TIME_WAIT do not count.
    static func portIsFree(_ port: Int) throws(StartupError) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw StartupError("cannot make a socket: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var reuse: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr = in_addr(s_addr: UInt32(0x7f00_0001).bigEndian)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound != 0 else { return }
        switch errno {
        case EADDRINUSE:
            throw StartupError("port \(port) of 127.0.0.1 is in use: stop what listens there, or choose another port with --port")
        case EACCES:
            throw StartupError("port \(port) of 127.0.0.1 needs root: choose a port above 1023 with --port")
        case let code:
            throw StartupError("cannot listen on 127.0.0.1:\(port): \(String(cString: strerror(code))); choose another port with --port")
        }
    }

    private static func isExecutableFile(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG && access(path, X_OK) == 0
    }
}
