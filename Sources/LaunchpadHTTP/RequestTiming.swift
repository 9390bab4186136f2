/// Runs the rest of the chain and reports the status and duration, whether it answered or threw:
/// the one place the access log and the metrics learn how a request ended. Route groups render
/// their errors before this sees them (a store error sent as 507 arrives as a 507 response), so
/// only an error of the outer middleware itself is thrown here: an `HTTPError` counts with its
/// status, anything else as 500.
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
            status = (error as? HTTPError)?.status ?? 500
            throw error
        }
    }
}
