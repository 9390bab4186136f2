#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LaunchpadStore
import LaunchpadTestSupport
import Testing

/// A commit that fails while writing its meta page makes LMDB mark the environment fatal
/// (`MDB_PANIC`); `Environment` opens it again so that reads, and writes when the files allow
/// them, go on without a restart.
///
/// The fault is injected into the real LMDB: the descriptor LMDB writes meta pages through (the
/// data file opened write-only with `O_DSYNC`) is replaced by a read-only one, so the next meta
/// write fails with `EBADF`, as it would with `EROFS` or `EIO` on a failing disk.
@Suite struct PanicRecoveryTests {
    @Test func aPanickedEnvironmentIsOpenedAgainKeepsEveryCommitAndWritesOnceMore() throws {
        let (directory, environment, writer) = try Self.openStore()
        defer { Self.closeStore(environment, writer) }
        let first = try environment.openTable("first")
        let second = try environment.openTable("second")
        try writer.write { try $0.put(first, Self.bytes("kept"), Self.bytes("one")) }
        try writer.write { try $0.put(second, Self.bytes("kept"), Self.bytes("two")) }

        try Self.panic(writer, writing: first, "lost", in: directory.path)

        // Without the recovery, this read is MDB_PANIC.
        let read = try environment.read { (try $0.get(first, Self.bytes("kept")), try $0.get(second, Self.bytes("kept")), try $0.get(first, Self.bytes("lost"))) }
        #expect(read.0 == Self.bytes("one") && read.1 == Self.bytes("two"), "every commit is there, in its own table: \(String(describing: read))")
        #expect(read.2 == nil, "the failed commit is not")
        #expect(environment.panicRecovery.count == 1)
        #expect(environment.panicRecovery.readOnly == false, "the files are writable")
        try writer.write { try $0.put(second, Self.bytes("after"), Self.bytes("three")) }
        #expect(try environment.read { try $0.get(second, Self.bytes("after")) } == Self.bytes("three"), "writes go on too")

        // A disk that fails a commit again gets no third try at writing: read-only from then on.
        try Self.panic(writer, writing: first, "lost again", in: directory.path)
        #expect(try environment.read { try $0.get(second, Self.bytes("after")) } == Self.bytes("three"))
        #expect(environment.panicRecovery.count == 2)
        #expect(environment.panicRecovery.readOnly)
        Self.expectWritesRefusedAsReadOnly(writer, first)
    }

    @Test func whenTheFilesRefuseWritesItIsOpenedReadOnlyAndWritesSaySo() throws {
        let (directory, environment, writer) = try Self.openStore()
        defer { Self.closeStore(environment, writer) }
        let table = try environment.openTable("t")
        try writer.write { try $0.put(table, Self.bytes("kept"), Self.bytes("one")) }

        try Self.panic(writer, writing: table, "lost", in: directory.path)
        // An immutable data file refuses to be opened for writing, even to root, as a read-only disk does.
        let dataFile = directory.appending("data.mdb")
        _ = try Command.check("chattr", ["+i", dataFile])
        defer { _ = try? Command.check("chattr", ["-i", dataFile]) }

        #expect(try environment.read { try $0.get(table, Self.bytes("kept")) } == Self.bytes("one"))
        #expect(environment.panicRecovery.count == 1)
        #expect(environment.panicRecovery.readOnly)
        Self.expectWritesRefusedAsReadOnly(writer, table)
        #expect(try environment.read { try $0.get(table, Self.bytes("kept")) } == Self.bytes("one"), "reads go on")
    }

    @Test func aRecoveryThatFailedIsNotTriedAgain() throws {
        let (directory, environment, writer) = try Self.openStore()
        defer { Self.closeStore(environment, writer) }
        let table = try environment.openTable("t")
        try writer.write { try $0.put(table, Self.bytes("kept"), Self.bytes("one")) }
        try Self.panic(writer, writing: table, "lost", in: directory.path)
        // The data file gone: a new environment there is empty, and has no table "t".
        try FileManager.default.moveItem(atPath: directory.appending("data.mdb"), toPath: directory.appending("moved.mdb"))

        var errors: [String] = []
        let descriptorsBefore = try Self.openDescriptors(in: directory.path)
        for _ in 0..<20 {
            do {
                _ = try environment.read { try $0.get(table, Self.bytes("kept")) }
                Issue.record("a read succeeded without its table")
            } catch {
                errors.append("\(error)")
            }
        }
        #expect(Set(errors).count == 1 && errors[0].contains("mdb_dbi_open t"), "the recovery's own error each time: \(Set(errors))")
        #expect(try Self.openDescriptors(in: directory.path) <= descriptorsBefore + 3, "one try, not an environment per read")
        #expect(environment.panicRecovery.count == 0)
    }

    /// This process's descriptors of files in `path` (other tests run beside this one).
    static func openDescriptors(in path: String) throws -> Int {
        let directory = URL(fileURLWithPath: path).resolvingSymlinksInPath().path + "/"
        return try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").filter {
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\($0)"))?.hasPrefix(directory) == true
        }.count
    }

    /// A durable environment in a new directory, and its writer.
    static func openStore() throws -> (TemporaryDirectory, Environment, Writer) {
        let directory = try TemporaryDirectory()
        let environment = try Environment(path: directory.path)
        return (directory, environment, Writer(environment: environment))
    }

    static func closeStore(_ environment: Environment, _ writer: Writer) {
        writer.stop()
        environment.close()
    }

    /// Makes the next commit fail at its meta page: a write of `key` into `table` that must fail.
    static func panic(_ writer: Writer, writing table: Table, _ key: String, in path: String) throws {
        try breakMetaWrites(in: path)
        #expect(throws: (any Error).self, "the commit at the broken meta page") {
            try writer.write { try $0.put(table, bytes(key), bytes("x")) }
        }
    }

    /// A write into `table` fails with `EROFS`, as a read-only disk's would.
    static func expectWritesRefusedAsReadOnly(_ writer: Writer, _ table: Table, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            try writer.write { try $0.put(table, bytes("refused"), bytes("y")) }
            Issue.record("a write on the read-only environment succeeded", sourceLocation: sourceLocation)
        } catch let error as StoreError {
            #expect(error.code == EROFS, "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("not a StoreError: \(error)", sourceLocation: sourceLocation)
        }
    }

    /// `text`'s UTF-8 bytes, typed so that `put` stores them as they are (not JSON-encoded).
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// Replaces LMDB's descriptor for meta-page writes to `path`'s data file (opened write-only,
    /// with `O_DSYNC`) with a read-only descriptor of the same file.
    static func breakMetaWrites(in path: String) throws {
        let dataFile = URL(fileURLWithPath: path + "/data.mdb").resolvingSymlinksInPath().path
        var found: [Int32] = []
        for entry in try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
            guard let descriptor = Int32(entry),
                  let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(entry)"),
                  target == dataFile else { continue }
            let flags = fcntl(descriptor, F_GETFL)
            if flags >= 0, flags & O_ACCMODE == O_WRONLY, flags & O_DSYNC != 0 { found.append(descriptor) }
        }
        let metaDescriptor = try #require(found.count == 1 ? found.first : nil, "LMDB's meta descriptor of \(dataFile): \(found)")
        let readOnly = open(dataFile, O_RDONLY | O_CLOEXEC)
        try #require(readOnly >= 0)
        defer { close(readOnly) }
        try #require(dup2(readOnly, metaDescriptor) == metaDescriptor)
    }
}
