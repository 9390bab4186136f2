#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LaunchpadTestSupport

/// A real node for the end-to-end test: scripts/kubernetes/real-node.py starts the control plane,
/// containerd, runc and the kubelet built from the same tree inside a network namespace it creates,
/// with the reference agent's image (made from the launchpad binary under test) imported from a
/// tar file. `stop()` (or the end of this process, which closes the script's standard input)
/// stops everything and removes what it wrote.
final class RealNode: @unchecked Sendable {
    private struct Ready: Decodable {
        var netns: String
        var server: String
        var kubeconfigs: [String: String]
        var image: String
        var podSubnet: String
        var logs: String
        var kubectlCache: String
        var seconds: Double
    }

    /// The network namespace everything runs in.
    let netns: String
    let kubeconfigs: [String: String]
    /// The agent's image, as the driver names it by default.
    let image: String
    /// The pods' addresses, on the CNI bridge: "10.89.0.0/24".
    let podSubnet: String
    /// Where the node's components write their logs (kubelet.log, containerd.log, cluster.log).
    let logs: String
    /// kubectl's discovery cache, in the node's directory (not ~/.kube/cache).
    let kubectlCache: String
    let startSeconds: Double
    private let process: Process
    private let input: FileHandle
    private let output: LineReader

    init() throws(TestCluster.Failure) {
        let root = RepositoryPaths.root
        let state = NSTemporaryDirectory() + "launchpad-node-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let script = try KubernetesScript("real-node.py", [
            "--bin", "\(root)/.build/kubernetes/\(TestCluster.version)/bin",
            "--source", "\(root)/.build/kubernetes/work/kubernetes-\(TestCluster.version)",
            "--agent-binary", RepositoryPaths.launchpadBinary, "--dir", state,
        ])
        process = script.process
        input = script.input
        output = script.output
        let ready: Ready
        do {
            ready = try script.ready(Ready.self, failure: "no real node here (scripts/kubernetes/real-node.py)")
        } catch {
            while let line = output.next(), line != "STOPPED" {}  // what it started is gone
            process.waitUntilExit()
            throw error
        }
        netns = ready.netns
        kubeconfigs = ready.kubeconfigs
        image = ready.image
        podSubnet = ready.podSubnet
        logs = ready.logs
        kubectlCache = ready.kubectlCache
        startSeconds = ready.seconds
        print("kubernetes: a real node (containerd, runc, kubelet) Ready in \(ready.seconds) s")
    }

    /// Runs `body` on this thread inside the node's network namespace, so that what it starts
    /// (launchpad and nginx) and the connections it opens are there too; the thread leaves after.
    /// A network namespace is a thread's own: the test's other threads are not moved.
    func withinNetworkNamespace<T>(_ body: () throws -> T) throws -> T {
        let original = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC)
        let target = open("/run/netns/\(netns)", O_RDONLY | O_CLOEXEC)
        defer {
            if original >= 0 { close(original) }
            if target >= 0 { close(target) }
        }
        guard original >= 0, target >= 0, Self.setns(target, Self.newNetworkNamespace) == 0 else {
            throw TestCluster.Failure(description: "cannot enter the network namespace \(netns): \(String(cString: strerror(errno)))")
        }
        defer {
            if Self.setns(original, Self.newNetworkNamespace) != 0 { fatalError("cannot leave the network namespace \(netns)") }
        }
        return try body()
    }

    /// Runs the kubectl built from the same tree with `kubeconfig` (from this thread's network
    /// namespace); throws with its output unless it succeeds.
    func kubectl(_ kubeconfig: String, _ arguments: [String]) throws -> String {
        let binary = "\(RepositoryPaths.root)/.build/kubernetes/\(TestCluster.version)/bin/kubectl"
        let result = TestCluster.run([binary, "--kubeconfig", kubeconfig, "--cache-dir", kubectlCache] + arguments, shell: false)
        guard result.status == 0 else { throw TestCluster.Failure(description: "kubectl \(arguments.joined(separator: " ")): \(result.output)") }
        return result.output
    }

    // glibc's setns(2), which the Glibc module does not import (it is a _GNU_SOURCE declaration).
    private static let setns = unsafeBitCast(dlsym(nil, "setns"), to: (@convention(c) (Int32, Int32) -> Int32).self)
    private static let newNetworkNamespace: Int32 = 0x4000_0000  // CLONE_NEWNET

    /// The end of a component's log, to explain a failure.
    func log(_ component: String, characters: Int = 3000) -> String {
        (try? String(contentsOfFile: "\(logs)/\(component).log", encoding: .utf8)).map { String($0.suffix(characters)) } ?? ""
    }

    /// Stops everything and waits until what the node wrote is removed.
    func stop() {
        input.write(Data("stop\n".utf8))
        while let line = output.next(), line != "STOPPED" {}
        process.waitUntilExit()
    }
}
