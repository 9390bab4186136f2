#if canImport(Glibc)
import Glibc
#endif
@testable import LaunchpadRuntime
import Testing

struct PortAllocatorTests {
    @Test func freePortCanBeBoundOnLoopback() throws {
        let port = try PortAllocator.freePort()
        #expect((1024...65535).contains(port))
        let socket = try LoopbackSocket()
        try socket.bind(port: port)
        #expect(try socket.localPort() == port)
    }
}
