/// The headers every answer of the API carries (seed 002's list): `X-Content-Type-Options`,
/// `X-Frame-Options`, `Referrer-Policy`, a `Content-Security-Policy` that lets an API answer load
/// nothing, and `Cache-Control: no-store` on an answer to a caller that presented a key (unless the
/// route set its own, as a stream does). A header the answer already has stays as it is: the web
/// console's pages set a policy of their own that lets them load their scripts and styles. HSTS is
/// nginx's, where TLS is on.
///
/// The `Responder` adds them to whatever it answers, nginx's refusals and errors included, in one
/// pass over the answer's headers: a middleware that looked each one up and set it cost the read
/// path a visible share.
public struct SecurityHeaders: Sendable {
    public static let fields: [(name: String, value: String)] = [
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "no-referrer"),
        ("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"),
    ]
    private static let noStore = (name: "Cache-Control", value: "no-store")
    /// How many headers `apply` adds at most.
    static let maximumAdded = fields.count + 1

    public init() {}

    /// Adds the fields `response` does not have yet, and `Cache-Control: no-store` when `request`
    /// presented a key (`X-API-Key` or `Authorization`) and the answer sets no caching of its own.
    public func apply(to response: inout Response, for request: Request) {
        let presentedKey = request.headers.contains { HTTPHeaders.same($0.name, "X-API-Key") || HTTPHeaders.same($0.name, "Authorization") }
        // Bit i: `fields[i]` is present; the bit after them: Cache-Control is.
        var present = 0
        for field in response.headers {
            for (index, candidate) in Self.fields.enumerated() where HTTPHeaders.same(field.name, candidate.name) { present |= 1 << index }
            if HTTPHeaders.same(field.name, Self.noStore.name) { present |= 1 << Self.fields.count }
        }
        for (index, field) in Self.fields.enumerated() where present & (1 << index) == 0 { response.headers.add(field.name, field.value) }
        if presentedKey, present & (1 << Self.fields.count) == 0 { response.headers.add(Self.noStore.name, Self.noStore.value) }
    }
}
