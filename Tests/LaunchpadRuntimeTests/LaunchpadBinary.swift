#if canImport(Glibc)
import Glibc
#endif

/// The `launchpad` executable that `swift build` puts beside the test binary, needed for memory limits.
enum LaunchpadBinary {
    static let path: String = {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let executable = length > 0 ? String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
        let directory = executable.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        return directory + "/launchpad"
    }()

    static var exists: Bool { access(path, X_OK) == 0 }

    static var missingMessage: String {
        "\(path) is missing: build it first (swift build --product launchpad, with the same scratch path)"
    }
}
