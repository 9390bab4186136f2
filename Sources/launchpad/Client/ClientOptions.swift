import ArgumentParser
import Foundation

/// The options every client command takes: which server, which key, which output.
struct ClientOptions: ParsableArguments {
    enum Output: String, ExpressibleByArgument, CaseIterable {
        case table, json
    }

    @Option(name: .long, help: "The server (environment: LAUNCHPAD_URL; default http://127.0.0.1:8080).")
    var url: String?

    @Option(name: .long, help: "The API key (environment: LAUNCHPAD_API_KEY).")
    var apiKey: String?

    @Option(name: .shortAndLong, help: "table (aligned, for people) or json (the API's answer, for scripts).")
    var output: Output = .table

    @Option(name: .long, help: "Seconds to wait for an answer.")
    var timeout: Double = 30

    func client() throws -> APIClient {
        let environment = ProcessInfo.processInfo.environment
        let text = url ?? environment["LAUNCHPAD_URL"] ?? "http://127.0.0.1:8080"
        guard let base = URL(string: text), base.scheme == "http" || base.scheme == "https", base.host != nil else {
            throw ValidationError("--url: expected an http:// or https:// URL, got '\(text)'")
        }
        let key = apiKey ?? environment["LAUNCHPAD_API_KEY"]
        guard let key, !key.isEmpty else {
            throw ValidationError("no API key: give --api-key or set LAUNCHPAD_API_KEY")
        }
        return APIClient(baseURL: base, apiKey: key, timeout: timeout)
    }

    /// Prints an answer: its JSON as the server sent it with `-o json`, else what `table` makes of it.
    func print(_ answer: APIClient.Answer, table: ([String: Any]) -> String) throws {
        if output == .json {
            Console.say(String(decoding: answer.body, as: UTF8.self))
        } else {
            Console.say(table(try answer.object()))
        }
    }
}
