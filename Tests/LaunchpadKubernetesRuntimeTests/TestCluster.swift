import Foundation
import LaunchpadKubernetesRuntime
import LaunchpadTestSupport

/// The control plane the tests share: scripts/kubernetes/build.sh makes sure the binaries are
/// built (it fails, saying why, where they cannot be), scripts/kubernetes/cluster.py starts etcd,
/// the API server, the controller manager, the scheduler and the project's kubelet on loopback in
/// a temporary directory. Everything stops, and the directory goes, when this process ends however
/// it ends: cluster.py stops when its standard input closes.
final class TestCluster: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private struct Ready: Decodable {
        var server: String
        var ca: String
        var tokens: [String: String]
        var kubeconfigs: [String: String]
        var seconds: Double
    }

    nonisolated(unsafe) private static var started: Result<TestCluster, Failure>?
    private static let lock = NSLock()

    /// The one cluster of this test run, started on first use.
    static func shared() throws -> TestCluster {
        try lock.withLock {
            if started == nil { started = Result { () throws(Failure) -> TestCluster in try TestCluster() } }
            return try started!.get()
        }
    }

    let server: String
    let authority: [UInt8]
    let tokens: [String: String]
    let kubeconfigs: [String: String]
    /// How long the control plane took to answer, once built.
    let startSeconds: Double
    /// kubectl's discovery cache, in the cluster's directory (which goes with it), not ~/.kube/cache.
    private let kubectlCache: String
    private let process: Process
    private let input: FileHandle
    private let output: LineReader
    private let commandLock = NSLock()

    private init() throws(Failure) {
        let state = NSTemporaryDirectory() + "launchpad-kubernetes-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let script = try KubernetesScript("cluster.py", [
            "--bin", "\(RepositoryPaths.root)/.build/kubernetes/\(Self.version)/bin", "--dir", state, "--remove-state",
        ])
        kubectlCache = state + "/kubectl-cache"
        process = script.process
        input = script.input
        output = script.output
        let ready = try script.ready(Ready.self, failure: "the test cluster did not start (scripts/kubernetes/cluster.py)")
        guard let authority = FileManager.default.contents(atPath: ready.ca) else {
            throw Failure(description: "the test cluster's CA cannot be read: \(ready.ca)")
        }
        server = ready.server
        self.authority = Array(authority)
        tokens = ready.tokens
        kubeconfigs = ready.kubeconfigs
        startSeconds = ready.seconds
        print("kubernetes: the test cluster answered in \(ready.seconds) s")
    }

    /// Credentials of one of the cluster's users: admin, launchpad (no rights but what a test binds).
    func credentials(_ user: String = "admin") -> KubernetesCredentials {
        let url = URL(string: server)!
        return KubernetesCredentials(host: url.host!, port: url.port!, authority: authority, token: tokens[user]!)
    }

    func client(_ user: String = "admin") throws -> KubernetesClient {
        try KubernetesClient(credentials: credentials(user))
    }

    /// Stops the API server and starts it again on the same port, over the same etcd.
    func restartAPIServer() throws {
        try commandLock.withLock {
            input.write(Data("restart-apiserver\n".utf8))
            guard let answer = output.next(), answer == "OK" else { throw Failure(description: "the API server did not come back") }
        }
    }

    /// Runs the kubectl built from the same tree as the admin; throws with its output unless it succeeds.
    @discardableResult
    func kubectl(_ arguments: [String]) throws -> String {
        let binary = "\(RepositoryPaths.root)/.build/kubernetes/\(Self.version)/bin/kubectl"
        let result = Self.run([binary, "--kubeconfig", kubeconfigs["admin"]!, "--cache-dir", kubectlCache] + arguments, shell: false)
        guard result.status == 0 else { throw Failure(description: "kubectl \(arguments.joined(separator: " ")): \(result.output)") }
        return result.output
    }

    /// A fresh namespace, so that tests never see each other's objects.
    func makeNamespace(_ prefix: String) throws -> String {
        let name = "\(prefix)-\(UInt32.random(in: 0...UInt32.max))"
        try client().send("POST", "/api/v1/namespaces", body: Array(#"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"\#(name)"}}"#.utf8))
        return name
    }

    /// The Debian version of the kubernetes source package, which names the binaries' folder.
    static let version = (try? String(contentsOfFile: "\(RepositoryPaths.root)/scripts/kubernetes/VERSION", encoding: .utf8))?
        .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""

    static func run(_ arguments: [String], shell: Bool = true) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: shell ? "/bin/sh" : arguments[0])
        process.arguments = shell ? arguments : Array(arguments.dropFirst())
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return (-1, "\(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// Lines from a pipe, one at a time, waiting for each.
final class LineReader: @unchecked Sendable {
    private let handle: FileHandle
    private var buffer = Data()

    init(_ handle: FileHandle) {
        self.handle = handle
    }

    func next() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex...newline)
                return line
            }
            let more = handle.availableData
            if more.isEmpty { return nil }
            buffer.append(more)
        }
    }
}
