import Testing

@testable import LaunchpadAgentRuntime

@Suite struct ReferenceAgentTests {
    private func port(_ option: Int?, _ environment: [String: String]) -> String {
        switch ReferenceAgent.resolvedPort(option, environment: environment) {
        case .success(let port): return String(port)
        case .failure(let problem): return problem.message
        }
    }

    @Test func thePortOptionWinsOverPORT() {
        #expect(port(9000, ["PORT": "8000"]) == "9000")
    }

    @Test func PORTIsTheDefault() {
        #expect(port(nil, ["PORT": "8000"]) == "8000")
    }

    @Test func aMissingOrInvalidPortIsExplained() {
        #expect(port(nil, [:]) == "No port: pass --port or set PORT")
        #expect(port(nil, ["PORT": "http"]) == #"Invalid PORT "http": use 1 to 65535"#)
        #expect(port(nil, ["PORT": "0"]) == #"Invalid PORT "0": use 1 to 65535"#)
        #expect(port(70000, [:]) == "Invalid port 70000: use 1 to 65535")
    }
}
