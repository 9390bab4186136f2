import LaunchpadHTTP

/// The input is a query string. Parsing never traps: it refuses only with a bad request naming
/// `query` or `query.<name>`; it keeps one pair per non-empty `&` part; the pairs, percent-encoded
/// again, parse back to the same pairs; `int` and `bool` give a value in range or a bad request.
enum QueryParameterProperties {
    static func check(_ input: [UInt8]) throws(FuzzFailure) {
        let query = String(decoding: input, as: UTF8.self)
        let parameters: QueryParameters
        do {
            parameters = try QueryParameters(parsing: query[...])
        } catch {
            try require(error.kind == .badRequest && (error.field ?? "").hasPrefix("query"), "parsing '\(query)' threw \(error.kind) naming '\(error.field ?? "")'")
            return
        }
        let parts = query.split(separator: "&").count
        try require(parameters.pairs.count == parts, "'\(query)' has \(parts) parts but parsed to \(parameters.pairs.count) pairs")

        let encoded = parameters.pairs.map { encode($0.name) + "=" + encode($0.value) }.joined(separator: "&")
        switch Result(catching: { () throws(HTTPError) in try QueryParameters(parsing: encoded[...]) }) {
        case .success(let reparsed):
            try require(reparsed == parameters, "'\(query)' re-encoded as '\(encoded)' parsed to other pairs")
        case .failure(let error):
            throw FuzzFailure("'\(query)' re-encoded as '\(encoded)' does not parse: \(error.message)")
        }

        switch Result(catching: { () throws(HTTPError) in try parameters.int("limit", default: 20, in: 1...100) }) {
        case .success(let limit):
            try require((1...100).contains(limit), "int('limit') gave \(limit), outside 1...100")
        case .failure(let error):
            try require(error.kind == .badRequest && error.field == "query.limit", "int('limit') threw \(error.kind) naming '\(error.field ?? "")'")
        }
        do {
            _ = try parameters.bool("follow", default: false)
        } catch {
            try require(error.kind == .badRequest && error.field == "query.follow", "bool('follow') threw \(error.kind) naming '\(error.field ?? "")'")
        }
    }

    /// Every byte outside RFC 3986's unreserved set as `%XX`.
    static func encode(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                result += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]], as: UTF8.self)
            }
        }
        return result
    }
}
