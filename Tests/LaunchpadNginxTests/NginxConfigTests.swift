import Foundation
import LaunchpadNginx
import LaunchpadTestSupport
import Testing

/// The rendered configuration: every placeholder filled, the upstream keepalive split among the
/// workers, and a file that nginx itself accepts without a warning.
struct NginxConfigTests {
    static func config(data: String = "/srv/data", processors: Int = 2, keepalive: Int = 4, openFiles: Int = 65536) -> NginxConfig {
        NginxConfig(
            dataDirectory: data, port: 8080, socketPath: data + "/launchpad.sock", keepalive: keepalive, maxBodySize: 1 << 20,
            yardstickBytes: 527, processors: processors, openFiles: openFiles)
    }

    @Test func everyPlaceholderIsFilled() {
        let rendered = Self.config().render(NginxFiles.builtIn.template)
        #expect(!rendered.contains("{{"), "left: \(rendered.split(separator: "\n").filter { $0.contains("{{") })")
        #expect(rendered.contains("worker_processes 2;"))
        #expect(rendered.contains("keepalive 2;"))
        #expect(rendered.contains("worker_rlimit_nofile 65536;"))
        #expect(rendered.contains("worker_connections 32768;"))
        #expect(rendered.contains("listen 127.0.0.1:8080;"))
        #expect(rendered.contains("server unix:/srv/data/launchpad.sock;"))
    }

    /// Each worker keeps its own upstream connections, each holding a launchpad thread: together
    /// they never exceed --keepalive, and every worker keeps at least one.
    @Test(arguments: [(1, 32), (2, 32), (2, 4), (3, 32), (16, 4), (64, 32), (4, 1)])
    func theKeepaliveIsSplitAmongTheWorkers(processors: Int, keepalive: Int) {
        let config = Self.config(processors: processors, keepalive: keepalive)
        #expect(config.workers >= 1 && config.workers <= processors)
        #expect(config.keepalivePerWorker >= 1)
        #expect(config.workers * config.keepalivePerWorker <= keepalive)
        #expect(config.workers == min(processors, keepalive), "one worker per CPU while the keepalive allows")
    }

    @Test func nginxAcceptsTheRenderedConfigWithoutAWarning() throws {
        let directory = try TemporaryDirectory()
        let config = Self.config(data: directory.path, openFiles: NginxConfig.openFileLimit())
        try config.write(.builtIn)
        let test = try Command.run("/usr/sbin/nginx", ["-t", "-p", config.directory, "-c", config.configPath])
        #expect(test.status == 0, "\(test.output)")
        #expect(!test.output.contains("[warn]") && !test.output.contains("[emerg]"), "\(test.output)")
        #expect(try String(contentsOfFile: config.directory + "/fastcgi.params", encoding: .utf8) == NginxFiles.builtIn.fastcgiParams)
    }
}
