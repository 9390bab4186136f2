import Foundation
import LaunchpadTestSupport

/// Runs golden cases against a driver, and rewrites them from what it received when `LAUNCHPAD_RECORD=1`.
struct ContractRunner {
    let driver: any ContractDriver

    /// The mismatches of one case; empty when it passes.
    func run(_ contractCase: ContractCase) throws -> [String] {
        var matcher = startingMatcher()
        for (index, exchange) in contractCase.exchanges.enumerated() {
            let label = index == contractCase.exchanges.count - 1 ? "" : "setup[\(index)] "
            let received = try send(exchange, bindings: matcher.bindings)
            check(exchange.response, received, label: label, matcher: &matcher)
        }
        return matcher.mismatches
    }

    /// A matcher with what every case starts with bound: the ADMIN key and the metrics token.
    private func startingMatcher() -> ContractMatcher {
        var matcher = ContractMatcher()
        matcher.bindings["apiKey:admin"] = .string(driver.adminKey)
        matcher.bindings["string:metricsToken"] = .string(driver.metricsToken)
        return matcher
    }

    /// Sends an exchange's request, again and again while its `until` condition does not hold yet.
    func send(_ exchange: ContractCase.Exchange, bindings: [String: JSONValue]) throws -> ReceivedResponse {
        let request = exchange.request.substituting(bindings)
        var received = try driver.send(request)
        guard let until = exchange.until else { return received }
        let deadline = Date().addingTimeInterval(until.timeoutSeconds ?? 20)
        while Self.value(at: until.field, in: received.body) != until.equals && Date() < deadline {
            usleep(useconds_t((until.intervalSeconds ?? 0.1) * 1_000_000))
            received = try driver.send(request)
        }
        return received
    }

    static func value(at path: String, in body: [UInt8]) -> JSONValue? {
        guard var value = try? JSONValue.parse(body) else { return nil }
        for part in path.split(separator: ".") {
            guard case .object(let fields) = value, let next = fields[String(part)] else { return nil }
            value = next
        }
        return value
    }

    func check(_ expected: ContractCase.CaseResponse, _ received: ReceivedResponse, label: String, matcher: inout ContractMatcher) {
        let before = matcher.mismatches.count
        if expected.status != received.status {
            matcher.note("\(label)status: expected \(expected.status), got \(received.status)")
        }
        for (name, value) in (expected.headers ?? [:]).sorted(by: { $0.key < $1.key }) {
            matcher.matchHeader(name, expected: value, actual: received.header(name))
        }
        if let text = expected.bodyText, text != String(decoding: received.body, as: UTF8.self) {
            matcher.note("\(label)body: expected \(text.debugDescription), got \(String(decoding: received.body, as: UTF8.self).prefix(200).debugDescription)")
        }
        if let body = expected.body {
            do {
                matcher.match(expected: body, actual: try JSONValue.parse(received.body), at: "\(label)body")
            } catch {
                matcher.note("\(label)body: not JSON: \(String(decoding: received.body, as: UTF8.self).prefix(200))")
            }
        }
        if matcher.mismatches.count > before {
            matcher.note("\(label)received: \(received.status) \(String(decoding: received.body, as: UTF8.self).prefix(600))")
        }
    }

    /// Rewrites the case file with the received status and body, keeping placeholders that still match.
    func record(_ contractCase: ContractCase) throws {
        var updated = contractCase
        var matcher = startingMatcher()
        for exchange in contractCase.exchanges.dropLast() {
            let received = try send(exchange, bindings: matcher.bindings)
            check(exchange.response, received, label: "", matcher: &matcher)
        }
        let received = try driver.send(contractCase.request.substituting(matcher.bindings))
        updated.response.status = received.status
        if let actual = try? JSONValue.parse(received.body) {
            updated.response.body = Self.merge(expected: contractCase.response.body, actual: actual)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let path = (RepositoryPaths.contractFixtures as NSString).appendingPathComponent(contractCase.name)
        try (encoder.encode(updated) + Data("\n".utf8)).write(to: URL(fileURLWithPath: path))
    }

    static func merge(expected: JSONValue?, actual: JSONValue) -> JSONValue {
        switch (expected, actual) {
        case (.string(let text)?, _) where Placeholder(text)?.accepts(actual) == true:
            return .string(text)
        case (.object(let expectedFields)?, .object(let actualFields)):
            var merged: [String: JSONValue] = [:]
            for (key, value) in actualFields {
                merged[key] = merge(expected: expectedFields[key], actual: value)
            }
            return .object(merged)
        case (.array(let expectedItems)?, .array(let actualItems)) where expectedItems.count == actualItems.count:
            return .array(zip(expectedItems, actualItems).map { merge(expected: $0, actual: $1) })
        default:
            return actual
        }
    }
}
