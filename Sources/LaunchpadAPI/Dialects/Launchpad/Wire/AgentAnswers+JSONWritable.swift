import LaunchpadCore
import LaunchpadHTTP

// The answers of the keyed reads, written field by field (`JSONWritable`): the same bytes as their
// `Encodable` conformances (ReadAnswersJSONTests compares them), at a fraction of the cost.

extension AgentStatusAnswer: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("agentId", agentId)
            json.field("status", status.rawValue)
            json.field("reason", reason)
            json.field("url", url)
            json.field("health") { json in
                json.field("overall", health.overall)
                json.field("kubernetes") { json in
                    json.field("status", health.kubernetes.status)
                    json.field("replicas", health.kubernetes.replicas)
                    json.field("readyReplicas", health.kubernetes.readyReplicas)
                }
                json.field("application") { json in
                    json.field("status", health.application.status)
                    json.field("uptime", health.application.uptime)
                    json.field("responseTime", health.application.responseTime)
                }
            }
            json.field("deployedAt", deployedAt)
            json.field("lastUpdated", lastUpdated)
        }
    }
}

extension AgentListAnswer: JSONWritable {
    func write(to json: inout JSONWriter) {
        // Room for the whole page unless a string needs escapes: the keys, the status and the
        // timestamp take under 128 bytes per agent.
        let urlSize = urls.prefix.utf8.count + urls.suffix.utf8.count
        json.reserveCapacity(agents.reduce(64) { $0 + 128 + urlSize + 2 * $1.agentId.utf8.count + $1.name.utf8.count + $1.ownerId.utf8.count })
        json.object { json in
            json.field("agents", array: agents) { json, agent in
                json.object { json in
                    json.field("agentId", agent.agentId)
                    json.field("name", agent.name)
                    json.field("status", agent.status.rawValue)
                    json.field("owner", agent.ownerId)
                    json.field("createdAt", agent.createdAt)
                    json.field("url", AgentURLBody(urls: urls, agentId: agent.agentId))
                }
            }
            json.field("total", total)
            json.field("limit", limit)
            json.field("offset", offset)
        }
    }
}
