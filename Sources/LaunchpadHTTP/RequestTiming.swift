/// Runs the rest of the chain and reports the status and duration, whether it answered or threw:
/// the one place the access log and the metrics learn how a request ended.
enum RequestTiming {
    static func measure(_ request: Request, next: (Request) throws -> Response, finished: (_ status: Int, _ elapsed: Duration) -> Void) throws -> Response {
        let start = ContinuousClock.now
        var status = 500
        defer { finished(status, ContinuousClock.now - start) }
        do {
            let response = try next(request)
            status = response.status
            return response
        } catch let error as APIError {
            status = error.status
            throw error
        }
    }
}
