import LaunchpadHTTP
import Testing

struct TrustedProxiesTests {
    private func proxies(_ text: String) throws -> TrustedProxies {
        try TrustedProxies.parse(text).get()
    }

    @Test func aRequestFromAnUntrustedAddressKeepsItsOwnWhateverItForwards() throws {
        let trusted = try proxies("10.0.0.0/8")
        #expect(trusted.clientAddress(remote: "203.0.113.9", forwardedFor: ["198.51.100.1"]) == "203.0.113.9")
        #expect(TrustedProxies.none.clientAddress(remote: "10.0.0.1", forwardedFor: ["198.51.100.1"]) == "10.0.0.1")
    }

    @Test func throughTrustedProxiesTheNearestUntrustedHopIsTheClient() throws {
        let trusted = try proxies("10.0.0.0/8, 192.168.1.5")
        // The client forged the leftmost entry; the proxies appended the rest.
        #expect(trusted.clientAddress(remote: "10.1.2.3", forwardedFor: ["6.6.6.6, 198.51.100.7", "192.168.1.5"]) == "198.51.100.7")
        #expect(trusted.clientAddress(remote: "10.1.2.3", forwardedFor: []) == "10.1.2.3")
        #expect(trusted.clientAddress(remote: "10.1.2.3", forwardedFor: ["not-an-address"]) == "10.1.2.3")
    }

    @Test func rangesOfBothFamiliesParseAndMatchOnTheirPrefix() throws {
        let trusted = try proxies("172.16.0.0/12,::1,fd00::/8")
        #expect(trusted.clientAddress(remote: "172.31.255.255", forwardedFor: ["1.2.3.4"]) == "1.2.3.4")
        #expect(trusted.clientAddress(remote: "172.32.0.0", forwardedFor: ["1.2.3.4"]) == "172.32.0.0")
        #expect(trusted.clientAddress(remote: "::1", forwardedFor: ["2001:db8::1"]) == "2001:db8::1")
        #expect(trusted.clientAddress(remote: "fd12::1", forwardedFor: ["1.2.3.4"]) == "1.2.3.4")
        #expect(throws: TrustedProxiesError.self) { try TrustedProxies.parse("10.0.0.0/33").get() }
        #expect(throws: TrustedProxiesError.self) { try TrustedProxies.parse("example.com").get() }
    }

    @Test func theMiddlewareSetsTheClientAddressForEveryLaterStep() throws {
        var router = Router()
        router.get("/who") { request in Response(status: 200, body: .bytes(Array(request.remoteAddress.utf8))) }
        let responder = Responder(router: router, middleware: [ClientAddressMiddleware(proxies: try proxies("127.0.0.1"))])
        var headers = HTTPHeaders()
        headers.add("X-Forwarded-For", "198.51.100.2")
        let response = responder.respond(to: Request(method: .get, uri: "/who", headers: headers, remoteAddress: "127.0.0.1"))
        #expect(String(decoding: response.bodyBytes, as: UTF8.self) == "198.51.100.2")
    }
}
