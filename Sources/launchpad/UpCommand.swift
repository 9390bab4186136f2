import ArgumentParser
import Foundation
import LaunchpadAPI
import LaunchpadCore
import LaunchpadHTTP
import LaunchpadNginx
import LaunchpadRuntime

/// `launchpad up`: nginx on 127.0.0.1:PORT in front of the FastCGI responder, as one foreground
/// command that supervises both.
///
/// The responder runs as a child (`launchpad serve`), so that a crash of it takes down neither nginx
/// nor this process: it is started again with backoff, and nginx answers 503 in the error envelope
/// meanwhile. Both children get SIGTERM from the kernel if this process dies, however it dies. SIGINT
/// or SIGTERM stops both; no process, socket or pid file is left behind.
struct UpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "up", abstract: "Run nginx and launchpad together in the foreground.")

    @OptionGroup var options: ServerOptions

    @Option(name: .long, help: "Port nginx listens on, on 127.0.0.1.")
    var port: Int = 8080

    @Option(name: .long, help: "nginx's upstream keepalive connections, all workers together; with --transport thread-per-connection, below --threads.")
    var keepalive: Int = 32

    @Option(name: .long, help: "The nginx binary: a path, or a name looked up in PATH.")
    var nginx: String = "/usr/sbin/nginx"

    @Option(name: .long, help: "A directory holding your own launchpad-dev.conf.template and fastcgi.params (default: the ones built in).")
    var nginxTemplates: String?

    @Option(name: .long, help: "The user nginx's workers run as when launchpad runs as root (their group is --socket-group).")
    var nginxUser: String = "www-data"

    /// The options of `up` that `serve` does not take, each with a value.
    static let upOnlyOptions: Set<String> = ["--port", "--keepalive", "--nginx", "--nginx-templates", "--nginx-user"]

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be from 1 to 65535") }
        guard keepalive >= 1 else { throw ValidationError("--keepalive must be at least 1") }
        if options.transport == .threadPerConnection, keepalive >= options.threadCount {
            throw ValidationError("--keepalive (\(keepalive)) must be below --threads (\(options.threadCount)): with a thread per connection, a kept-alive connection holds a thread")
        }
    }

    /// Checks what can be checked before anything starts, so that each of these failures is one line
    /// that says what to do: the data directory, the nginx binary, the templates, the port.
    func run() throws {
        SignalWaiter.block(SignalWaiter.stopSignals + [SIGCHLD])
        options.bootstrapLogging()
        try options.makeDataDirectory()
        let nginxExecutable = try StartupCheck.nginxExecutable(nginx)
        let files = try nginxTemplates.map(NginxFiles.init(directory:)) ?? .builtIn
        var config = NginxConfig(
            dataDirectory: options.dataDirectory, port: port, socketPath: options.socketPath,
            keepalive: keepalive, maxBodySize: options.maxBodyBytes)
        config.agentMaxBodySize = options.agentMaxBodyBytes
        let workerGroup = try options.socketGroupId()
        config.workerUser = workerGroup.map { _ in "\(nginxUser) \(options.socketGroup)" }
        // What an earlier `up` on this data directory left running would hold the port and the socket.
        StaleProcess.replace(pidFile: config.pidPath, marker: config.configPath, signal: SIGQUIT)
        StaleProcess.replace(pidFile: ServeCommand.pidPath(in: options.dataDirectory), marker: options.dataDirectory)
        try StartupCheck.portIsFree(port)

        config.yardstickBytes = try prepare()
        try config.write(files)
        if let workerGroup { try Self.admitWorkers(to: config.directory, group: workerGroup) }

        let supervisor = Supervisor(
            responderArguments: Self.serveArguments(from: CommandLine.arguments, options: options),
            socketPath: options.socketPath,
            nginx: (executable: nginxExecutable, arguments: ["-p", config.directory, "-c", config.configPath]),
            nginxPidPath: config.pidPath, nginxErrorLogPath: config.errorLogPath)
        try supervisor.start()
        Console.say("Launchpad is up at http://127.0.0.1:\(port) (data: \(options.dataDirectory)). Ctrl-C stops it.")
        supervisor.run()
        try? FileManager.default.removeItem(atPath: config.pidPath)
    }

    /// Opens the store once, before the children start: makes and prints the first ADMIN key (before
    /// nginx starts, so that whoever sees the port answer can read the key), and measures the health
    /// answer for the bench's yardstick. Returns its size.
    private func prepare() throws -> Int {
        let services = try Services(dataDirectory: options.dataDirectory, configuration: try options.servicesConfiguration())
        defer { services.close() }
        try AdminKey.announce(services: services, dataDirectory: options.dataDirectory, port: port)
        let application = Application(services: services, configuration: try options.applicationConfiguration())
        if options.metricsToken.isEmpty {
            Console.say("Metrics token (GET /metrics with Authorization: Bearer <token>): in \(MetricsToken.path(in: options.dataDirectory))")
        }
        return application.responder.respond(to: Request(method: .get, uri: "/api/health")).bodyBytes.count
    }

    /// Lets nginx's workers (not root) through the data directory to the socket and to `<data>/nginx`
    /// (o+x on the data directory, which lists nothing), and keeps `<data>/nginx` (config, logs, temp
    /// files) to root and the workers' group alone (0710): nginx writes its logs 0644. The directories
    /// above the data directory are not launchpad's to change: one the workers cannot pass stops the
    /// start, naming it.
    static func admitWorkers(to nginxDirectory: String, group: UInt32) throws {
        let data = (nginxDirectory as NSString).deletingLastPathComponent
        var status = stat()
        guard stat(data, &status) == 0, chmod(data, (status.st_mode & 0o7777) | 0o001) == 0,
              chown(nginxDirectory, 0, group) == 0, chmod(nginxDirectory, 0o710) == 0 else {
            throw DataDirectoryError(directory: data, problem: String(cString: strerror(errno)))
        }
        var above = (data as NSString).deletingLastPathComponent
        while true {
            guard stat(above, &status) == 0 else { throw DataDirectoryError(directory: data, problem: "cannot read \(above)") }
            let passable = status.st_mode & 0o001 != 0 || (status.st_gid == group && status.st_mode & 0o010 != 0)
            guard passable else {
                throw DataDirectoryError(directory: data, problem: "nginx's workers (not root) cannot pass through \(above): give it o+x, or keep the data directory elsewhere")
            }
            if above == "/" { break }
            above = (above as NSString).deletingLastPathComponent
        }
    }

    /// `launchpad serve` with the options this `up` was given, minus those of `up` alone, and the
    /// data directory made absolute.
    static func serveArguments(from commandLine: [String], options: ServerOptions) -> [String] {
        var arguments: [String] = []
        var rest = commandLine.dropFirst()
        if let up = rest.firstIndex(of: "up") { rest.remove(at: up) }
        var skipValue = false
        for argument in rest {
            if skipValue {
                skipValue = false
                continue
            }
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            if upOnlyOptions.contains(name) {
                skipValue = !argument.contains("=")
                continue
            }
            arguments.append(argument)
        }
        return ["serve"] + arguments + ["--data", options.dataDirectory, "--socket", options.socketPath]
    }
}
