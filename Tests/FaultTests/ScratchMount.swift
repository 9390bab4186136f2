import Foundation
import LaunchpadTestSupport

/// A small filesystem mounted for one test (a tmpfs, or ext4 on a loop device) and unmounted when
/// the value is released, whatever the test did. Mounting needs CAP_SYS_ADMIN (root in a
/// privileged container); without it the test fails with a message that says so, rather than
/// skipping: the drill is part of `make test`, and a skip would hide that it never ran.
final class ScratchMount {
    /// The mount point.
    let path: String
    /// The block device of an ext4 mount (`/dev/loop3`), nil for a tmpfs.
    private(set) var device: String?
    private let holder: TemporaryDirectory
    private var mounted = false

    private init() throws {
        holder = try TemporaryDirectory()
        path = holder.appending("mnt")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// A tmpfs of `megabytes` MiB.
    static func tmpfs(megabytes: Int) throws -> ScratchMount {
        let mount = try ScratchMount()
        try mount.mount(["-t", "tmpfs", "-o", "size=\(megabytes)m,mode=0700", "tmpfs", mount.path])
        return mount
    }

    /// ext4 on a loop device over an image file of `megabytes` MiB, mounted with
    /// `errors=remount-ro`: an ext4 error makes the kernel turn it read-only under running processes.
    static func ext4(megabytes: Int) throws -> ScratchMount {
        let mount = try ScratchMount()
        let image = mount.holder.appending("ext4.img")
        // A fresh image now and then comes up read-only when other tests mount and fail loop
        // devices at the same moment (seen with the fault drill beside the other suites): the
        // drill needs a writable start, so such a mount is made again, at most three times.
        for attempt in 1...3 {
            try Command.check("truncate", ["-s", "\(megabytes)M", image])
            try Command.check("mkfs.ext4", ["-q", "-F", image])
            try mount.mount(["-t", "ext4", "-o", "loop,errors=remount-ro", image, mount.path])
            mount.device = try Command.check("findmnt", ["-n", "-o", "SOURCE", mount.path]).trimmingCharacters(in: .whitespacesAndNewlines)
            let options = try Command.check("findmnt", ["-n", "-o", "OPTIONS", mount.path])
            if options.hasPrefix("rw") || attempt == 3 { break }
            try Command.check("umount", [mount.path])
            mount.mounted = false
        }
        return mount
    }

    private func mount(_ arguments: [String]) throws {
        let result = try Command.run("mount", arguments)
        guard result.status == 0 else {
            throw FaultTestError(
                "mount \(arguments.joined(separator: " ")) failed (\(result.output.trimmingCharacters(in: .whitespacesAndNewlines))). "
                    + "The fault drill mounts small filesystems and needs CAP_SYS_ADMIN: run make test as root in a privileged container.")
        }
        mounted = true
    }

    /// `mount -o remount,ro` or `rw`. Linux refuses `ro` (EBUSY) while a file on it is open for writing.
    func remount(readOnly: Bool) throws {
        try Command.check("mount", ["-o", "remount,\(readOnly ? "ro" : "rw")", path])
    }

    /// Makes ext4 report an error (`/sys/fs/ext4/<dev>/trigger_fs_error`), as a failing disk would:
    /// with `errors=remount-ro` the kernel turns the filesystem read-only at once.
    func triggerFilesystemError() throws {
        guard let device else { throw FaultTestError("only an ext4 mount can be made to fail") }
        let name = (device as NSString).lastPathComponent
        try "1".write(toFile: "/sys/fs/ext4/\(name)/trigger_fs_error", atomically: false, encoding: .utf8)
    }

    /// After an ext4 error: unmounts, repairs the image with `e2fsck -fy`, and mounts it again at
    /// the same path. Nothing less brings it back: the error aborted the journal, so a remount
    /// `rw` in place leaves every write failing.
    func repairAndMountAgain() throws {
        guard device != nil else { throw FaultTestError("only an ext4 mount is repaired") }
        let image = holder.appending("ext4.img")
        try Command.check("umount", [path])
        mounted = false
        let repair = try Command.run("e2fsck", ["-fy", image])
        guard repair.status <= 1 else { throw FaultTestError("e2fsck exited \(repair.status): \(repair.output)") }
        // The repaired image is mounted as a copy under a new name. A replica started by another
        // suite meanwhile (the kill drill's) holds a copy of this mount in its own mount namespace,
        // which keeps the old loop device and its errored, read-only filesystem alive after our
        // umount; `mount -o loop` given the same file again reused that device, and the second
        // launchpad found the filesystem still read-only.
        let repaired = holder.appending("ext4-repaired-\(UUID().uuidString).img")
        try Command.check("cp", ["--sparse=always", image, repaired])
        try mount(["-t", "ext4", "-o", "loop,errors=remount-ro", repaired, path])
        device = try Command.check("findmnt", ["-n", "-o", "SOURCE", path]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Unmounts (lazily if something still holds it). Calling it again does nothing.
    func unmount() {
        guard mounted else { return }
        mounted = false
        if (try? Command.run("umount", [path]))?.status != 0 {
            _ = try? Command.run("umount", ["-l", path])
        }
    }

    deinit {
        unmount()
    }
}
