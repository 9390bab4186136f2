import Foundation

/// The built-in reference agent behind `launchpad agent-runtime`: it loads a character, says which
/// plugins and platforms it would use, and serves `GET /health` and `POST /message` on
/// 127.0.0.1 (or `LISTEN_ADDRESS`) until SIGTERM or SIGINT.
///
/// It logs JSON lines, `{"time":"2024-01-15T13:20:00Z","level":"INFO","msg":"..."}`: INFO and WARN
/// on stdout, ERROR on stderr. Secrets are read from the environment and never logged.
public enum ReferenceAgent {
    /// The exit status after a stop signal.
    public static let exitStopped: Int32 = 0
    /// The exit status when the agent could not start (it could not listen).
    public static let exitFailed: Int32 = 1
    /// The exit status for bad configuration: the character file is missing, unreadable or
    /// invalid, or there is no valid port.
    public static let exitConfiguration: Int32 = 2

    /// Runs the agent until SIGTERM or SIGINT and returns the process's exit status.
    ///
    /// Call it from the main thread before starting any other thread: it blocks the stop signals in
    /// the calling thread so that the threads it starts inherit the mask.
    ///
    /// - Parameters:
    ///   - characterPath: The character file (JSON, see ``Character``).
    ///   - port: The port on 127.0.0.1; `nil` reads `PORT` from `environment`.
    ///   - environment: Where `PORT`, `LISTEN_ADDRESS`, `LAUNCHPAD_REPLICA` and the platform secrets come from.
    ///   - tokenDelayMs: Replaces the character's `settings.tokenDelayMs` when given.
    /// - Returns: ``exitStopped``, ``exitFailed`` or ``exitConfiguration``.
    public static func run(
        characterPath: String,
        port: Int? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        tokenDelayMs: Int? = nil
    ) -> Int32 {
        StopSignals.block()

        var character: Character
        do {
            character = try Character.load(fromFile: characterPath)
            if let tokenDelayMs { character.settings.tokenDelayMs = min(max(tokenDelayMs, 0), 60_000) }
        } catch {
            AgentLog.error("\(error)")
            return exitConfiguration
        }
        let listenPort: Int
        switch resolvedPort(port, environment: environment) {
        case .success(let value):
            listenPort = value
        case .failure(let problem):
            AgentLog.error(problem.message)
            return exitConfiguration
        }
        let listenAddress: in_addr
        switch ListenAddress.resolved(environment: environment) {
        case .success(let value):
            listenAddress = value
        case .failure(let problem):
            AgentLog.error(problem.message)
            return exitConfiguration
        }

        AgentLog.info("Agent \(character.name) starting")
        for plugin in character.plugins {
            AgentLog.info("Loaded plugin \(plugin)")
        }
        for platform in character.settings.platforms {
            let variable = PlatformSecret.environmentName(for: platform)
            if let secret = environment[variable], !secret.isEmpty {
                AgentLog.info("Connected to \(PlatformSecret.displayName(for: platform))")
            } else {
                AgentLog.warning("Not connecting to \(PlatformSecret.displayName(for: platform)): \(variable) is not set")
            }
        }

        let endpoints = AgentEndpoints(character: character, replica: environment["LAUNCHPAD_REPLICA"] ?? "")
        let server: HTTPServer
        do {
            server = try HTTPServer(
                address: listenAddress, port: listenPort, streamedPaths: AgentEndpoints.streamedPaths, handler: { endpoints.respond(to: $0) })
        } catch {
            AgentLog.error("\(error)")
            return exitFailed
        }
        server.start()
        AgentLog.info("Listening on http://\(ListenAddress.text(listenAddress)):\(server.port)")
        AgentLog.info("Agent started successfully")

        _ = StopSignals.wait()
        AgentLog.info("Agent stopping")
        server.stop()
        return exitStopped
    }

    /// `port`, else `PORT`, when it is within 1...65535.
    static func resolvedPort(_ port: Int?, environment: [String: String]) -> Result<Int, PortProblem> {
        if let port {
            guard (1...65535).contains(port) else {
                return .failure(PortProblem(message: "Invalid port \(port): use 1 to 65535"))
            }
            return .success(port)
        }
        guard let text = environment["PORT"] else {
            return .failure(PortProblem(message: "No port: pass --port or set PORT"))
        }
        guard let value = Int(text), (1...65535).contains(value) else {
            return .failure(PortProblem(message: "Invalid PORT \(JSONText.quoted(text)): use 1 to 65535"))
        }
        return .success(value)
    }
}
