#if canImport(Glibc)
import Glibc
#endif

/// A mount namespace of the replica's own whose /proc shows only its own user's processes, set up by
/// the wrapper as root before it switches user: /proc mounted again with `hidepid=2` (per mount
/// since Linux 5.8, where it is `invisible`). The replica then sees neither launchpad nor nginx nor
/// another agent's replicas: not their command lines, environments or open files.
///
/// Mounts are made private first: on a host where / is a shared mount (systemd), the new /proc
/// would otherwise propagate back to the host. Everything else is the host's, /tmp included (a
/// private /tmp would hide data directories kept there).
public enum HiddenProcesses {
    public static func enter() throws(SystemCallError) {
        guard let unshare = GlibcExtensions.unshare else { throw SystemCallError("unshare", code: ENOSYS) }
        // CLONE_NEWNS is 0x00020000.
        guard unshare(0x0002_0000) == 0 else { throw SystemCallError("unshare(CLONE_NEWNS)") }
        guard mount("none", "/", nil, UInt(MS_REC | MS_PRIVATE), nil) == 0 else { throw SystemCallError("mount --make-rprivate /") }
        let flags = UInt(MS_NOSUID | MS_NODEV | MS_NOEXEC)
        guard mount("proc", "/proc", "proc", flags, "hidepid=2") == 0 else { throw SystemCallError("mount proc on /proc (hidepid=2)") }
    }
}
