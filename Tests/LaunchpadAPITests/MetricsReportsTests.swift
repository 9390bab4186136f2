import Foundation
@testable import LaunchpadAPI
@testable import LaunchpadCore
import LaunchpadDomain
import LaunchpadHTTP
import LaunchpadTestSupport
import Testing

/// The metric reports in seed 001's shape: every field present, byte counts as integers, and
/// each percentage computed from the figures shown beside it.
struct MetricsReportsTests {
    /// A runtime that reports the same measurements for every agent.
    final class MeasuringRuntime: AgentControl {
        let measurements: AgentMeasurements
        init(measurements: AgentMeasurements) { self.measurements = measurements }
        let runtimeName = "measuring"
        func agentChanged(_ agentId: String) {}
        func observe(_ agentId: String) -> AgentObservation { AgentObservation() }
        func measure(_ agentId: String) -> AgentMeasurements { measurements }
        func replicaTotals() -> ReplicaTotals { ReplicaTotals() }
        func readyEndpoints(of agentId: String) -> [ReplicaEndpoint] { [] }
    }

    private let owner = Principal(keyId: "key_1", userId: "user-a", username: "alice", role: .user)

    private func withAgent(_ measurements: AgentMeasurements?, _ body: (Services, String) throws -> Void) throws {
        let directory = try TemporaryDirectory()
        let services = try Services(dataDirectory: directory.path)
        defer { services.close() }
        if let measurements { services.agents.attach(MeasuringRuntime(measurements: measurements)) }
        let request = AgentDraft(name: "metered-bot", personality: Personality(bio: ["Meters."]), resources: .init(memory: "256Mi", cpu: "300m", replicas: 2))
        try body(services, try services.agents.create(request, by: owner).agentId)
    }

    /// The JSON object at `path` of an encoded report.
    private func object(_ value: some Encodable, at path: [String]) throws -> [String: Any] {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(JSON.encode(value))) as? [String: Any])
        for key in path { object = try #require(object[key] as? [String: Any], "no \(key)") }
        return object
    }

    /// The encoded report's text, so that `12` and `12.0` can be told apart.
    private func text(_ value: some Encodable) throws -> String {
        String(decoding: try JSON.encode(value), as: UTF8.self)
    }

    @Test func anAgentNotSampledYetHasEveryFieldAtZero() throws {
        try withAgent(AgentMeasurements()) { services, agentId in
            let domain = try services.agents.metrics(agentId, for: owner)
            let report = AgentMetricsAnswer(domain, history: nil)
            for resource in ["cpu", "memory"] {
                let fields = try object(report, at: ["metrics", resource])
                #expect(Set(fields.keys) == ["usage", "limit", "percentage"], "\(resource): \(fields)")
                #expect(fields["usage"] as? Double == 0 && fields["percentage"] as? Double == 0, "\(resource): \(fields)")
            }
            #expect(domain.metrics.cpu.limit == 0.6)
            let text = try text(report)
            #expect(text.contains(#""memory":{"usage":0,"limit":536870912,"percentage":0.0}"#), "bytes are integers: \(text)")
        }
    }

    @Test func anAgentWithNoRuntimeHasEveryFieldToo() throws {
        try withAgent(nil) { services, agentId in
            let fields = try object(AgentMetricsAnswer(try services.agents.metrics(agentId, for: owner), history: nil), at: ["metrics", "cpu"])
            #expect(Set(fields.keys) == ["usage", "limit", "percentage"])
        }
    }

    @Test func percentagesAreComputedFromTheFiguresShown() throws {
        var measured = AgentMeasurements()
        measured.cpuCores = 0.33349
        measured.memoryBytes = 123_456_789
        measured.sampledAt = Date()
        try withAgent(measured) { services, agentId in
            let metrics = try services.agents.metrics(agentId, for: owner).metrics
            #expect(metrics.cpu.usage == 0.333)
            #expect(metrics.cpu.percentage == 55.5, "0.333 of 0.6 cores, as shown (0.33349 of 0.6 would be 55.6)")
            #expect(metrics.memory.usage == 123_456_789)
            #expect(metrics.memory.percentage == 23.0, "123456789 of 536870912 bytes")
        }
    }

    @Test func systemFiguresAreWholeBytesAndAgreeWithTheirPercentages() throws {
        let directory = try TemporaryDirectory()
        let services = try Services(dataDirectory: directory.path)
        defer { services.close() }
        // Twice at once: the second read finds no clock tick since the first, and CPU is still there.
        for _ in 0..<2 {
            let report = try services.agents.systemMetrics(host: services.host, dataDirectory: directory.path)
            let resources = report.resources
            #expect(resources.cpu.total >= 1)
            #expect(resources.cpu.percentage == oneDecimal(resources.cpu.used / resources.cpu.total * 100), "\(resources.cpu)")
            for resource in [resources.memory, resources.storage] {
                #expect(resource.total > 0 && (0...resource.total).contains(resource.used), "\(resource)")
                #expect(resource.percentage == oneDecimal(Double(resource.used) / Double(resource.total) * 100), "\(resource)")
            }
            let answer = SystemMetricsAnswer(report)
            let text = try text(answer)
            for name in ["memory", "storage"] {
                #expect(text.contains(#""\#(name)":{"total":\#(name == "memory" ? resources.memory.total : resources.storage.total),"#), "\(text)")
            }
            #expect(try object(answer, at: ["resources", "cpu"]).keys.count == 3, "\(text)")
            #expect(try object(answer, at: ["system", "deployments"])["successRate"] as? Double == 0, "no deployment has finished: \(text)")
        }
    }

    @Test(arguments: [(8.5, 16.0, 53.1), (1, 3, 33.3), (2, 3, 66.7), (5, 0, 0)])
    func aPercentageHasOneDecimal(part: Double, whole: Double, expected: Double) {
        #expect(percentage(part, of: whole) == expected)
    }
}
