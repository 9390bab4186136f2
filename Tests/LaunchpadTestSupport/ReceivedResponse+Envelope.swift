import Foundation

extension ReceivedResponse {
    /// What is wrong with this response as the API's error envelope with `code`, whoever wrote it
    /// (launchpad, or nginx alone): empty when nothing is. It must be JSON with the code, a message,
    /// a UTC timestamp, and a request id of the form `req-` and 16 hexadecimal digits, the same as
    /// its `X-Request-Id`.
    public func envelopeProblems(code: String) -> [String] {
        let text = String(decoding: body, as: UTF8.self).prefix(300)
        guard header("Content-Type")?.hasPrefix("application/json") == true else { return ["Content-Type \(header("Content-Type") ?? "none"): \(text)"] }
        guard let error = (try? JSONValue.parse(body))?["error"] else { return ["no envelope: \(text)"] }
        var problems: [String] = []
        if error["code"] != .string(code) { problems.append("code \(error["code"].map { "\($0)" } ?? "none"), not \(code)") }
        if case .string(let message)? = error["message"], !message.isEmpty {} else { problems.append("no message") }
        if case .string(let time)? = error["timestamp"], time.hasSuffix("Z") {} else { problems.append("timestamp \(error["timestamp"].map { "\($0)" } ?? "none")") }
        guard case .string(let id)? = error["requestId"] else { return problems + ["no requestId"] }
        if id.range(of: "^req-[0-9a-f]{16}$", options: .regularExpression) == nil { problems.append("requestId \(id)") }
        if header("X-Request-Id") != id { problems.append("X-Request-Id \(header("X-Request-Id") ?? "none") is not \(id)") }
        return problems
    }
}
