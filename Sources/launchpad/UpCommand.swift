import ArgumentParser
import Foundation
import LaunchpadHTTP

/// `launchpad up`: nginx on 127.0.0.1:PORT in front of the FastCGI responder, as one foreground
/// command. SIGINT or SIGTERM stops both; no process, socket or pid file is left behind.
struct UpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "up", abstract: "Run nginx and launchpad together in the foreground.")

    @OptionGroup var options: ServerOptions

    @Option(name: .long, help: "Port nginx listens on, on 127.0.0.1.")
    var port: Int = 8080

    @Option(name: .long, help: "nginx's upstream keepalive connections; must be below --threads.")
    var keepalive: Int = 32

    @Option(name: .long, help: "The nginx binary.")
    var nginx: String = "/usr/sbin/nginx"

    @Option(name: .long, help: "Directory holding launchpad-dev.conf.template and fastcgi.params.")
    var nginxTemplates: String = "nginx"

    func validate() throws {
        guard keepalive >= 1, keepalive < options.threads else {
            throw ValidationError("--keepalive (\(keepalive)) must be at least 1 and below --threads (\(options.threads)): a kept-alive connection holds a thread")
        }
    }

    func run() throws {
        SignalWaiter.block(SignalWaiter.stopSignals + [SIGCHLD])
        options.bootstrapLogging()
        try options.makeDataDirectory()
        let server = try RunningServer(options: options, socketPath: options.socketPath)
        let healthBytes = server.application.responder.respond(to: Request(method: .get, uri: "/api/health")).bodyBytes.count
        let config = NginxConfig(
            dataDirectory: options.dataDirectory, port: port, socketPath: options.socketPath,
            keepalive: keepalive, maxBodySize: options.maxBodyBytes, yardstickBytes: healthBytes)
        let nginxProcess: ChildProcess
        do {
            // Before nginx starts, so that whoever sees the port answer can read the key.
            try AdminKey.announce(services: server.services, dataDirectory: options.dataDirectory, port: port)
            try config.write(templateDirectory: nginxTemplates)
            nginxProcess = try ChildProcess(executable: nginx, arguments: ["-p", config.directory, "-c", config.configPath])
        } catch {
            server.stop()
            throw error
        }
        server.logger.notice("up", metadata: ["url": "http://127.0.0.1:\(port)", "data": "\(options.dataDirectory)", "nginx": "\(nginxProcess.pid)"])
        Console.say("Launchpad is up at http://127.0.0.1:\(port) (data: \(options.dataDirectory)). Ctrl-C stops it.")

        var nginxStatus: Int32?
        while nginxStatus == nil {
            let signal = SignalWaiter.wait(for: SignalWaiter.stopSignals + [SIGCHLD])
            if signal == SIGCHLD {
                nginxStatus = nginxProcess.exitStatusIfExited()
            } else {
                server.logger.info("stopping", metadata: ["signal": "\(signal)"])
                nginxProcess.signal(SIGQUIT)
                nginxStatus = nginxProcess.wait()
            }
        }
        server.stop()
        try? FileManager.default.removeItem(atPath: config.pidPath)
        if let nginxStatus, nginxStatus != 0 {
            throw ExitCode(1)
        }
    }
}
