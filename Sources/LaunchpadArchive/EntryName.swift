/// Decides whether an entry's name is a plain relative path, safe to act on.
enum EntryName {
    /// Why `name` is unsafe, or nil when it is a plain relative path.
    static func unsafeReason(_ name: String) -> String? {
        if name.isEmpty { return "the name is empty" }
        if name.utf8.contains(0) { return "the name contains a NUL byte" }
        if name.utf8.contains(UInt8(ascii: "\\")) { return "the name contains a backslash" }
        if name.hasPrefix("/") { return "the name is an absolute path" }
        if startsWithDriveLetter(name) { return "the name starts with a drive letter" }
        if name.split(separator: "/", omittingEmptySubsequences: false).contains("..") {
            return "the name has a '..' component"
        }
        return nil
    }

    /// `C:` and the like.
    private static func startsWithDriveLetter(_ name: String) -> Bool {
        let prefix = Array(name.utf8.prefix(2))
        guard prefix.count == 2, prefix[1] == UInt8(ascii: ":") else { return false }
        return (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(prefix[0] | 0x20)
    }
}
