import ArgumentParser
import Foundation

/// `launchpad agents …`: agents on a running server, through its API (LAUNCHPAD_URL, LAUNCHPAD_API_KEY).
struct AgentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agents", abstract: "Agents on a server, through its API.",
        // pause, resume and invoke join these when the server has their routes.
        subcommands: [List.self, Get.self, Create.self, Status.self, Scale.self, Restart.self, Delete.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List agents, newest first (every page).")

        @OptionGroup var options: ClientOptions
        @Option(help: "Only agents with this status (QUEUED, DEPLOYED, FAILED, …).") var status: String?
        @Option(help: "Only agents of this user id (ADMIN).") var owner: String?

        func run() throws {
            let client = try options.client()
            var agents: [[String: Any]] = []
            var seen = Set<String>()
            var offset = 0
            while true {
                var query = [URLQueryItem(name: "limit", value: "100"), URLQueryItem(name: "offset", value: String(offset))]
                if let status { query.append(URLQueryItem(name: "status", value: status)) }
                if let owner { query.append(URLQueryItem(name: "owner", value: owner)) }
                let page = try client.get("/api/agents", query: query).object()
                let items = page["agents"] as? [[String: Any]] ?? []
                for agent in items where seen.insert(cell(agent["agentId"])).inserted { agents.append(agent) }
                offset += items.count
                if items.count < 100 || offset >= (page["total"] as? Int ?? 0) { break }
            }
            if options.output == .json {
                let data = try JSONSerialization.data(withJSONObject: ["agents": agents, "total": agents.count], options: [.sortedKeys])
                Console.say(String(decoding: data, as: UTF8.self))
                return
            }
            var table = Table("AGENT ID", "NAME", "STATUS", "OWNER", "CREATED", "URL")
            for agent in agents {
                table.add(["agentId", "name", "status", "owner", "createdAt", "url"].map { cell(agent[$0]) })
            }
            Console.say(table.rendered)
        }
    }

    struct Get: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "An agent's whole record (secrets shown as ***).")

        @OptionGroup var options: ClientOptions
        @Argument(help: "The agent's id.") var agent: String

        func run() throws {
            let answer = try options.client().get("/api/agents/\(APIClient.segment(agent))")
            try options.print(answer) { record in
                let resources = record["resources"] as? [String: Any] ?? [:]
                return Table.fields([
                    ("AGENT ID", cell(record["agentId"])), ("NAME", cell(record["name"])), ("DESCRIPTION", cell(record["description"])),
                    ("STATUS", cell(record["status"])), ("REASON", cell(record["reason"])), ("OWNER", cell(record["owner"])),
                    ("REPLICAS", cell(resources["replicas"])), ("MEMORY", cell(resources["memory"])), ("CPU", cell(resources["cpu"])),
                    ("PLUGINS", cell(record["selectedPlugins"])), ("URL", cell(record["url"])), ("GENERATION", cell(record["generation"])),
                    ("CREATED", cell(record["createdAt"])), ("UPDATED", cell(record["updatedAt"])), ("DEPLOYED", cell(record["deployedAt"])),
                ])
            }
        }
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an agent from a file: a create request (agentName, personality, …) or an elizaOS character.")

        @OptionGroup var options: ClientOptions
        @Option(name: .shortAndLong, help: "The JSON file ('-' for standard input).") var file: String
        @Option(help: "The agent's name, instead of the file's.") var name: String?

        func run() throws {
            let client = try options.client()
            let body = try CharacterFile.createBody(path: file, name: name)
            let answer = try client.send("POST", "/api/agents", body: body)
            try options.print(answer) {
                Table.row(["AGENT ID", "STATUS", "CREATED", "ESTIMATED DEPLOY TIME"], ["agentId", "status", "createdAt", "estimatedDeployTime"], of: $0)
            }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "An agent's status and health.")

        @OptionGroup var options: ClientOptions
        @Argument(help: "The agent's id.") var agent: String

        func run() throws {
            let answer = try options.client().get("/api/agents/\(APIClient.segment(agent))/status")
            try options.print(answer) { report in
                let health = report["health"] as? [String: Any] ?? [:]
                let runtime = health["kubernetes"] as? [String: Any] ?? [:]
                let application = health["application"] as? [String: Any] ?? [:]
                return Table.fields([
                    ("AGENT ID", cell(report["agentId"])), ("STATUS", cell(report["status"])), ("REASON", cell(report["reason"])),
                    ("HEALTH", cell(health["overall"])), ("READY", "\(cell(runtime["readyReplicas"]))/\(cell(runtime["replicas"]))"),
                    ("UPTIME", cell(application["uptime"])), ("URL", cell(report["url"])),
                    ("DEPLOYED", cell(report["deployedAt"])), ("LAST UPDATED", cell(report["lastUpdated"])),
                ])
            }
        }
    }

    struct Scale: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set an agent's number of replicas.")

        @OptionGroup var options: ClientOptions
        @Argument(help: "The agent's id.") var agent: String
        @Argument(help: "Replicas (0 to 20).") var replicas: Int

        func run() throws {
            let body = try JSONSerialization.data(withJSONObject: ["replicas": replicas])
            let answer = try options.client().send("POST", "/api/agents/\(APIClient.segment(agent))/scale", body: body)
            try options.print(answer) {
                Table.row(["AGENT ID", "STATUS", "CURRENT", "TARGET"], ["agentId", "status", "currentReplicas", "targetReplicas"], of: $0)
            }
        }
    }

    struct Restart: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replace every replica of an agent, one by one.")

        @OptionGroup var options: ClientOptions
        @Argument(help: "The agent's id.") var agent: String

        func run() throws {
            try AgentAction.run("POST", "/api/agents/\(APIClient.segment(agent))/restart", options)
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete an agent: its replicas stop and its record goes.")

        @OptionGroup var options: ClientOptions
        @Argument(help: "The agent's id.") var agent: String

        func run() throws {
            try AgentAction.run("DELETE", "/api/agents/\(APIClient.segment(agent))", options)
        }
    }
}

/// The calls that answer seed 001's action response (`agentId`, `status`, `message`, `timestamp`):
/// restart and delete, and pause and resume when they come.
enum AgentAction {
    static func run(_ method: String, _ path: String, _ options: ClientOptions) throws {
        let answer = try options.client().send(method, path)
        try options.print(answer) { Table.row(["AGENT ID", "STATUS", "MESSAGE"], ["agentId", "status", "message"], of: $0) }
    }
}
