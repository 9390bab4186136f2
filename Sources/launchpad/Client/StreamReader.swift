import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The delegate of a streamed answer: checks its status, splits its bytes into lines as they come
/// and hands each to `line`; `done` gets the outcome.
final class StreamReader: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    enum Outcome { case finished, failed(Error) }

    let done = Blocking<Outcome>()
    private let line: @Sendable (String) -> Bool
    private var pending = Data()
    private var status = 0
    private var headers: [String: String] = [:]
    private var stopped = false

    init(line: @escaping @Sendable (String) -> Bool) {
        self.line = line
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse, completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        let http = response as? HTTPURLResponse
        status = http?.statusCode ?? 0
        headers = http.map(APIClient.headers(of:)) ?? [:]
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        pending.append(data)
        guard status < 400, !stopped else { return }
        while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
            var lineBytes = pending[pending.startIndex..<newline]
            if lineBytes.last == UInt8(ascii: "\r") { lineBytes = lineBytes.dropLast() }
            pending.removeSubrange(pending.startIndex...newline)
            if !line(String(decoding: lineBytes, as: UTF8.self)) {
                stopped = true
                done.put(.finished)
                return
            }
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        if status >= 400 {
            done.put(.failed(APIClientError(answer: APIClient.Answer(status: status, headers: headers, body: pending))))
        } else if let error, !stopped {
            done.put(.failed(APIClientError.unreachable(task.originalRequest?.url, error)))
        } else {
            done.put(.finished)
        }
    }
}
