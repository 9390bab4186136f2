import LaunchpadHTTP

// GET /api/health's public answer (no key: what load balancers poll), written field by field
// (`JSONWritable`): the same bytes as its `Encodable` conformance (ReadAnswersJSONTests compares them).

extension HealthSummaryAnswer: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("status", status)
            json.field("timestamp", timestamp)
            json.field("version", version)
        }
    }
}
