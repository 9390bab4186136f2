/// A request refused while reading or routing it, with the response that says why.
struct HTTPRejection: Error {
    let response: HTTPResponse

    init(_ status: Int, _ message: String) {
        response = .error(status, message)
    }
}
