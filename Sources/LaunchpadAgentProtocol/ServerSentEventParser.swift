/// Reads Server-Sent Events from bytes as they arrive: `event:` and `data:` lines, an empty line
/// ending each event. Comments (`:`) and other fields are skipped; a `data` spread over several
/// lines is joined with newlines, as the format says.
public struct ServerSentEventParser: Sendable {
    /// One complete event.
    public struct Event: Sendable, Equatable {
        public var name: String
        public var data: String
    }

    /// The most bytes a line may hold before the stream is refused as garbage.
    public static let maxLineBytes = 1 << 20

    private var line: [UInt8] = []
    private var name = ""
    private var data: [String] = []
    private var hasData = false

    public init() {}

    /// The events `bytes` complete. Throws `ParseFailure` on a line longer than `maxLineBytes`.
    public mutating func feed(_ bytes: some Sequence<UInt8>) throws(ParseFailure) -> [Event] {
        var events: [Event] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                if let event = take(String(decoding: line, as: UTF8.self)) { events.append(event) }
                line.removeAll(keepingCapacity: true)
            } else {
                line.append(byte)
                guard line.count <= Self.maxLineBytes else { throw ParseFailure() }
            }
        }
        return events
    }

    /// A line longer than the parser accepts.
    public struct ParseFailure: Error, Sendable {}

    private mutating func take(_ text: String) -> Event? {
        guard !text.isEmpty else {
            defer { (name, data, hasData) = ("", [], false) }
            return hasData ? Event(name: name.isEmpty ? "message" : name, data: data.joined(separator: "\n")) : nil
        }
        guard !text.hasPrefix(":") else { return nil }
        let field: Substring
        var value: Substring
        if let colon = text.firstIndex(of: ":") {
            field = text[..<colon]
            value = text[text.index(after: colon)...]
            if value.first == " " { value = value.dropFirst() }
        } else {
            (field, value) = (Substring(text), "")
        }
        switch field {
        case "event": name = String(value)
        case "data":
            data.append(String(value))
            hasData = true
        default: break
        }
        return nil
    }
}
