import ArgumentParser
import Foundation
import LaunchpadAPI
import LaunchpadController
import LaunchpadCore
import LaunchpadDomain
import LaunchpadLocalRuntime
import LaunchpadFastCGI
import LaunchpadKubernetesRuntime
import Logging

/// `launchpad serve`: the FastCGI responder alone, on `<data>/launchpad.sock`.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Serve the API over FastCGI on a unix socket.")

    @OptionGroup var options: ServerOptions

    @Option(name: .long, help: "Socket path (default: <data>/launchpad.sock).")
    var socket: String?

    /// `<data>/launchpad.pid`: the running responder, for `launchpad up` and operators.
    static func pidPath(in dataDirectory: String) -> String {
        (dataDirectory as NSString).appendingPathComponent("launchpad.pid")
    }

    func run() throws {
        SignalWaiter.block(SignalWaiter.stopSignals)
        options.bootstrapLogging()
        try options.makeDataDirectory()
        let server = try RunningServer(options: options, socketPath: socket ?? options.socketPath)
        let pidPath = Self.pidPath(in: options.dataDirectory)
        // 0600, as everything launchpad keeps in the data directory, which agents may pass through.
        _ = FileManager.default.createFile(atPath: pidPath, contents: Data("\(getpid())\n".utf8), attributes: [.posixPermissions: 0o600])
        let signal = SignalWaiter.wait(for: SignalWaiter.stopSignals)
        server.logger.info("stopping", metadata: ["signal": "\(signal)"])
        server.stop()
        try? FileManager.default.removeItem(atPath: pidPath)
    }
}

/// The database, the application and the FastCGI transport, started together and stopped in order.
struct RunningServer {
    let logger = Logger(label: "launchpad")
    let services: Services
    let controller: Controller
    let application: Application
    let transport: any FastCGITransport

    init(options: ServerOptions, socketPath: String) throws {
        services = try Services(dataDirectory: options.dataDirectory, configuration: try options.servicesConfiguration())
        do {
            for path in options.advisories {
                let report = try AdvisoryImporter(advisories: services.scanner.advisories).importAll(at: path)
                logger.notice("advisories imported", metadata: [
                    "path": "\(path)", "imported": "\(report.imported)", "replaced": "\(report.replaced)",
                    "unchanged": "\(report.unchanged)", "skipped": "\(report.skipped)",
                ])
            }
        } catch {
            services.close()
            throw error
        }
        var local = LocalReplicaDriver.Configuration(
            agentCommand: options.agentCommand, launchpadExecutable: Self.ownExecutable(), agentsDirectory: options.agentsDirectory)
        let socketGroup: UInt32?
        let applicationConfiguration: Application.Configuration
        do {
            local.isolation = try options.isolationSettings()
            local.images.merge(try options.instanceImages()) { $1 }
            socketGroup = try options.socketGroupId()
            applicationConfiguration = try options.applicationConfiguration()
        } catch {
            services.close()
            throw error
        }
        let driver: any ReplicaDriver
        do {
            driver = try options.runtime == "kubernetes"
                ? options.kubernetesDriver(log: { [services] in services.collect($0) })
                : LocalReplicaDriver(configuration: local, log: { [services] in services.collect($0) })
        } catch {
            services.close()
            throw error
        }
        var policy = ControllerConfiguration()
        policy.crashLimit = options.crashLimit
        policy.firstBackoff = options.restartBackoff
        policy.sampleInterval = options.metricsInterval
        policy.heartbeatTimeout = options.heartbeatTimeout
        do {
            controller = try services.startController(driver: driver, configuration: policy)
            (driver as? KubernetesReplicaDriver)?.onChange { [weak controller] in controller?.agentChanged($0) }
        } catch {
            services.close()
            throw error
        }
        application = Application(services: services, configuration: applicationConfiguration)
        let transportConfiguration = FastCGIServer.Configuration(
            socketPath: socketPath, threads: options.threadCount, maxBodySize: options.maxBodyBytes, socketGroup: socketGroup,
            maxStreamThreads: options.maxStreamThreads)
        transport = options.transport == .eventLoop
            ? EventLoopServer(configuration: transportConfiguration, responder: application.responder, logger: Logger(label: "launchpad.fastcgi"))
            : FastCGIServer(configuration: transportConfiguration, responder: application.responder, logger: Logger(label: "launchpad.fastcgi"))
        do {
            try transport.start()
        } catch {
            controller.stop()
            services.close()
            throw error
        }
    }

    /// This binary's path, for `{launchpad}` in the agent command (the reference agent is a subcommand).
    static func ownExecutable() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// Drains requests in flight, stops every replica, then commits what is queued and closes the database.
    func stop() {
        // First, so that no request waits for a run: runs stay `running`, resumed at the next start.
        services.pipelines.stop()
        transport.stop()
        controller.stop()
        services.close()
    }
}
