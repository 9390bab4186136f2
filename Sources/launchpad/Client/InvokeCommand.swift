import ArgumentParser
import Foundation

/// `launchpad invoke AGENT TEXT [--session ID]`: AgentSpec's streamed invocation
/// (`POST /v1/agents/{name}/stream`), the reply printed piece by piece as the agent writes it.
struct InvokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invoke", abstract: "Send an agent a message and print its reply as it is written.")

    @OptionGroup var options: ClientOptions
    @Argument(help: "The agent's name (or id).") var agent: String
    @Argument(help: "The message.") var text: String
    @Option(help: "Continue this session (its id).") var session: String?

    func run() throws {
        var request: [String: Any] = ["input": text]
        if let session { request["session_id"] = session }
        let body = try JSONSerialization.data(withJSONObject: request)
        let reader = InvocationEventReader(json: options.output == .json)
        try options.client().stream(
            "/v1/agents/\(APIClient.segment(agent))/stream", method: "POST", body: body) { reader.read(line: $0) }
        if let failure = reader.failure { throw failure }
        guard reader.finished else {
            throw APIClientError(code: "CONNECTION_ERROR", message: "the stream ended before the agent's whole reply")
        }
    }
}

/// The events of an invocation stream: each `token`'s text written at once, then on `done` a line
/// with the session and the tokens used (with `-o json`, only the `done` answer, as one line).
final class InvocationEventReader: @unchecked Sendable {
    private let json: Bool
    private var decoder = ServerSentEventDecoder()
    private(set) var finished = false
    private(set) var failure: APIClientError?

    init(json: Bool) {
        self.json = json
    }

    /// False ends the stream (after `done` or `error`).
    func read(line: String) -> Bool {
        guard let event = decoder.feed(line) else { return true }
        let body = (try? JSONSerialization.jsonObject(with: Data(event.data.utf8))) as? [String: Any]
        switch event.name {
        case "token":
            if !json, let text = body?["text"] as? String { FileHandle.standardOutput.write(Data(text.utf8)) }
            return true
        case "done":
            finished = true
            if json {
                Console.say(event.data)
            } else {
                let usage = body?["usage"] as? [String: Any]
                Console.say("")
                FileHandle.standardError.write(Data(
                    "session \(cell(body?["session_id"])), tokens \(cell(usage?["input_tokens"])) in, \(cell(usage?["output_tokens"])) out\n".utf8))
            }
            return false
        case "error":
            failure = APIClientError(event: event.data)
            return false
        default:
            return true
        }
    }
}
