/// A parsed HTTP/1.x request: what the agent's endpoints need of it.
struct HTTPRequest: Sendable {
    var method: String
    /// The request target as sent, query included.
    var target: String
    var version: String
    /// Header fields in the order received; names lowercased.
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    /// For a path whose body streams (`HTTPRequestReader.streamedPaths`): the body, to be read as
    /// it arrives; `body` is then empty.
    var bodyStream: RequestBodyStream? = nil

    /// The target without its query string.
    var path: String {
        if let mark = target.firstIndex(of: "?") {
            return String(target[..<mark])
        }
        return target
    }

    /// The values of header `name` (lowercase), in order.
    func values(of name: String) -> [String] {
        headers.filter { $0.name == name }.map(\.value)
    }
}
