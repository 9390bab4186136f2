import Foundation
import LaunchpadCore
import LaunchpadCrypto
import LaunchpadHTTP
import LaunchpadDomain

/// GET /metrics in the Prometheus text format, for callers with the configured token
/// (`Authorization: Bearer <token>`), wherever they are: agents' replicas call from loopback too.
struct PrometheusController: Sendable {
    let services: Services
    let requests: RequestMetrics
    let token: String?

    /// `/metrics` alone, in seed 001's envelope, with no key authentication: the route checks the
    /// metrics token (or loopback) itself, since Prometheus scrapes without an API key.
    func group() -> RouteGroup {
        var group = RouteGroup(prefix: "/metrics", renderer: ErrorEnvelope.Renderer(), authentication: nil)
        register(on: &group)
        return group
    }

    func register(on group: inout RouteGroup) {
        group.get("/metrics") { request in
            try authorize(request)
            var headers = HTTPHeaders()
            headers.add("Content-Type", "text/plain; version=0.0.4")
            return Response(status: 200, headers: headers, body: .bytes(Array(exposition().utf8)))
        }
    }

    private func authorize(_ request: Request) throws {
        guard let token, let presented = request.headers["Authorization"], presented.hasPrefix("Bearer "),
              ConstantTime.equals(SHA256.hash(String(presented.dropFirst(7))), SHA256.hash(token)) else {
            throw HTTPError(.unauthorized, "GET /metrics needs the metrics token (Authorization: Bearer <token>; launchpad up keeps it in <data>/metrics.token)")
        }
    }

    func exposition() -> String {
        var text = requests.exposition()
        let counts = (try? services.agents.store.statusCounts()) ?? [:]
        text += "# HELP launchpad_agents Agents by status.\n# TYPE launchpad_agents gauge\n"
        for status in AgentStatus.allCases {
            text += "launchpad_agents{status=\"\(status.rawValue)\"} \(counts[status.rawValue] ?? 0)\n"
        }
        if let runtime = services.agents.runtime {
            let totals = runtime.replicaTotals()
            text += "# HELP launchpad_replicas Replicas running and asked for.\n# TYPE launchpad_replicas gauge\n"
            text += "launchpad_replicas{state=\"running\"} \(totals.running)\nlaunchpad_replicas{state=\"desired\"} \(totals.desired)\n"
            text += "# HELP launchpad_replica_restarts_total Replicas that exited and were started again.\n# TYPE launchpad_replica_restarts_total counter\n"
            text += "launchpad_replica_restarts_total \(totals.restarts)\n"
        }
        if let stats = try? services.database.environment.stats() {
            text += "# HELP launchpad_lmdb_map_size_bytes The LMDB map size.\n# TYPE launchpad_lmdb_map_size_bytes gauge\n"
            text += "launchpad_lmdb_map_size_bytes \(stats.mapSize)\n"
            text += "# HELP launchpad_lmdb_used_bytes Pages in use times the page size.\n# TYPE launchpad_lmdb_used_bytes gauge\n"
            text += "launchpad_lmdb_used_bytes \(stats.pagesUsed * stats.pageSize)\n"
            text += "# HELP launchpad_lmdb_readers Reader slots holding a transaction.\n# TYPE launchpad_lmdb_readers gauge\n"
            text += "launchpad_lmdb_readers \(stats.readersInUse)\n"
        }
        text += "# HELP launchpad_log_entries_written_total Agent log lines committed.\n# TYPE launchpad_log_entries_written_total counter\n"
        text += "launchpad_log_entries_written_total \(services.logs.written)\n"
        text += "# HELP launchpad_log_entries_dropped_total Agent log lines dropped (queue full or a failed commit).\n# TYPE launchpad_log_entries_dropped_total counter\n"
        text += "launchpad_log_entries_dropped_total \(services.logs.dropped)\n"
        let streams = services.invocation.replyCounts
        text += "# HELP launchpad_agent_streams_open Agent replies open now through the API, streamed or waited for whole.\n# TYPE launchpad_agent_streams_open gauge\n"
        text += "launchpad_agent_streams_open \(streams.open)\n"
        text += "# HELP launchpad_agent_streams_refused_total Replies refused for --max-streams or --max-streams-per-user.\n# TYPE launchpad_agent_streams_refused_total counter\n"
        text += "launchpad_agent_streams_refused_total \(streams.refused)\n"
        return text
    }
}
