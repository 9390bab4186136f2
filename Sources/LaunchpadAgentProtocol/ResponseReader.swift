import Foundation

/// Reads one HTTP/1.1 response from a replica: the status line and headers, then the body in the
/// pieces it arrives in, whether framed by Content-Length, chunked, or ended by closing.
struct ResponseReader {
    /// The most bytes a head may take.
    static let maxHeadBytes = 16_384

    let connection: any ReplicaConnection
    private var buffered: [UInt8] = []
    private(set) var status = 0
    private(set) var contentType = ""
    private var remaining: Int?
    private var chunked = false
    private var finished = false

    init(connection: any ReplicaConnection) {
        self.connection = connection
    }

    /// Reads the head; `status` and `contentType` are set after it.
    mutating func readHead(before deadline: ContinuousClock.Instant) throws(ReplicaCallFailure) {
        while true {
            if let end = Self.headEnd(in: buffered) {
                let head = String(decoding: buffered[..<end], as: UTF8.self)
                buffered.removeFirst(end + 4)
                try parse(head)
                return
            }
            guard buffered.count <= Self.maxHeadBytes else { throw ReplicaCallFailure(.garbage, "the replica's answer has no HTTP head") }
            let more: [UInt8]
            do {
                more = try connection.receive(before: deadline, waiting: "answer")
            } catch where error.kind == .broken && buffered.isEmpty {
                // Reset before a byte of answer: the replica died as the call came in; it did nothing.
                throw ReplicaCallFailure(.unreachable, "the replica closed the connection without answering")
            }
            guard !more.isEmpty else {
                throw ReplicaCallFailure(buffered.isEmpty ? .unreachable : .garbage, "the replica closed the connection without an HTTP answer")
            }
            buffered += more
        }
    }

    /// The next piece of the body; nil at its end.
    mutating func nextBodyPiece(before deadline: ContinuousClock.Instant) throws(ReplicaCallFailure) -> [UInt8]? {
        guard !finished else { return nil }
        if chunked { return try nextChunk(before: deadline) }
        if let left = remaining, left == 0 {
            finished = true
            return nil
        }
        if buffered.isEmpty {
            let more = try connection.receive(before: deadline, waiting: "reply")
            if more.isEmpty {
                finished = true
                if let left = remaining, left > 0 { throw ReplicaCallFailure(.broken, "the replica closed the connection in the middle of its answer") }
                return nil
            }
            buffered = more
        }
        var piece = buffered
        buffered = []
        if let left = remaining {
            if piece.count > left { piece = Array(piece[..<left]) }
            remaining = left - piece.count
        }
        return piece
    }

    private mutating func nextChunk(before deadline: ContinuousClock.Instant) throws(ReplicaCallFailure) -> [UInt8]? {
        while true {
            if let left = remaining, left > 0 {
                if buffered.isEmpty { try fill(before: deadline) }
                let count = min(left, buffered.count)
                let piece = Array(buffered[..<count])
                buffered.removeFirst(count)
                remaining = left - count
                return piece
            }
            if remaining == 0 {
                // The CRLF after a chunk's data.
                while buffered.count < 2 { try fill(before: deadline) }
                guard buffered[0] == 13, buffered[1] == 10 else { throw ReplicaCallFailure(.garbage, "the replica's chunked answer is malformed") }
                buffered.removeFirst(2)
                remaining = nil
            }
            guard let lineEnd = Self.lineEnd(in: buffered) else {
                guard buffered.count < 1024 else { throw ReplicaCallFailure(.garbage, "the replica's chunked answer is malformed") }
                try fill(before: deadline)
                continue
            }
            let sizeText = String(decoding: buffered[..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size >= 0 else {
                throw ReplicaCallFailure(.garbage, "the replica's chunked answer is malformed")
            }
            buffered.removeFirst(lineEnd + 2)
            if size == 0 {
                finished = true
                return nil
            }
            remaining = size
        }
    }

    private mutating func fill(before deadline: ContinuousClock.Instant) throws(ReplicaCallFailure) {
        let more = try connection.receive(before: deadline, waiting: "reply")
        guard !more.isEmpty else { throw ReplicaCallFailure(.broken, "the replica closed the connection in the middle of its answer") }
        buffered += more
    }

    private mutating func parse(_ head: String) throws(ReplicaCallFailure) {
        let lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
        let statusParts = lines.first?.split(separator: " ") ?? []
        guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/1."), let code = Int(statusParts[1]), (100...599).contains(code) else {
            throw ReplicaCallFailure(.garbage, "the replica's answer is not HTTP/1.1")
        }
        status = code
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch name {
            case "content-length":
                guard let length = Int(value), length >= 0 else { throw ReplicaCallFailure(.garbage, "the replica sent an invalid Content-Length") }
                remaining = length
            case "transfer-encoding": chunked = value.lowercased().contains("chunked")
            case "content-type": contentType = value.lowercased()
            default: break
            }
        }
        if chunked { remaining = nil }
    }

    private static func headEnd(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4) where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }

    private static func lineEnd(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 2 else { return nil }
        for index in 0...(bytes.count - 2) where bytes[index] == 13 && bytes[index + 1] == 10 { return index }
        return nil
    }
}
