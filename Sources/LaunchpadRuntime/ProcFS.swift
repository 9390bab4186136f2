#if canImport(Glibc)
import Glibc
#endif

/// Reading /proc/<pid>/...
enum ProcFS {
    /// A whole /proc file (their size reads as 0, so they are read to end of file), or nil when it
    /// cannot be read: the process is gone, or belongs to someone else.
    static func read(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                contents.append(contentsOf: chunk[..<count])
            } else if count == 0 {
                return contents
            } else if errno != EINTR {
                return nil
            }
        }
    }

    static func stat(_ pid: Int32) -> ProcessStat? {
        read("/proc/\(pid)/stat").flatMap(ProcessStat.init)
    }

    /// A "kB" field of /proc/<pid>/status, such as VmRSS, in bytes. Zombies have no Vm fields.
    static func statusBytes(_ pid: Int32, field: String) -> Int? {
        guard let bytes = read("/proc/\(pid)/status") else { return nil }
        let prefix = field + ":"
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where line.hasPrefix(prefix) {
            let number = line.dropFirst(prefix.count).split(whereSeparator: { $0 == " " || $0 == "\t" }).first
            return number.flatMap { Int($0) }.map { $0 * 1024 }
        }
        return nil
    }

    /// The environment a process started with, as NAME=value strings.
    static func environment(_ pid: Int32) -> [String]? {
        read("/proc/\(pid)/environ").map { bytes in
            bytes.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        }
    }

    /// The command line of a process, arguments separated by spaces.
    static func commandLine(_ pid: Int32) -> String {
        guard let bytes = read("/proc/\(pid)/cmdline") else { return "" }
        return bytes.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ")
    }

    /// True when no process has this pid, or only a zombie waiting for its parent to reap it.
    static func isGone(_ pid: Int32) -> Bool {
        if kill(pid, 0) != 0 && errno == ESRCH { return true }
        return stat(pid)?.isZombie ?? true
    }

    /// Waits until every pid is gone (`isGone`); false when `timeout` passed first.
    static func waitUntilGone(_ pids: [Int32], timeout: Duration) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while true {
            if pids.allSatisfy(isGone) { return true }
            if ContinuousClock.now >= deadline { return false }
            var pause = timespec(tv_sec: 0, tv_nsec: 5_000_000)
            nanosleep(&pause, nil)
        }
    }

    /// The pids in /proc.
    static func pids() -> [Int32] {
        guard let directory = opendir("/proc") else { return [] }
        defer { closedir(directory) }
        var pids: [Int32] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if let pid = Int32(name) { pids.append(pid) }
        }
        return pids
    }

    /// The clock ticks per second that /proc/<pid>/stat counts CPU time in.
    static let ticksPerSecond: Double = {
        let ticks = sysconf(Int32(_SC_CLK_TCK))
        return ticks > 0 ? Double(ticks) : 100
    }()
}
