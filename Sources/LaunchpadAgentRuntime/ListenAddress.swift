#if canImport(Glibc)
import Glibc
#endif

/// The IPv4 address the agent listens on: `LISTEN_ADDRESS` when set (a pod's agent must be reached
/// on the pod's address, so the Kubernetes runtime sets `0.0.0.0`), else 127.0.0.1.
enum ListenAddress {
    static let variable = "LISTEN_ADDRESS"

    static func resolved(environment: [String: String]) -> Result<in_addr, PortProblem> {
        let text = environment[variable] ?? "127.0.0.1"
        var address = in_addr()
        guard inet_pton(AF_INET, text, &address) == 1 else {
            return .failure(PortProblem(message: "Invalid \(variable) \(JSONText.quoted(text)): use an IPv4 address such as 0.0.0.0"))
        }
        return .success(address)
    }

    static func text(_ address: in_addr) -> String {
        var copy = address
        var buffer = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
        guard inet_ntop(AF_INET, &copy, &buffer, socklen_t(buffer.count)) != nil else { return "?" }
        return String(cString: buffer)
    }
}
