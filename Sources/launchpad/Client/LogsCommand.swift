#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Foundation

/// `launchpad logs AGENT [-f] [--tail N]`: an agent's log lines from a running server; with `-f`,
/// followed as they are written (reopened with Last-Event-ID when the stream ends or drops).
struct LogsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "logs", abstract: "Print an agent's log lines; -f follows them.")

    @OptionGroup var options: ClientOptions
    @Argument(help: "The agent's id.") var agent: String
    @Flag(name: .shortAndLong, help: "Follow: print new lines as they are written, until interrupted.") var follow = false
    @Option(help: "How many of the last lines (1 to 10000).") var tail: Int = 100
    @Option(help: "Only lines since this ISO 8601 time or age (30m, 1h).") var since: String?

    func run() throws {
        let client = try options.client()
        let printer = LogLinePrinter(json: options.output == .json, colour: isatty(STDOUT_FILENO) == 1)
        var query = [URLQueryItem(name: "lines", value: String(tail))]
        if let since { query.append(URLQueryItem(name: "since", value: since)) }
        let path = "/api/agents/\(APIClient.segment(agent))/logs"
        guard follow else {
            let page = try client.get(path, query: query).object()
            for entry in page["logs"] as? [[String: Any]] ?? [] { printer.print(entry) }
            return
        }
        query.append(URLQueryItem(name: "follow", value: "true"))
        Self.acceptStopSignals()
        let reader = LogEventReader(printer: printer)
        var drops = 0
        while true {
            let headers = reader.lastEventId.map { ["Last-Event-ID": $0] } ?? [:]
            let before = reader.delivered
            do {
                try client.stream(path, query: query, headers: headers) { reader.read(line: $0) }
            } catch let error as APIClientError where error.code == "CONNECTION_ERROR" {
                drops = reader.delivered > before ? 1 : drops + 1
                guard drops <= 5 else { throw error }
                usleep(useconds_t(min(250_000 << (drops - 1), 5_000_000)))
                continue
            }
            if let failure = reader.failure { throw failure }
            // The server ended the stream (its lifetime) or it closed: resume after the last line.
            usleep(useconds_t(reader.takeRetryMilliseconds() * 1000))
        }
    }
}

extension LogsCommand {
    /// SIGINT and SIGTERM end `logs -f` even when the process that started it had them blocked
    /// (a blocked mask is inherited).
    static func acceptStopSignals() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }
}

/// Server-Sent Events of a followed log, line by line: each `data` printed, the last `id` kept, an
/// `error` event kept as the failure, an `end` event's `retry` kept for the reconnection.
final class LogEventReader: @unchecked Sendable {
    private let printer: LogLinePrinter
    private var id: String?
    private var event = ""
    private var data: [String] = []
    private var retry: Int?
    private(set) var lastEventId: String?
    private(set) var delivered = 0
    private(set) var failure: APIClientError?

    init(printer: LogLinePrinter) {
        self.printer = printer
    }

    /// False ends the stream (after an `error` event).
    func read(line: String) -> Bool {
        guard !line.isEmpty else { return dispatch() }
        if line.hasPrefix(":") { return true }
        let parts = line.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        var value = parts.count > 1 ? String(parts[1]) : ""
        if value.hasPrefix(" ") { value.removeFirst() }
        switch parts[0] {
        case "id": id = value
        case "event": event = value
        case "data": data.append(value)
        case "retry": retry = Int(value)
        default: break
        }
        return true
    }

    func takeRetryMilliseconds() -> Int {
        defer { retry = nil }
        return retry ?? 1000
    }

    private func dispatch() -> Bool {
        defer { id = nil; event = ""; data = [] }
        let text = data.joined(separator: "\n")
        switch event {
        case "", "message":
            guard !data.isEmpty else { return true }
            if let id { lastEventId = id }
            if let entry = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] {
                printer.print(entry)
                delivered += 1
            }
        case "error":
            let body = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
            failure = APIClientError(code: body?["code"] as? String ?? "STREAM_ERROR", message: body?["message"] as? String ?? text)
            return false
        default:
            break
        }
        return true
    }
}

/// A log entry as a line: `time LEVEL pod message`, the level coloured on a terminal; or with
/// `-o json`, the entry as one line of JSON.
struct LogLinePrinter: Sendable {
    let json: Bool
    let colour: Bool

    func print(_ entry: [String: Any]) {
        if json {
            if let data = try? JSONSerialization.data(withJSONObject: entry, options: [.sortedKeys]) {
                Console.say(String(decoding: data, as: UTF8.self))
            }
            return
        }
        let level = cell(entry["level"])
        let padded = level.padding(toLength: 5, withPad: " ", startingAt: 0)
        let shown = colour ? Self.colourCode(level).map { "\u{1B}[\($0)m\(padded)\u{1B}[0m" } ?? padded : padded
        Console.say("\(cell(entry["timestamp"])) \(shown) \(cell(entry["pod"])) \(cell(entry["message"]))")
    }

    static func colourCode(_ level: String) -> String? {
        switch level.uppercased() {
        case "ERROR", "FATAL", "CRITICAL": "31"
        case "WARN", "WARNING": "33"
        case "INFO": "32"
        case "DEBUG", "TRACE": "90"
        default: nil
        }
    }
}
