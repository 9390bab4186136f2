import Testing

@testable import LaunchpadAgentRuntime

@Suite struct ListenAddressTests {
    private func resolved(_ environment: [String: String]) -> String {
        switch ListenAddress.resolved(environment: environment) {
        case .success(let address): return ListenAddress.text(address)
        case .failure(let problem): return problem.message
        }
    }

    @Test func loopbackUnlessLISTEN_ADDRESSSaysOtherwise() {
        #expect(resolved([:]) == "127.0.0.1")
        #expect(resolved(["LISTEN_ADDRESS": "0.0.0.0"]) == "0.0.0.0")
        #expect(resolved(["LISTEN_ADDRESS": "10.89.0.7"]) == "10.89.0.7")
    }

    @Test func anAddressThatIsNotIPv4IsExplained() {
        #expect(resolved(["LISTEN_ADDRESS": "pod"]) == #"Invalid LISTEN_ADDRESS "pod": use an IPv4 address such as 0.0.0.0"#)
        #expect(resolved(["LISTEN_ADDRESS": "::"]) == #"Invalid LISTEN_ADDRESS "::": use an IPv4 address such as 0.0.0.0"#)
    }
}
