import Foundation

/// `POST /echo` and `GET /echo`: an upload counted as it arrives, so that a test can see a body
/// reach the agent while it is still being sent (the agent's url streams request bodies).
///
/// `POST /echo` reads its body piece by piece (`Content-Length` or chunked) and answers
/// `{"bytes": N}` once it has all of it. `GET /echo` answers `{"uploads": U, "receiving": B}`: how
/// many `POST /echo` bodies are being read right now, and how many of their bytes have arrived.
final class EchoUploads: @unchecked Sendable {
    private let lock = NSLock()
    // Guarded by `lock`.
    private var uploads = 0
    private var receiving = 0

    /// Reads `request`'s body to its end, counting it; the answer.
    func receive(_ request: HTTPRequest) -> HTTPResponse {
        guard var body = request.bodyStream else { return HTTPResponse(status: 200, body: #"{"bytes":\#(request.body.count)}"#) }
        lock.withLock { uploads += 1 }
        var total = 0
        defer {
            lock.withLock {
                uploads -= 1
                receiving -= total
            }
        }
        while true {
            switch body.next() {
            case .data(let piece):
                total += piece.count
                lock.withLock { receiving += piece.count }
            case .end:
                return HTTPResponse(status: 200, body: #"{"bytes":\#(total)}"#)
            case .failed(let status, let message):
                return .error(status, message)
            }
        }
    }

    /// `{"uploads", "receiving"}` now.
    func progress() -> HTTPResponse {
        let (uploads, receiving) = lock.withLock { (self.uploads, self.receiving) }
        return HTTPResponse(status: 200, body: #"{"uploads":\#(uploads),"receiving":\#(receiving)}"#)
    }
}
