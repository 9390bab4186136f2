#if canImport(Glibc)
import Glibc
#endif
import Foundation
@testable import LaunchpadFastCGI
import Testing

/// A stream's thread leaves the accept pool, so that streams open at once do not stop the server
/// answering; it serves its own connection until that closes; a stop cuts streams after the drain.
@Suite(.serialized) struct FastCGIStreamTests {
    typealias Fixture = FastCGITransportTests.Fixture
    typealias Transport = FastCGITransportTests.Transport

    /// Starts `count` `/hold` requests (or `method path`), each on a thread of its own; `replies`
    /// collects their bodies.
    static func holdStreams(_ fixture: Fixture, count: Int, replies: Replies, _ method: String = "GET", _ path: String = "/hold") {
        for _ in 0..<count {
            replies.started()
            Thread.detachNewThread {
                let reply = try? fixture.client.send(params: FastCGITransportTests.params(method, path))
                replies.add(reply.map { String(decoding: $0.body, as: UTF8.self) } ?? "failed")
            }
        }
    }

    /// Waits up to `seconds` for `condition`.
    static func eventually(_ seconds: Double = 5, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition() {
            if Date() > deadline { return false }
            usleep(5_000)
        }
        return true
    }

    @Test(arguments: Transport.allCases) func streamsOpenAtOnceLeaveThePoolAnswering(_ transport: Transport) throws {
        let fixture = try Fixture(transport, threads: 2)
        let replies = Replies()
        Self.holdStreams(fixture, count: 6, replies: replies)
        // Three times the pool is streaming; without the hand-off the next request would wait for the gate.
        #expect(Self.eventually { fixture.server.streamThreads == 6 && fixture.server.inFlight == 6 })
        let start = Date()
        #expect(try fixture.client.send(params: FastCGITransportTests.params("GET", "/headers")).status == 200)
        #expect(Date().timeIntervalSince(start) < 1)
        fixture.gate.open()
        #expect(replies.waitForAll(timeout: 5) == Array(repeating: "open\nclosed\n", count: 6))
        // Their connections were not kept: each thread ended with its stream.
        #expect(Self.eventually { fixture.server.streamThreads == 0 })
    }

    @Test(arguments: Transport.allCases) func pastTheLimitAStreamIsAnsweredOnItsPoolThread(_ transport: Transport) throws {
        let fixture = try Fixture(transport, threads: 3, maxStreamThreads: 1)
        let replies = Replies()
        Self.holdStreams(fixture, count: 2, replies: replies)
        #expect(Self.eventually { fixture.server.inFlight == 2 })
        #expect(fixture.server.streamThreads == 1)
        // One pool thread streams; two are left.
        #expect(try fixture.client.send(params: FastCGITransportTests.params("GET", "/headers")).status == 200)
        fixture.gate.open()
        #expect(replies.waitForAll(timeout: 5) == ["open\nclosed\n", "open\nclosed\n"])
        #expect(Self.eventually { fixture.server.streamThreads == 0 })
    }

    /// After a stream, the connection nginx keeps is served on: by the thread that left the pool
    /// with it (a thread per connection), or by the loop again.
    @Test(arguments: Transport.allCases) func aStreamsThreadServesItsKeptConnectionUntilItCloses(_ transport: Transport) throws {
        let fixture = try Fixture(transport, threads: 2)
        fixture.gate.open()
        let client = fixture.client
        let connection = try client.connect()
        let streamed = try client.send(on: connection, params: FastCGITransportTests.params("GET", "/hold"), keepConnection: true)
        #expect(String(decoding: streamed.body, as: UTF8.self) == "open\nclosed\n")
        // The connection is kept. A thread per connection keeps the thread that left the pool with
        // it; the event loop takes the connection back, and the stream's thread ends.
        let kept = transport == .threadPerConnection ? 1 : 0
        #expect(Self.eventually { fixture.server.streamThreads == kept })
        for _ in 0..<3 {
            #expect(try client.send(on: connection, params: FastCGITransportTests.params("GET", "/headers"), keepConnection: true).status == 200)
        }
        #expect(fixture.server.streamThreads == kept)
        close(connection)
        #expect(Self.eventually { fixture.server.streamThreads == 0 })
        // The pool is whole: both threads still take new connections.
        #expect(try client.send(params: FastCGITransportTests.params("GET", "/headers")).status == 200)
    }

    /// The event loop answers what may wait on a commit (any method but GET, HEAD, OPTIONS) on
    /// threads of its own: writes stuck on the disk leave its one loop thread answering reads.
    @Test func writesWaitOffTheLoop() throws {
        let fixture = try Fixture(.eventLoop, threads: 1)
        let replies = Replies()
        Self.holdStreams(fixture, count: 3, replies: replies, "POST", "/block")
        #expect(Self.eventually { fixture.server.inFlight == 3 })
        let start = Date()
        #expect(try fixture.client.send(params: FastCGITransportTests.params("GET", "/headers")).status == 200)
        #expect(Date().timeIntervalSince(start) < 1)
        fixture.gate.open()
        #expect(replies.waitForAll(timeout: 5) == Array(repeating: "written", count: 3))
        #expect(Self.eventually { fixture.server.inFlight == 0 })
    }

