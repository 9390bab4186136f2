import Foundation
import LaunchpadTestSupport

/// A script of scripts/kubernetes/ (cluster.py, real-node.py) started with python3 once
/// scripts/kubernetes/build.sh has made sure the binaries are built: its standard input is the
/// tests' commands (the script stops when it closes), its standard output their answers, the
/// first line `READY <json>` or why not.
struct KubernetesScript {
    let process: Process
    let input: FileHandle
    let output: LineReader

    init(_ script: String, _ arguments: [String]) throws(TestCluster.Failure) {
        let root = RepositoryPaths.root
        let build = TestCluster.run(["\(root)/scripts/kubernetes/build.sh"])
        guard build.status == 0 else {
            throw TestCluster.Failure(description: "the Kubernetes binaries cannot be built (scripts/kubernetes/build.sh exited \(build.status)): \(build.output.suffix(2000))")
        }
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["\(root)/scripts/kubernetes/\(script)"] + arguments
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw TestCluster.Failure(description: "cannot start scripts/kubernetes/\(script): \(error)")
        }
        input = stdin.fileHandleForWriting
        output = LineReader(stdout.fileHandleForReading)
    }

    /// The first line's `READY` document; throws with the line (`FAILED <reason>`) otherwise.
    func ready<Document: Decodable>(_ type: Document.Type, failure: String) throws(TestCluster.Failure) -> Document {
        let first = output.next()
        guard let line = first, line.hasPrefix("READY ") else {
            throw TestCluster.Failure(description: "\(failure): \(first ?? "no output")")
        }
        guard let document = try? JSONDecoder().decode(Document.self, from: Data(line.dropFirst(6).utf8)) else {
            throw TestCluster.Failure(description: "\(failure): its READY line cannot be read: \(line)")
        }
        return document
    }
}
