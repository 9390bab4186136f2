@testable import LaunchpadCore
import LaunchpadDomain
import Testing

/// The places of long answers: the server's limit over everyone, each user's share under it,
/// and places given back when a slot is released.
struct SlotsTests {
    @Test func aUserStopsAtTheirShareWhileOthersStillGetPlaces() throws {
        let slots = Slots(limit: 3, limitPerUser: 2, what: "streams")
        let first = try slots.take(for: "user-a")
        var second: Slot? = try slots.take(for: "user-a")
        #expect(throws: DomainError.self) { try slots.take(for: "user-a") }
        #expect(refusal { try slots.take(for: "user-a") }?.code == .limitExceeded)
        // Another user still has a place, and then the server is full for everyone.
        let other = try slots.take(for: "user-b")
        #expect(refusal { try slots.take(for: "user-c") }?.code == .unavailable)
        #expect(slots.counts.open == 3)
        #expect(slots.counts.refused == 3)

        // A released slot gives its place back to the server and to its user.
        second = nil
        #expect(slots.counts.open == 2)
        let again = try slots.take(for: "user-a")
        withExtendedLifetime((first, second, other, again)) {}
    }

    private func refusal(_ body: () throws -> Slot) -> DomainError? {
        do {
            _ = try body()
            return nil
        } catch let error as DomainError {
            return error
        } catch {
            return nil
        }
    }
}
