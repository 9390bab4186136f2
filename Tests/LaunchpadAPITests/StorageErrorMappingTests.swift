import Foundation
@testable import LaunchpadAPI
import LaunchpadCore
import LaunchpadDomain
import LaunchpadHTTP
import LaunchpadStore
import Testing

/// Which store failures reach the client as `INSUFFICIENT_STORAGE` (507), and which stay internal.
struct StorageErrorMappingTests {
    @Test(arguments: [(ENOSPC, "is full"), (EDQUOT, "is full"), (EROFS, "is read-only"), (EIO, "I/O error"), (StoreError.mapFull.code, "map")])
    func aDataDirectoryThatCannotBeWrittenIs507(code: Int32, phrase: String) throws {
        let response = ErrorEnvelope.response(for: StoreError(code: code, operation: "mdb_txn_commit"), requestId: "req-0000000000000001")
        #expect(response.status == 507)
        let envelope = try JSONDecoder().decode([String: [String: String]].self, from: Data(response.bodyBytes))
        #expect(envelope["error"]?["code"] == "INSUFFICIENT_STORAGE")
        #expect(envelope["error"]?["message"]?.contains(phrase) == true, "\(envelope)")
    }

    @Test func otherStoreFailuresStayInternal() {
        for error in [StoreError.notFound, .corrupted, .readersFull, StoreError(code: EINVAL, operation: "x")] {
            #expect(error.domainError == nil)
            #expect(ErrorEnvelope.response(for: error, requestId: "req-0000000000000001").status == 500)
        }
    }
}

/// The access log and the metrics count a request with the status the client got.
struct RecordedStatusTests {
    private func exposition(after error: any Error) -> (status: Int, metrics: String) {
        var group = RouteGroup(prefix: "/api", renderer: ErrorEnvelope.Renderer(), authentication: nil)
        group.post("/api/agents") { _ in throw error }
        let metrics = RequestMetrics()
        let responder = Responder(groups: [group], middleware: [MetricsMiddleware(metrics: metrics)])
        let response = responder.respond(to: Request(method: .post, uri: "/api/agents"))
        return (response.status, metrics.exposition())
    }

    @Test func aStoreErrorSentAs507IsCountedAs507() {
        let (status, metrics) = exposition(after: StoreError(code: ENOSPC, operation: "mdb_txn_commit"))
        #expect(status == 507)
        #expect(metrics.contains(#"method="POST",status="507"} 1"#), "\(metrics)")
        #expect(!metrics.contains(#"status="500""#), "\(metrics)")
    }

    @Test func anErrorSentAsInternalIsCountedAs500() {
        let (status, metrics) = exposition(after: StoreError.corrupted)
        #expect(status == 500)
        #expect(metrics.contains(#"method="POST",status="500"} 1"#), "\(metrics)")
    }
}
