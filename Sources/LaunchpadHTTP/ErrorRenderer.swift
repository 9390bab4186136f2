/// Turns a thrown error into a response, in one API dialect's error envelope. Each route group has
/// one; it is the only place its envelope is written.
public protocol ErrorRenderer: Sendable {
    func response(for error: any Error, to request: Request) -> Response
}
