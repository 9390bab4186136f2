/// Runs the rest of the chain and reports the status and duration, whether it answered or threw:
/// the one place the access log and the metrics learn how a request ended. A thrown error counts
/// with the status its envelope will have (`APIError.sent(for:)`), so a store error sent as 507 is
/// not counted as 500.
enum RequestTiming {
    static func measure(_ request: Request, next: (Request) throws -> Response, finished: (_ status: Int, _ elapsed: Duration) -> Void) throws -> Response {
        let start = ContinuousClock.now
        var status = 500
        defer { finished(status, ContinuousClock.now - start) }
        do {
            let response = try next(request)
            status = response.status
            return response
        } catch {
            status = (APIError.sent(for: error) ?? .internalError).status
            throw error
        }
    }
}
