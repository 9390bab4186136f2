import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A small HTTP client for the Launchpad API, for the CLI's client commands: the key on every
/// request, JSON bodies, and error answers turned into `APIClientError`. URLSession, driven
/// synchronously (a command does one thing at a time).
struct APIClient: Sendable {
    let baseURL: URL
    let apiKey: String?
    let timeout: TimeInterval

    /// An answer below 400.
    struct Answer {
        let status: Int
        let headers: [String: String]
        let body: Data

        /// The body as a JSON object.
        func object() throws -> [String: Any] {
            guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
                throw APIClientError(code: "BAD_ANSWER", message: "the server's answer is not a JSON object", status: status, requestId: headers["x-request-id"])
            }
            return object
        }
    }

    func get(_ path: String, query: [URLQueryItem] = []) throws -> Answer {
        try send("GET", path, query: query)
    }

    func send(_ method: String, _ path: String, query: [URLQueryItem] = [], body: Data? = nil) throws -> Answer {
        let request = try makeRequest(method, path, query: query, body: body)
        let result = Blocking<(Data?, URLResponse?, Error?)>()
        let session = URLSession(configuration: .ephemeral)
        defer { session.finishTasksAndInvalidate() }
        session.dataTask(with: request) { data, response, error in result.put((data, response, error)) }.resume()
        let (data, response, error) = result.take()
        guard let http = response as? HTTPURLResponse else {
            throw APIClientError.unreachable(baseURL, error)
        }
        let answer = Answer(status: http.statusCode, headers: Self.headers(of: http), body: data ?? Data())
        guard answer.status < 400 else { throw APIClientError(answer: answer) }
        return answer
    }

    /// Reads a `text/event-stream` answer, handing each complete line (without its ending) to
    /// `line`, until the server closes it or `line` returns false. Plain http goes over a socket of
    /// its own (`PlainHTTPStream`); https through URLSession.
    func stream(_ path: String, query: [URLQueryItem], headers: [String: String] = [:], line: @escaping @Sendable (String) -> Bool) throws {
        var request = try makeRequest("GET", path, query: query, body: nil)
        request.setValue("text/event-stream", forHTTPHeaderField: "Accept")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let idle = max(timeout, 30)  // the server sends a keep-alive every second
        if let url = request.url, url.scheme == "http" {
            return try PlainHTTPStream(url: url, headers: request.allHTTPHeaderFields ?? [:], idleTimeout: idle).read(line: line)
        }
        request.timeoutInterval = idle
        let reader = StreamReader(line: line)
        let session = URLSession(configuration: .ephemeral, delegate: reader, delegateQueue: nil)
        defer { session.invalidateAndCancel() }
        let task = session.dataTask(with: request)
        task.resume()
        let outcome = reader.done.take()
        task.cancel()
        switch outcome {
        case .finished: return
        case .failed(let error): throw error
        }
    }

    private func makeRequest(_ method: String, _ path: String, query: [URLQueryItem], body: Data?) throws -> URLRequest {
        guard var components = URLComponents(url: baseURL.appendingPathComponent(path), resolvingAgainstBaseURL: false) else {
            throw APIClientError(code: "BAD_URL", message: "cannot make a URL of \(baseURL) and \(path)")
        }
        if !query.isEmpty { components.queryItems = query }
        guard let url = components.url else { throw APIClientError(code: "BAD_URL", message: "cannot make a URL of \(baseURL) and \(path)") }
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = method
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let apiKey { request.setValue(apiKey, forHTTPHeaderField: "X-API-Key") }
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        return request
    }

    static func headers(of response: HTTPURLResponse) -> [String: String] {
        var headers: [String: String] = [:]
        for (name, value) in response.allHeaderFields {
            if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
        }
        return headers
    }

    /// The path segment of an id, escaped.
    static func segment(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? id
    }
}

/// One value handed from URLSession's queue to the waiting command.
final class Blocking<Value>: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Value?

    func put(_ value: Value) {
        condition.lock()
        if self.value == nil { self.value = value }
        condition.signal()
        condition.unlock()
    }

    func take() -> Value {
        condition.lock()
        defer { condition.unlock() }
        while value == nil { condition.wait() }
        return value!
    }
}
