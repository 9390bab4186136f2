import ArgumentParser
import Foundation
import LaunchpadAPI
import LaunchpadCore
import LaunchpadDomain
import LaunchpadFastCGI
import LaunchpadHTTP

/// `launchpad bench-respond`: the user code of a keyed read on one thread, in-process: the FastCGI
/// parameters as nginx sends them into a `Request`, and the whole `Responder` (authentication with
/// its rate-limit write, the records, the answer's JSON), without the sockets and thread switches
/// that `make bench` measures around it. Each route is timed in batches and the fastest batch is
/// reported, so that other processes on the machine take little from the figure: it is for
/// comparing two builds of the request path, one change at a time.
struct BenchRespondCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-respond", abstract: "Measure the request path's own code on one thread.", shouldDisplay: false)

    @Option(help: "Seconds per route.") var seconds: Double = 2
    @Option(help: "Requests per timed batch.") var batch: Int = 200
    @Option(help: "Only this route (health, profile, status, list).") var route: String?
    @Flag(help: "With --threads, each thread yields its core after every request, as a request thread blocks on its connection.") var yield = false
    @Option(help: "Threads answering at once for the whole time; the figure is then the process's CPU time per request (what sharing and switching cost) rather than the fastest batch.") var threads: Int?

    func run() throws {
        let directory = NSTemporaryDirectory() + "launchpad-bench-respond-" + UUID().uuidString.prefix(8)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let limits = AgentLimits(agentsPerUser: Int.max, replicasPerUser: Int.max)
        let services = try Services(dataDirectory: directory, configuration: .init(agents: .init(limits: limits)))
        defer { services.close() }
        let policy = try RateLimitPolicy(parsing: "1000000000/15m")
        let key = try services.identity.generateKey(KeyGrant(username: "bench", email: "bench@example.com", role: .user), by: nil, rateLimit: policy).apiKey
        let principal = try services.identity.authenticate(key).principal
        var agentIds: [String] = []
        for index in 0..<1000 {
            let draft = AgentDraft(name: "bench-\(index)", personality: Personality(bio: ["A benchmark agent."]), resources: .init(replicas: 0))
            agentIds.append(try services.agents.create(draft, by: principal).agentId)
        }
        let responder = Application(services: services).responder
        let routes: [(label: String, uri: String, keyed: Bool)] = [
            ("health", "/api/health", false), ("profile", "/api/users/profile", true),
            ("status", "/api/agents/\(agentIds[500])/status", true), ("list", "/api/agents?limit=20", true),
        ]
        var results: [String] = []
        for route in routes where self.route == nil || self.route == route.label {
            let environment = Environment(Self.parameters(uri: route.uri, key: route.keyed ? key : nil))
            defer { environment.free() }
            let check = responder.respond(to: FastCGIParameters(environment: environment.pointer).request())
            guard check.status == 200 else { throw ValidationError("\(route.uri) answered \(check.status)") }
            let micros = threads.map { count in
                concurrent(count) { _ = responder.respond(to: FastCGIParameters(environment: environment.pointer).request()) }
            } ?? fastestBatch { _ = responder.respond(to: FastCGIParameters(environment: environment.pointer).request()) }
            results.append(#""\#(route.label)":\#(String(format: "%.2f", micros))"#)
        }
        print(#"{"microsecondsPerRequest":{\#(results.joined(separator: ","))}}"#)
    }

    /// The mean of the fastest batch, in µs per call.
    private func fastestBatch(_ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        let end = clock.now + .milliseconds(Int(seconds * 1000))
        var best = Double.infinity
        repeat {
            let start = clock.now
            for _ in 0..<batch { body() }
            let elapsed = clock.now - start
            let micros = (Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12) / Double(batch)
            best = min(best, micros)
        } while clock.now < end
        return best
    }

    private static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// `body` on `count` threads at once for `seconds`: the process's CPU time per call, in µs.
    private func concurrent(_ count: Int, _ body: @escaping @Sendable () -> Void) -> Double {
        let calls = ConcurrentCount()
        let yielding = yield
        let group = DispatchGroup()
        let clock = ContinuousClock()
        let end = clock.now + .milliseconds(Int(seconds * 1000))
        for _ in 0..<count {
            group.enter()
            Thread.detachNewThread {
                var made = 0
                repeat {
                    for _ in 0..<batch {
                        body()
                        if yielding { sched_yield() }
                    }
                    made += batch
                } while clock.now < end
                calls.add(made)
                group.leave()
            }
        }
        let cpuBefore = Self.processCPUSeconds()
        group.wait()
        return (Self.processCPUSeconds() - cpuBefore) * 1e6 / Double(calls.total)
    }

    private final class ConcurrentCount: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func add(_ count: Int) { lock.withLock { value += count } }
        var total: Int { lock.withLock { value } }
    }

    /// The parameters nginx sends for a GET from wrk (nginx/fastcgi.params and the request's headers).
    private static func parameters(uri: String, key: String?) -> [String] {
        let path = uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? uri
        let query = uri.contains("?") ? String(uri.split(separator: "?", maxSplits: 1)[1]) : ""
        var pairs = [
            "REQUEST_METHOD=GET", "REQUEST_URI=\(uri)", "QUERY_STRING=\(query)", "CONTENT_TYPE=", "CONTENT_LENGTH=",
            "SCRIPT_NAME=\(path)", "SERVER_PROTOCOL=HTTP/1.1", "REMOTE_ADDR=127.0.0.1", "REMOTE_PORT=40112",
            "SERVER_ADDR=127.0.0.1", "SERVER_PORT=8080", "SERVER_NAME=", "HTTP_HOST=127.0.0.1:8080",
        ]
        if let key { pairs.append("HTTP_X_API_KEY=\(key)") }
        return pairs
    }

    /// A C `envp`, as libfcgi hands one over.
    /// Read only once made, so shared by the threads of `--threads`.
    private struct Environment: @unchecked Sendable {
        let pointer: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>

        init(_ entries: [String]) {
            pointer = .allocate(capacity: entries.count + 1)
            for (index, entry) in entries.enumerated() { pointer[index] = strdup(entry) }
            pointer[entries.count] = nil
        }

        func free() {
            var cursor = pointer
            while let entry = cursor.pointee {
                Foundation.free(entry)
                cursor += 1
            }
            pointer.deallocate()
        }
    }
}
