/// Checks what every request carries before routing, as one place for all handlers: the query
/// string's escapes (400), the body's size limit (413), a declared length the body did not match (400),
/// a JSON `Content-Type` (415), UTF-8 and JSON syntax (400).
public struct RequestValidationMiddleware: Middleware {
    public let limit: Int

    public init(limit: Int) {
        self.limit = limit
    }

    public func handle(_ request: Request, next: (Request) throws -> Response) throws -> Response {
        try QueryParameters.validate(request.rawQuery)
        if let declared = request.declaredBodyLength, declared > limit {
            throw HTTPError.payloadTooLarge(limit: limit)
        }
        guard request.body.count <= limit else { throw HTTPError.payloadTooLarge(limit: limit) }
        if let declared = request.declaredBodyLength, declared != request.body.count {
            throw HTTPError.validation(field: "Content-Length", "declares \(declared) bytes but the body has \(request.body.count)")
        }
        if !request.body.isEmpty {
            guard let contentType = request.headers["Content-Type"] else {
                throw HTTPError(.unsupportedMediaType, "A request body needs 'Content-Type: application/json'", field: "Content-Type")
            }
            let mediaType = contentType.split(separator: ";").first?.trimmingSpaces.lowercased() ?? ""
            guard mediaType == "application/json" else {
                throw HTTPError(.unsupportedMediaType, "Content-Type '\(contentType)' is not supported; send application/json", field: "Content-Type")
            }
            try JSON.validateSyntax(request.body)
        }
        return try next(request)
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while text.first == " " || text.first == "\t" { text.removeFirst() }
        while text.last == " " || text.last == "\t" { text.removeLast() }
        return text
    }
}
