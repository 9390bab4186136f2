import LaunchpadHTTP

extension Request {
    /// Whether the caller asked for an asynchronous answer with `Prefer: respond-async` (RFC 7240),
    /// which both pipeline dialects accept beside their body's `"async": true`.
    var prefersRespondAsync: Bool {
        headers.values(of: "Prefer").contains { header in
            header.split(separator: ",").contains { preference in
                preference.split(separator: ";").first.map { $0.filter { $0 != " " && $0 != "\t" }.lowercased() } == "respond-async"
            }
        }
    }
}
