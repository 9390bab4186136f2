import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The delegate of a streamed https answer: checks its status, splits its bytes into lines as they
/// come and hands each to `line`; `done` gets the outcome.
final class StreamReader: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    enum Outcome { case finished, failed(Error) }

    let done = Blocking<Outcome>()
    private let line: @Sendable (String) -> Bool
    private var lines = LineSplitter()
    private var errorBody = Data()
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
        guard status < 400 else { return errorBody.append(data) }
        guard !stopped else { return }
        for each in lines.feed(data) where !line(each) {
            stopped = true
            done.put(.finished)
            return
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        if status >= 400 {
            done.put(.failed(APIClientError(answer: APIClient.Answer(status: status, headers: headers, body: errorBody))))
        } else if let error, !stopped {
            done.put(.failed(APIClientError.unreachable(task.originalRequest?.url, error)))
        } else {
            done.put(.finished)
        }
    }
}
