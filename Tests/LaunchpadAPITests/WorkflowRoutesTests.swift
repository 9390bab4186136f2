import Foundation
import LaunchpadAPI
import LaunchpadCore
import LaunchpadDomain
import LaunchpadHTTP
import LaunchpadTestSupport
import Testing

/// AgentOS's workflow routes through the application (seed 001's group and envelope), with agents
/// that answer `<agent>(<input>)`: a workflow's modes become the engine's dependencies and come back
/// as they were written; runs answer `{runId, results, vars}`; another user sees nothing.
struct WorkflowRoutesTests {
    /// Agents that answer `<agent>(<input>)`; `shouter` answers in capitals.
    private struct EchoAgents: StepInvoker {
        func invoke(_ call: StepCall) throws -> StepReply {
            let output = "\(call.agent)(\(call.input))"
            return StepReply(output: call.agent == "shouter" ? output.uppercased() : output, usage: StepUsage(inputTokens: 1, outputTokens: 2))
        }
    }

    private final class Server {
        let directory: TemporaryDirectory
        let services: Services
        let application: Application

        init() throws {
            directory = try TemporaryDirectory()
            services = try Services(dataDirectory: directory.path)
            try services.pipelines.attach(EchoAgents())
            application = Application(services: services)
        }

        deinit { services.close() }

        /// A USER's key, with agent records (no replicas) named `writer`, `critic` and `shouter`.
        func key(_ username: String) throws -> String {
            let key = try services.identity.generateKey(KeyGrant(username: username, email: "\(username)@example.com", role: .user), by: nil).apiKey
            for name in ["writer", "critic", "shouter"] {
                let body = #"{"agentName": "\#(name)", "personality": {"bio": ["An echo."]}, "resources": {"replicas": 0}}"#
                let created = try send(.post, "/api/agents", key: key, body: body)
                guard created.status == 201 else { throw DomainError(.internalFailure, "agent \(name): \(created.json)") }
            }
            return key
        }

        func send(_ method: HTTPMethod, _ uri: String, key: String, body: String? = nil) throws -> (status: Int, json: [String: Any]) {
            let response = application.respond(method, uri, key: key, body: body)
            guard case .bytes(let answer) = response.body else { throw DomainError(.internalFailure, "a stream") }
            return (response.status, try JSONSerialization.jsonObject(with: Data(answer)) as? [String: Any] ?? [:])
        }
    }

    private static let workflow = """
        {"id": "review-flow", "name": "Review flow", "description": "write, two critics, merge", "steps": [
          {"name": "draft", "functionId": "agent::writer", "mode": "sequential", "promptTemplate": "about {{input}}", "outputVar": "firstDraft"},
          {"name": "left", "functionId": "agent::critic", "mode": "fanout"},
          {"name": "right", "functionId": "agent::shouter", "mode": "fanout"},
          {"name": "merge", "functionId": "agent::writer", "mode": "collect", "promptTemplate": "{{steps.left.output}} + {{steps.right.output}}"},
          {"name": "ifLoud", "functionId": "agent::writer", "mode": "conditional", "condition": "shouter("},
          {"name": "polish", "functionId": "agent::critic", "mode": "loop", "until": "critic(critic(", "maxIterations": 5, "errorMode": "retry", "maxRetries": 1}
        ]}
        """

