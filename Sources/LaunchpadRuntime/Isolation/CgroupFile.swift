import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reading and writing the small text files of a cgroup directory.
enum CgroupFile {
    /// Writes `text` to `directory/name` in one `write(2)`, as the kernel wants.
    static func write(_ text: String, to directory: String, _ name: String) throws(SystemCallError) {
        let path = directory + "/" + name
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw SystemCallError("open \(path)") }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw SystemCallError("write \(text) to \(path)") }
    }

    static func read(_ directory: String, _ name: String) -> String? {
        ProcFS.read(directory + "/" + name).map { String(decoding: $0, as: UTF8.self) }
    }

    static func exists(_ directory: String, _ name: String) -> Bool {
        access(directory + "/" + name, F_OK) == 0
    }

    /// An integer file (`memory.current`), or nil.
    static func integer(_ directory: String, _ name: String) -> Int? {
        read(directory, name).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// The value of `key` in a flat keyed file (`cpu.stat`: `usage_usec 1234`), or nil.
    static func keyed(_ directory: String, _ name: String, key: String) -> Int? {
        guard let text = read(directory, name) else { return nil }
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 2, fields[0] == key { return Int(fields[1]) }
        }
        return nil
    }

    /// The pids listed in `directory/cgroup.procs`.
    static func processes(_ directory: String) -> [Int32] {
        (read(directory, "cgroup.procs") ?? "").split(separator: "\n").compactMap { Int32($0) }
    }

    /// `mkdir`, where an existing directory is fine.
    static func makeDirectory(_ path: String) throws(SystemCallError) {
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else { throw SystemCallError("mkdir \(path)") }
    }
}
