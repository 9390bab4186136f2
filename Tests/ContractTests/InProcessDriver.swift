import Foundation
import LaunchpadTestSupport
import LaunchpadAPI
import LaunchpadCore
import LaunchpadController
import LaunchpadHTTP
import LaunchpadLocalRuntime

/// Sends cases straight to the application's responder, on a temporary LMDB environment.
final class InProcessDriver: ContractDriver {
    let directory: TemporaryDirectory
    let services: Services
    let controller: Controller
    let application: Application
    let adminKey: String
    let metricsToken = "metrics-" + UUID().uuidString

    /// The origin whose pages may call the golden servers (`--cors-origin`), for the CORS cases.
    static let corsOrigin = "https://app.example.com"

    /// The golden cases' agent quotas, as the end-to-end server has them.
    static let testAgentLimits = AgentLimits(agentsPerUser: 5, replicasPerUser: 10)

    /// The limits of the golden cases, as the end-to-end server has them: USER keys get seed 001's
    /// policy (each case makes its own), ADMIN keys and failed authentications generous ones, so
    /// that a whole suite fits in them.
    static let testRateLimits = RateLimitPolicies(
        user: .seedDefault,
        admin: RateLimitPolicy(limit: 1_000_000, periodSeconds: 900, burst: 0, burstPeriodSeconds: 60),
        failedAuthentication: RateLimitPolicy(limit: 1_000_000, periodSeconds: 900, burst: 0, burstPeriodSeconds: 60))

    init(rateLimits: RateLimitPolicies = InProcessDriver.testRateLimits) throws {
        directory = try TemporaryDirectory()
        services = try Services(dataDirectory: directory.path, configuration: .init(rateLimits: rateLimits, agents: .init(limits: Self.testAgentLimits)))
        let driver = LocalReplicaDriver(
            configuration: .init(launchpadExecutable: RepositoryPaths.launchpadBinary, agentsDirectory: directory.path + "/agents"),
            log: { [services] in services.collect($0) })
        controller = try services.startController(driver: driver)
        // The same advisories as the nginx run's `--advisories`, so that scans find the same things.
        _ = try AdvisoryImporter(advisories: services.scanner.advisories).importAll(at: RepositoryPaths.advisoryFixtures)
        var configuration = Application.Configuration(metricsToken: metricsToken)
        configuration.corsOrigins = [Self.corsOrigin]
        application = Application(services: services, configuration: configuration)
        adminKey = try services.identity.generateKey(
            KeyGrant(username: "launchpad-admin", email: "admin@launchpad.local", role: .admin), by: nil).apiKey
    }

    deinit {
        controller.stop()
        services.close()
    }

    func send(_ caseRequest: ContractCase.CaseRequest) throws -> ReceivedResponse {
        var headers = HTTPHeaders()
        for (name, value) in (caseRequest.headers ?? [:]).sorted(by: { $0.key < $1.key }) {
            headers.add(name, value)
        }
        let body = caseRequest.bodyBytes
        if !body.isEmpty, headers["Content-Type"] == nil, caseRequest.body != nil {
            headers.add("Content-Type", "application/json")
        }
        let request = Request(
            method: HTTPMethod(rawValue: caseRequest.method), uri: caseRequest.path, headers: headers,
            body: body, declaredBodyLength: body.isEmpty ? nil : body.count, remoteAddress: "127.0.0.1")
        let response = application.responder.respond(to: request)
        var bytes: [UInt8] = []
        switch response.body {
        case .bytes(let body): bytes = body
        case .stream(let produce):
            let collector = CollectingWriter()
            try produce(collector)
            bytes = collector.bytes
        }
        return ReceivedResponse(status: response.status, headers: response.headers.fields, body: bytes)
    }
}

private final class CollectingWriter: ResponseBodyWriter {
    var bytes: [UInt8] = []
    func write(_ bytes: [UInt8]) throws { self.bytes += bytes }
}
