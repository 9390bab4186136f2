import Foundation
import LaunchpadCore
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
            #expect(error.apiError == nil)
            #expect(ErrorEnvelope.response(for: error, requestId: "req-0000000000000001").status == 500)
        }
    }
}
