import Foundation
import LaunchpadTestSupport

/// One golden exchange from `fixtures/contract/<area>/<case>.json`.
struct ContractCase: Codable {
    struct CaseRequest: Codable {
        var method: String
        var path: String
        var headers: [String: String]?
        /// A JSON body, sent as written.
        var body: JSONValue?
        /// A raw body, sent byte for byte (malformed JSON, invalid UTF-8 as `\u` escapes are not possible: use `bodyHex`).
        var bodyText: String?
        var bodyHex: String?
        /// A body of `count` copies of `byte`, for size limits.
        var bodyFill: Fill?

        struct Fill: Codable {
            var byte: String
            var count: Int
        }

        var bodyBytes: [UInt8] {
            if let body { return Array(body.description.utf8) }
            if let bodyText { return Array(bodyText.utf8) }
            if let bodyHex {
                var bytes: [UInt8] = []
                var index = bodyHex.startIndex
                while index < bodyHex.endIndex {
                    let next = bodyHex.index(index, offsetBy: 2)
                    bytes.append(UInt8(bodyHex[index..<next], radix: 16)!)
                    index = next
                }
                return bytes
            }
            if let bodyFill { return [UInt8](repeating: bodyFill.byte.utf8.first!, count: bodyFill.count) }
            return []
        }
    }

    struct CaseResponse: Codable {
        var status: Int
        /// Headers that must be present with these values (placeholders allowed); others are ignored.
        var headers: [String: String]?
        /// The whole body; nil when the case does not check it.
        var body: JSONValue?
        /// The whole body as text, for an answer that is not JSON.
        var bodyText: String?
    }

    struct Exchange: Codable {
        var request: CaseRequest
        var response: CaseResponse
        /// How many times to send it (setup only; each answer is checked).
        var `repeat`: Int?
        /// Send it again (every 100 ms) until the answer's body has `field` (a dotted path) equal to
        /// `equals`, for at most `timeoutSeconds` (setup only): waiting for the controller.
        var until: Until?
    }

    struct Until: Codable {
        var field: String
        var equals: JSONValue
        var timeoutSeconds: Double?
        /// Between two tries (0.1 s unless given): slower for a route whose key allows 20 a minute.
        var intervalSeconds: Double?
    }

    var description: String
    /// Earlier exchanges this case depends on, run in order; their responses are checked too, and bind placeholders.
    var setup: [Exchange]?
    var request: CaseRequest
    var response: CaseResponse

    /// Where the case was read from, relative to `fixtures/contract`.
    var name: String = ""

    enum CodingKeys: String, CodingKey {
        case description, setup, request, response
    }

    var exchanges: [Exchange] {
        (setup ?? []).flatMap { Array(repeating: $0, count: max(1, $0.repeat ?? 1)) } + [Exchange(request: request, response: response)]
    }

    /// Every case under `fixtures/contract`, sorted by name.
    static func loadAll() throws -> [ContractCase] {
        let root = RepositoryPaths.contractFixtures
        let enumerator = FileManager.default.enumerator(atPath: root)
        var cases: [ContractCase] = []
        while let relative = enumerator?.nextObject() as? String {
            guard relative.hasSuffix(".json") else { continue }
            let data = try Data(contentsOf: URL(fileURLWithPath: (root as NSString).appendingPathComponent(relative)))
            var contractCase = try JSONDecoder().decode(ContractCase.self, from: data)
            contractCase.name = relative
            cases.append(contractCase)
        }
        return cases.sorted { $0.name < $1.name }
    }
}

/// Something that can send a case's request: the in-process router or nginx on loopback.
protocol ContractDriver {
    /// An ADMIN key of the server behind the driver, bound as `<apiKey:admin>` in every case.
    var adminKey: String { get }
    /// The server's `GET /metrics` token, bound as `<string:metricsToken>` in every case.
    var metricsToken: String { get }
    func send(_ request: ContractCase.CaseRequest) throws -> ReceivedResponse
}

extension ContractCase.CaseRequest {
    /// The request with bound placeholders (`<apiKey:user>`, `<keyId:k>`) replaced by their values,
    /// in the path, the headers and the JSON body's strings.
    func substituting(_ bindings: [String: JSONValue]) -> ContractCase.CaseRequest {
        var copy = self
        for (key, value) in bindings {
            guard case .string(let text) = value else { continue }
            copy.path = copy.path.replacingOccurrences(of: "<\(key)>", with: text)
            copy.headers = copy.headers?.mapValues { $0.replacingOccurrences(of: "<\(key)>", with: text) }
        }
        copy.body = body.map { Self.substitute($0, bindings) }
        return copy
    }

    private static func substitute(_ value: JSONValue, _ bindings: [String: JSONValue]) -> JSONValue {
        switch value {
        case .string(let text):
            if let placeholder = Placeholder(text), let name = placeholder.name, let bound = bindings["\(placeholder.kind):\(name)"] {
                return bound
            }
            return value
        case .array(let items): return .array(items.map { substitute($0, bindings) })
        case .object(let fields): return .object(fields.mapValues { substitute($0, bindings) })
        default: return value
        }
    }
}
