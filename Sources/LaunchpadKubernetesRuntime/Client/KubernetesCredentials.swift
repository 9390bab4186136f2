import Foundation

/// Where the API server is and how launchpad proves who it is: a bearer token over TLS, trusting
/// the cluster's certificate authority. From a kubeconfig file, or from the service account a pod
/// runs as.
public struct KubernetesCredentials: Sendable, Equatable {
    public var host: String
    public var port: Int
    /// PEM text of the authorities the API server's certificate must chain to.
    public var authority: [UInt8]
    public var token: String
    /// The namespace the credentials name (the kubeconfig context's, or the pod's own), if any.
    public var namespace: String?

    public init(host: String, port: Int, authority: [UInt8], token: String, namespace: String? = nil) {
        self.host = host
        self.port = port
        self.authority = authority
        self.token = token
        self.namespace = namespace
    }

    /// The current context of a kubeconfig file: its cluster's `server` and `certificate-authority`
    /// (or `-data`), its user's `token` (or `tokenFile`). Client certificates and exec plugins are
    /// not supported, and say so.
    public static func kubeconfig(at path: String) throws(KubernetesError) -> KubernetesCredentials {
        func fail(_ message: String) -> KubernetesError { KubernetesError(status: 0, message: "kubeconfig \(path): \(message)") }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw fail("cannot be read") }
        let config = Kubeconfig(text)
        guard let contextName = config.value("current-context") else { throw fail("no current-context") }
        guard let context = config.named("contexts", contextName, "context") else { throw fail("no context '\(contextName)'") }
        guard let clusterName = context["cluster"], let cluster = config.named("clusters", clusterName, "cluster") else { throw fail("no cluster for context '\(contextName)'") }
        guard let userName = context["user"], let user = config.named("users", userName, "user") else { throw fail("no user for context '\(contextName)'") }
        guard let server = cluster["server"], let url = URL(string: server), url.scheme == "https", let host = url.host else {
            throw fail("the cluster's server must be an https:// address")
        }
        let directory = (path as NSString).deletingLastPathComponent
        func file(_ name: String) -> String { name.hasPrefix("/") ? name : (directory as NSString).appendingPathComponent(name) }
        let authority: [UInt8]
        if let data = cluster["certificate-authority-data"], let decoded = Data(base64Encoded: data) {
            authority = Array(decoded)
        } else if let name = cluster["certificate-authority"], let contents = FileManager.default.contents(atPath: file(name)) {
            authority = Array(contents)
        } else {
            throw fail("the cluster has no readable certificate-authority or certificate-authority-data")
        }
        let token: String
        if let value = user["token"] {
            token = value
        } else if let name = user["tokenFile"], let contents = try? String(contentsOfFile: file(name), encoding: .utf8) {
            token = contents.trimmingCharacters(in: .whitespacesAndNewlines)
        } else {
            throw fail("the user has no token or tokenFile (client certificates and exec plugins are not supported)")
        }
        return KubernetesCredentials(host: host, port: url.port ?? 443, authority: authority, token: token, namespace: context["namespace"])
    }

    /// The service account of the pod launchpad runs in: KUBERNETES_SERVICE_HOST and _PORT, and
    /// the token, CA and namespace mounted under /var/run/secrets/kubernetes.io/serviceaccount.
    public static func inCluster(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        directory: String = "/var/run/secrets/kubernetes.io/serviceaccount"
    ) throws(KubernetesError) -> KubernetesCredentials {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], let port = environment["KUBERNETES_SERVICE_PORT"].flatMap({ Int($0) }) else {
            throw KubernetesError(status: 0, message: "not in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set (give --kubeconfig)")
        }
        func read(_ name: String) throws(KubernetesError) -> String {
            guard let text = try? String(contentsOfFile: (directory as NSString).appendingPathComponent(name), encoding: .utf8) else {
                throw KubernetesError(status: 0, message: "in-cluster credentials: \(directory)/\(name) cannot be read")
            }
            return text
        }
        return KubernetesCredentials(
            host: host, port: port, authority: Array(try read("ca.crt").utf8),
            token: try read("token").trimmingCharacters(in: .whitespacesAndNewlines),
            namespace: try? read("namespace").trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
