import Foundation
import LaunchpadDomain
import LaunchpadThreads
import Logging

/// Each running pod's log followed through `pods/log?follow=true&timestamps=true` into the log
/// collection, with the pod's name as the replica. A follow that ends (the container restarted,
/// the API server went away) starts again from the last line's time (`sinceTime`), and lines not
/// newer than the last one passed on are dropped, so nothing is passed on twice. Pods that were
/// already running when launchpad started are followed from that moment.
final class PodLogFollowers: @unchecked Sendable {
    private let client: KubernetesClient
    private let namespace: String
    private let container: String
    private let log: @Sendable (ReplicaLogLine) -> Void
    private let logger: Logger
    private let startedAt = Date()
    private let lock = NSLock()
    private var followers: [String: PodLogFollower] = [:]

    init(client: KubernetesClient, namespace: String, container: String, log: @escaping @Sendable (ReplicaLogLine) -> Void, logger: Logger) {
        self.client = client
        self.namespace = namespace
        self.container = container
        self.log = log
        self.logger = logger
    }

    /// A pod changed (`pod`) or went away (nil): follow it once a container has started, stop
    /// following it once it is gone.
    func update(agentId: String, name: String, pod: Pod?) {
        guard let pod, pod.metadata.deletionTimestamp == nil else {
            lock.withLock { followers.removeValue(forKey: name) }?.stop()
            return
        }
        let started = pod.status?.containerStatuses?.contains { $0.state?.waiting == nil && $0.state?.terminated == nil } ?? false
        guard started, lock.withLock({ followers[name] == nil }) else { return }
        let podStart = KubernetesTime.parse(pod.status?.startTime) ?? Date()
        let follower = PodLogFollower(
            client: client, path: "/api/v1/namespaces/\(namespace)/pods/\(name)/log?container=\(container)&follow=true&timestamps=true",
            agentId: agentId, pod: name, since: podStart < startedAt ? startedAt : nil, log: log, logger: logger)
        let kept = lock.withLock { () -> Bool in
            guard followers[name] == nil else { return false }
            followers[name] = follower
            return true
        }
        if kept { follower.start() }
    }

    func stopAll() {
        let all = lock.withLock { () -> [PodLogFollower] in
            defer { followers.removeAll() }
            return Array(followers.values)
        }
        all.forEach { $0.stop() }
    }
}

/// One pod's log, followed until stopped.
final class PodLogFollower: @unchecked Sendable {
    private let client: KubernetesClient
    private let path: String
    private let agentId: String
    private let pod: String
    private let log: @Sendable (ReplicaLogLine) -> Void
    private let logger: Logger
    private let lock = NSLock()
    /// The last line passed on: its timestamp, with nine digits of fraction so that text order is time order.
    private var last: String?
    private var since: Date?
    private var stream: KubernetesStream?
    private var stopping = false
    private var loop: BackgroundLoop?

    init(client: KubernetesClient, path: String, agentId: String, pod: String, since: Date?, log: @escaping @Sendable (ReplicaLogLine) -> Void, logger: Logger) {
        self.client = client
        self.path = path
        self.agentId = agentId
        self.pod = pod
        self.since = since
        self.log = log
        self.logger = logger
    }

    func start() {
        loop = BackgroundLoop(name: "log \(pod)", interval: 1) { [unowned self] in follow() }
        loop?.wake()
    }

    func stop() {
        let current = lock.withLock { () -> KubernetesStream? in
            stopping = true
            return stream
        }
        current?.cancel()
        loop?.stop()
    }

    private func follow() {
        let (from, floor) = lock.withLock { (since, last) }
        var target = path
        if let from { target += "&sinceTime=" + KubernetesTime.format(from) }
        let stream: KubernetesStream
        do {
            stream = try client.stream(target)
        } catch {
            if error.status != 400 && error.status != 404 { logger.debug("log follow failed", metadata: ["pod": "\(pod)", "error": "\(error)"]) }
            return
        }
        guard lock.withLock({ () -> Bool in
            if !stopping { self.stream = stream }
            return !stopping
        }) else {
            stream.close()
            return
        }
        defer {
            lock.withLock { self.stream = nil }
            stream.close()
        }
        var newest = floor
        while let line = try? stream.nextLine() {
            guard let space = line.firstIndex(of: UInt8(ascii: " ")) else { continue }
            let stamp = Self.normalized(String(decoding: line[..<space], as: UTF8.self))
            if let newest, stamp <= newest { continue }
            newest = stamp
            var text = String(decoding: line[(space + 1)...], as: UTF8.self)
            if text.hasSuffix("\r") { text.removeLast() }
            log(ReplicaLogLine(agentId: agentId, replicaName: pod, stream: .stdout, line: text, time: Date()))
            lock.withLock {
                last = stamp
                since = KubernetesTime.parse(String(stamp.prefix(19)) + "Z")
            }
        }
    }

    /// `2026-01-02T03:04:05.12Z` → `2026-01-02T03:04:05.120000000Z`.
    static func normalized(_ stamp: String) -> String {
        guard stamp.count >= 20 else { return stamp }
        let seconds = stamp.prefix(19)
        var fraction = stamp.dropFirst(19).filter(\.isNumber)
        fraction = String(fraction.prefix(9))
        return seconds + "." + fraction.padding(toLength: 9, withPad: "0", startingAt: 0) + "Z"
    }
}
