/// A step around every request: it may answer, change the request, or decorate the response.
public protocol Middleware: Sendable {
    func handle(_ request: Request, next: (Request) throws -> Response) throws -> Response
}