    /// A route that says it will wait long (a synchronous run) leaves the pool as a stream does.
    @Test(arguments: Transport.allCases) func longWaitsLeaveThePoolAnswering(_ transport: Transport) throws {
        let fixture = try Fixture(transport, threads: 2)
        let replies = Replies()
        Self.holdStreams(fixture, count: 4, replies: replies, "GET", "/wait")
        #expect(Self.eventually { fixture.waits.counts.begun == 4 && fixture.server.streamThreads == 4 })
        let start = Date()
        #expect(try fixture.client.send(params: FastCGITransportTests.params("GET", "/headers")).status == 200)
        #expect(Date().timeIntervalSince(start) < 1)
        fixture.gate.open()
        #expect(replies.waitForAll(timeout: 5) == Array(repeating: "waited", count: 4))
        #expect(fixture.waits.counts.clientsLeft == 0)
        #expect(Self.eventually { fixture.server.streamThreads == 0 })
    }

    /// A waiting route sees its client close the connection (as nginx closes it when its own client
    /// leaves), even with the request's last bytes unread, and its thread then ends.
    @Test(arguments: Transport.allCases) func aWaitSeesItsClientLeave(_ transport: Transport) throws {
        let fixture = try Fixture(transport, threads: 2)
        let connections = try (0..<2).map { _ in try fixture.client.connect() }
        for connection in connections {
            try fixture.client.write(on: connection, params: FastCGITransportTests.params("GET", "/wait"), keepConnection: true)
        }
        #expect(Self.eventually { fixture.waits.counts.begun == 2 })
        #expect(fixture.waits.counts.clientsLeft == 0, "nobody has left yet")
        usleep(100_000)
        #expect(fixture.waits.counts.clientsLeft == 0, "an open connection is not taken for a closed one")
        connections.forEach { close($0) }
        #expect(Self.eventually(2) { fixture.waits.counts.clientsLeft == 2 })
        #expect(Self.eventually { fixture.server.streamThreads == 0 && fixture.server.inFlight == 0 })
        #expect(try fixture.client.send(params: FastCGITransportTests.params("GET", "/headers")).status == 200)
    }

    @Test(arguments: Transport.allCases) func aStopCutsStreamsStillOpenAfterTheDrainTimeout(_ transport: Transport) throws {
        let fixture = try Fixture(transport, threads: 2, drainTimeout: .milliseconds(300))
        let replies = Replies()
        Self.holdStreams(fixture, count: 2, replies: replies)
        #expect(Self.eventually { fixture.server.inFlight == 2 })
        let start = Date()
        fixture.server.stop()
        // The drain (0.3 s), then at most 2 s for the cut streams' threads, which the gate holds here.
        #expect(Date().timeIntervalSince(start) < 3)
        // Cut: each client saw its connection end before the end of the request.
        #expect(replies.waitForAll(timeout: 2) == ["failed", "failed"])
        fixture.gate.open()
        #expect(Self.eventually { fixture.server.inFlight == 0 })
    }

    /// The bodies of requests on other threads, in the order they ended.
    final class Replies: @unchecked Sendable {
        private let condition = NSCondition()
        private var expected = 0
        private var bodies: [String] = []

        func started() {
            condition.withLock { expected += 1 }
        }

        func add(_ body: String) {
            condition.withLock {
                bodies.append(body)
                condition.broadcast()
            }
        }

        func waitForAll(timeout: Double) -> [String] {
            let deadline = Date().addingTimeInterval(timeout)
            return condition.withLock {
                while bodies.count < expected, condition.wait(until: deadline) {}
                return bodies
            }
        }
    }
}

/// Closed until `open()`; then every `wait()` returns at once.
final class Gate: @unchecked Sendable {
    private let condition = NSCondition()
    private var opened = false

    func open() {
        condition.withLock {
            opened = true
            condition.broadcast()
        }
    }

    func wait() {
        condition.withLock {
            while !opened { condition.wait() }
        }
    }

    var isOpen: Bool {
        condition.withLock { opened }
    }
}

/// Counts the `/wait` requests that began and those that saw their client leave.
final class Waits: @unchecked Sendable {
    private let lock = NSLock()
    private var begun = 0
    private var left = 0

    func began() { lock.withLock { begun += 1 } }
    func clientLeft() { lock.withLock { left += 1 } }
    var counts: (begun: Int, clientsLeft: Int) { lock.withLock { (begun, left) } }
}
