/// Server-Sent Events, line by line (the WHATWG rules the API's streams need): feed each line
/// without its ending; a blank line that ends an event gives it back.
struct ServerSentEventDecoder {
    struct Event {
        /// `message` when the event named none.
        let name: String
        let data: String
        let id: String?
        let retry: Int?
    }

    private var name = ""
    private var data: [String] = []
    private var id: String?
    private var retry: Int?

    mutating func feed(_ line: String) -> Event? {
        guard !line.isEmpty else {
            defer { self = ServerSentEventDecoder() }
            guard !data.isEmpty || !name.isEmpty || retry != nil else { return nil }
            return Event(name: name.isEmpty ? "message" : name, data: data.joined(separator: "\n"), id: id, retry: retry)
        }
        if line.hasPrefix(":") { return nil }
        let parts = line.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        var value = parts.count > 1 ? String(parts[1]) : ""
        if value.hasPrefix(" ") { value.removeFirst() }
        switch parts[0] {
        case "id": id = value
        case "event": name = value
        case "data": data.append(value)
        case "retry": retry = Int(value)
        default: break
        }
        return nil
    }
}
