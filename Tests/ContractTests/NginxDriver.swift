import LaunchpadTestSupport

/// Sends cases through nginx to a real `launchpad up`.
struct NginxDriver: ContractDriver {
    let client: RawHTTPClient
    let adminKey: String
    let metricsToken: String

    func send(_ request: ContractCase.CaseRequest) throws -> ReceivedResponse {
        var headers = (request.headers ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let body = request.bodyBytes
        if !body.isEmpty, request.body != nil, !headers.contains(where: { $0.0.lowercased() == "content-type" }) {
            headers.append(("Content-Type", "application/json"))
        }
        return try client.send(method: request.method, path: request.path, headers: headers, body: body)
    }
}

extension LaunchpadProcess {
    var driver: NginxDriver { NginxDriver(client: client, adminKey: adminKey, metricsToken: metricsToken) }
}
