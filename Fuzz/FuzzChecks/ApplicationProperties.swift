import Foundation
import LaunchpadAPI
import LaunchpadCore
import LaunchpadFastCGI
import LaunchpadHTTP
import Logging

/// The input is a `FuzzedRequest`, sent with an ADMIN key to the whole application (identity, validation,
/// router, handlers, services) on a temporary data directory without an agent runtime, on a thread
/// with the stack a FastCGI accept thread has. Any request is answered below 500, never with a trap,
/// a stack overflow or an `INTERNAL_ERROR`.
enum ApplicationProperties {
    /// Services on a temporary directory, removed when the process exits.
    final class Fixture: Sendable {
        static let directory = NSTemporaryDirectory() + "launchpad-fuzz-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)"
        let services: Services
        let application: Application
        let adminKey: String

        init() throws {
            try FileManager.default.createDirectory(atPath: Self.directory, withIntermediateDirectories: true)
            atexit { try? FileManager.default.removeItem(atPath: Fixture.directory) }
            let generous = RateLimitPolicy(limit: 1_000_000_000, periodSeconds: 60, burst: 0, burstPeriodSeconds: 60)
            services = try Services(dataDirectory: Self.directory, configuration: .init(
                rateLimits: RateLimitPolicies(user: generous, admin: generous, failedAuthentication: generous),
                agents: .init(limits: AgentLimits(agentsPerUser: 5, replicasPerUser: 10))))
            var quiet = Logger(label: "launchpad.fuzz")
            quiet.logLevel = .critical
            application = Application(services: services, configuration: .init(maxBodySize: 64 << 10), logger: quiet)
            adminKey = try services.identity.generateKey(
                KeyGrant(username: "fuzz-admin", email: "admin@fuzz.local", role: .admin), by: nil).apiKey
        }
    }

    static let fixture = Result { try Fixture() }

    static func check(_ input: [UInt8]) throws(FuzzFailure) {
        guard let fuzzed = FuzzedRequest(input) else { return }
        let opened: Fixture
        switch fixture {
        case .success(let value): opened = value
        case .failure(let error): throw FuzzFailure("cannot open the services: \(error)")
        }
        let request = fuzzed.request(headers: ["X-API-Key": opened.adminKey])
        let response = answerOnRequestThread { opened.application.responder.respond(to: request) }
        try require(response.status < 500, "\(fuzzed.method) '\(fuzzed.uri)' answered \(response.status): \(String(decoding: response.bodyBytes, as: UTF8.self))")
    }

    /// Runs `answer` on a new thread with `FastCGIServer.threadStackSize` of stack, as a request is
    /// answered in the server, and waits for it: a recursion that fits the fuzzer's main thread may
    /// overflow there.
    static func answerOnRequestThread(_ answer: @escaping @Sendable () -> Response) -> Response {
        let box = ResponseBox()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.response = answer()
            done.signal()
        }
        thread.stackSize = FastCGIServer.threadStackSize
        thread.start()
        done.wait()
        return box.response!
    }

    private final class ResponseBox: @unchecked Sendable {
        var response: Response?
    }
}
