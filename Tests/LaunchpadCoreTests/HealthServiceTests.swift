import Foundation
@testable import LaunchpadCore
import LaunchpadStore
import Testing

struct HealthServiceTests {
    private func withDatabase(_ body: (Database) throws -> Void) throws {
        let path = NSTemporaryDirectory() + "launchpad-core-" + UUID().uuidString.prefix(8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let database = try Database(dataDirectory: path)
        defer { database.close() }
        try body(database)
    }

    @Test func reportsTheDatabaseAsMeasured() throws {
        try withDatabase { database in
            let report = HealthService(database: database).report()
            let stats = try database.environment.stats()
            #expect(report.status == .healthy)
            #expect(report.components.database.status == .healthy)
            #expect(report.components.database.mapSize == stats.mapSize)
            #expect(report.components.database.pageSize == stats.pageSize)
            #expect(report.components.database.pagesUsed == stats.pagesUsed)
            #expect(report.components.database.usedBytes == stats.pagesUsed * stats.pageSize)
            #expect(report.components.database.maxConnections == stats.maxReaders)
        }
    }

    @Test func countsReadersHeldOpenAsConnections() throws {
        try withDatabase { database in
            let service = HealthService(database: database)
            let held = try database.environment.read { _ in service.report().components.database.connections }
            // The probe's own read has ended when it counts; the enclosing one is still live.
            #expect(held == 1)
            #expect(service.report().components.database.connections == 0)
        }
    }

    @Test func aFailingReadIsUnhealthy() throws {
        try withDatabase { database in
            let service = HealthService(database: database)
            database.close()
            let report = service.report()
            #expect(report.status == .unhealthy)
            #expect(report.components.database.reason?.contains("read transaction failed") == true)
        }
    }

    @Test func aSlowReadIsDegraded() throws {
        try withDatabase { database in
            let report = HealthService(database: database, slowRead: .zero).report()
            #expect(report.status == .degraded)
            #expect(report.components.database.reason?.hasPrefix("a read transaction took") == true)
        }
    }

    @Test(arguments: [(0, "0.00ms"), (40_000, "0.04ms"), (1_234_567, "1.23ms"), (2_000_000_000, "2000.00ms"), (99_999, "0.10ms")])
    func formatsMilliseconds(_ nanoseconds: Int64, _ text: String) {
        #expect(HealthService.milliseconds(.nanoseconds(nanoseconds)) == text)
    }
}