    @Test func aWorkflowIsCreatedListedAndRunWithItsModes() throws {
        let server = try Server()
        let alice = try server.key("alice")
        let created = try server.send(.post, "/api/workflows", key: alice, body: Self.workflow)
        #expect(created.status == 201)
        #expect(created.json["id"] as? String == "review-flow" && created.json["name"] as? String == "Review flow")
        let steps = try #require(created.json["steps"] as? [[String: Any]])
        #expect(steps.map { $0["mode"] as? String } == ["sequential", "fanout", "fanout", "collect", "conditional", "loop"])
        #expect(steps[0]["outputVar"] as? String == "firstDraft" && steps[1]["functionId"] as? String == "agent::critic")

        let list = try server.send(.get, "/api/workflows", key: alice)
        #expect(list.status == 200 && list.json["total"] as? Int == 1)

        let ran = try server.send(.post, "/api/workflows/run", key: alice, body: #"{"workflowId": "review-flow", "input": "cats", "agentId": "agent-0123456789"}"#)
        #expect(ran.status == 200)
        #expect(ran.json["status"] as? String == "completed")
        let results = try #require(ran.json["results"] as? [[String: Any]])
        #expect(results.map { $0["stepName"] as? String } == ["draft", "left", "right", "merge", "ifLoud", "polish"])
        #expect(results[0]["output"] as? String == "writer(about cats)")
        #expect(results[3]["output"] as? String == "writer(critic(writer(about cats)) + SHOUTER(WRITER(ABOUT CATS)))")
        #expect(results[5]["output"] as? String == "critic(critic(writer(writer(critic(writer(about cats)) + SHOUTER(WRITER(ABOUT CATS))))))")
        #expect(results.allSatisfy { $0["durationMs"] is Int })
        #expect(ran.json["vars"] as? [String: String] == ["firstDraft": "writer(about cats)", "agentId": "agent-0123456789"])

        let runId = try #require(ran.json["runId"] as? String)
        let fetched = try server.send(.get, "/api/workflows/runs/\(runId)", key: alice)
        #expect(fetched.status == 200 && fetched.json["status"] as? String == "completed" && fetched.json["workflowId"] as? String == "review-flow")
    }

    @Test func anotherUsersWorkflowAndRunAreNotFound() throws {
        let server = try Server()
        let (alice, bob) = (try server.key("alice"), try server.key("bob"))
        _ = try server.send(.post, "/api/workflows", key: alice, body: Self.workflow)
        let runId = try #require(try server.send(.post, "/api/workflows/run", key: alice, body: #"{"workflowId": "review-flow", "input": "x"}"#).json["runId"] as? String)
        #expect(try server.send(.get, "/api/workflows", key: bob).json["total"] as? Int == 0)
        let run = try server.send(.post, "/api/workflows/run", key: bob, body: #"{"workflowId": "review-flow", "input": "x"}"#)
        #expect(run.status == 404 && (run.json["error"] as? [String: Any])?["code"] as? String == "NOT_FOUND")
        #expect(try server.send(.get, "/api/workflows/runs/\(runId)", key: bob).status == 404)
    }

    @Test func badWorkflowsAreRefusedInTheEnvelopeNamingTheField() throws {
        let server = try Server()
        let alice = try server.key("alice")
        let cases: [(body: String, field: String)] = [
            (#"{"name": "x", "steps": [{"name": "a", "functionId": "writer"}]}"#, "steps[0].functionId"),
            (#"{"name": "x", "steps": [{"name": "a", "functionId": "agent::ghost"}]}"#, "steps[0].functionId"),
            (#"{"name": "x", "steps": [{"name": "a", "functionId": "agent::writer", "promptTemplate": "{{steps.b.output}}"}, {"name": "b", "functionId": "agent::writer"}]}"#, "steps[0].promptTemplate"),
            (#"{"name": "x", "steps": [{"name": "a", "functionId": "agent::writer", "mode": "conditional"}]}"#, "steps[0].condition"),
            (#"{"name": "x", "steps": [{"name": "a", "functionId": "agent::writer", "mode": "parallel"}]}"#, "steps[0].mode"),
            (#"{"name": "x", "steps": [{"name": "a", "functionId": "agent::writer", "errorMode": "ignore"}]}"#, "steps[0].errorMode"),
            (#"{"name": "x", "steps": [{"name": "a", "functionId": "agent::writer", "extra": 1}]}"#, "steps[0].extra"),
            (#"{"name": "x", "steps": []}"#, "steps"),
            (#"{"id": "Bad Id", "name": "x", "steps": [{"name": "a", "functionId": "agent::writer"}]}"#, "id"),
        ]
        for (body, field) in cases {
            let answer = try server.send(.post, "/api/workflows", key: alice, body: body)
            let error = answer.json["error"] as? [String: Any]
            #expect(answer.status == 400, "\(body)")
            #expect(error?["code"] as? String == "VALIDATION_ERROR")
            #expect((error?["field"] as? String ?? error?["message"] as? String ?? "").contains(field), "\(body): \(error ?? [:])")
        }
        #expect(try server.send(.get, "/api/workflows", key: alice).json["total"] as? Int == 0)
        let duplicate = #"{"id": "twice", "name": "x", "steps": [{"name": "a", "functionId": "agent::writer"}]}"#
        #expect(try server.send(.post, "/api/workflows", key: alice, body: duplicate).status == 201)
        #expect(try server.send(.post, "/api/workflows", key: alice, body: duplicate).status == 409)
    }
}
