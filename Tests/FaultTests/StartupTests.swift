#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LaunchpadTestSupport
import Testing

/// `launchpad up` works from any folder, with the nginx files its binary carries; and a start that
/// cannot succeed stops at once with one line that says what to do, never a Foundation error dump
/// (issue 12, item 8).
@Suite(.serialized) struct StartupTests {
    @Test func upServesFromAFolderOutsideTheCheckout() throws {
        let folder = try TemporaryDirectory()
        #expect(!folder.path.hasPrefix(RepositoryPaths.root), "\(folder.path) is outside the checkout")
        let server = try LaunchpadProcess(workingDirectory: folder.path)
        defer { server.stop() }
        #expect(try server.client.send(method: "GET", path: "/api/health").status == 200)
        let params = try String(contentsOfFile: server.dataDirectory + "/nginx/fastcgi.params", encoding: .utf8)
        #expect(params == (try String(contentsOfFile: RepositoryPaths.nginxTemplates + "/fastcgi.params", encoding: .utf8)))
        // nginx starts without complaint: no descriptor limit it could not set, no directive it disliked.
        let errorLog = (try? String(contentsOfFile: server.dataDirectory + "/nginx/error.log", encoding: .utf8)) ?? ""
        let complaints = errorLog.split(separator: "\n").filter { line in ["[warn]", "[alert]", "[crit]", "[emerg]"].contains { line.contains($0) } }
        #expect(complaints.isEmpty, "\(complaints)")
    }

    enum Failure: String, CaseIterable, CustomStringConvertible {
        case nginxMissing, nginxNotInPath, templatesUnreadable, portInUse, dataDirectoryIsAFile

        var description: String { rawValue }
    }

    /// Each start that cannot succeed, from a folder outside the checkout: it exits non-zero within
    /// seconds, with one line that names the problem and the flag that fixes it.
    @Test(arguments: Failure.allCases)
    func aStartThatCannotSucceedIsOneLineThatSaysWhatToDo(_ failure: Failure) throws {
        let folder = try TemporaryDirectory()
        var data = folder.appending("data")
        var port = try LaunchpadProcess.freePort()
        var listener: Int32 = -1
        defer { if listener >= 0 { close(listener) } }
        let extra: [String]
        let expected: [String]
        switch failure {
        case .nginxMissing:
            extra = ["--nginx", "/nonexistent/nginx"]
            expected = ["/nonexistent/nginx", "--nginx"]
        case .nginxNotInPath:
            extra = ["--nginx", "no-such-nginx"]
            expected = ["no-such-nginx", "PATH", "--nginx"]
        case .templatesUnreadable:
            extra = ["--nginx-templates", "/nonexistent"]
            expected = ["/nonexistent/launchpad-dev.conf.template", "No such file or directory", "--nginx-templates"]
        case .portInUse:
            (listener, port) = try Self.listen()
            extra = []
            expected = ["port \(port)", "in use", "--port"]
        case .dataDirectoryIsAFile:
            data = folder.appending("a-file")
            _ = FileManager.default.createFile(atPath: data, contents: Data("x".utf8))
            extra = []
            expected = [data, "not a directory", "--data"]
        }
        let run = try LaunchpadRun.run(LaunchpadProcess.arguments(dataDirectory: data, port: port) + extra, workingDirectory: folder.path)
        #expect(run.status != 0, "exits non-zero: \(run.output)")
        #expect(run.seconds < 5, "exits at once: \(run.seconds) s")
        #expect(run.lines.count == 1, "one line: \(run.output)")
        for text in expected {
            #expect(run.output.contains(text), "says \(text): \(run.output)")
        }
        for dump in ["Error Domain", "NSCocoaErrorDomain", "Fatal error", "Usage:"] {
            #expect(!run.output.contains(dump), "no \(dump): \(run.output)")
        }
    }

    /// A socket listening on a free loopback port, and the port.
    static func listen() throws -> (Int32, Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let listening = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                guard bind(fd, pointer, length) == 0, Glibc.listen(fd, 8) == 0 else { return -1 }
                return getsockname(fd, pointer, &length)
            }
        }
        guard listening == 0 else {
            close(fd)
            throw FaultTestError("cannot listen on a loopback port")
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }
}
