#if canImport(Glibc)
import Glibc
#endif

/// The user and group a replica runs as: numbers of their own (`--agent-uid-range`), which need no
/// entry in /etc/passwd. The wrapper switches to them, as root, just before it execs the command.
public struct ReplicaUser: Sendable, Equatable {
    public var uid: UInt32
    public var gid: UInt32

    public init(uid: UInt32, gid: UInt32) {
        self.uid = uid
        self.gid = gid
    }

    /// `UID:GID`, as the wrapper's `--user` takes it.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let uid = UInt32(parts[0]), let gid = UInt32(parts[1]) else { return nil }
        self.init(uid: uid, gid: gid)
    }

    /// `UID:GID`.
    public var argument: String { "\(uid):\(gid)" }

    /// Drops every supplementary group, then sets the group and the user (real, effective and
    /// saved), checks that root cannot be taken back, and sets `PR_SET_NO_NEW_PRIVS`, so that no
    /// set-user-ID program (`su`, `mount`) can raise the replica again.
    func become() throws(SystemCallError) {
        guard setgroups(0, nil) == 0 else { throw SystemCallError("setgroups") }
        // Called by root, setgid and setuid set the real, effective and saved ids alike.
        guard setgid(gid) == 0 else { throw SystemCallError("setgid(\(gid))") }
        guard setuid(uid) == 0 else { throw SystemCallError("setuid(\(uid))") }
        guard getuid() == uid, geteuid() == uid, getgid() == gid, getegid() == gid, setuid(0) != 0 else {
            throw SystemCallError("setuid(\(uid)): root could be taken back", code: EPERM)
        }
        guard let prctl = GlibcExtensions.prctl else { throw SystemCallError("prctl", code: ENOSYS) }
        // PR_SET_NO_NEW_PRIVS is 38.
        guard prctl(38, 1, 0, 0, 0) == 0 else { throw SystemCallError("prctl(PR_SET_NO_NEW_PRIVS)") }
    }
}
