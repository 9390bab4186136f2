import Foundation
import LaunchpadThreads
import Logging

/// The objects of one kind that carry a label selector, kept current by a watch: a list, then a
/// watch from the list's resourceVersion with bookmarks; a watch that ends (the server's timeout,
/// a lost connection, an API server restart) continues from the last resourceVersion seen, and a
/// 410 Gone (that version is compacted away) lists again. Every change is told to `changed`.
final class ObjectWatch<Item: KubernetesObject>: @unchecked Sendable {
    private let client: KubernetesClient
    private let path: String
    private let selector: String
    private let logger: Logger
    private let changed: @Sendable (_ old: Item?, _ new: Item?) -> Void
    private let lock = NSCondition()
    private var objects: [String: Item] = [:]
    /// The objects by the value of `indexLabel` (the agent id), then by name.
    private var index: [String: [String: Item]] = [:]
    private let indexLabel: String
    private var resourceVersion: String?
    private var synced = false
    private var stopping = false
    private var stream: KubernetesStream?
    private var loop: BackgroundLoop?
    /// Lists made (the first, and one after each 410 Gone), for tests.
    private(set) var lists = 0

    /// - Parameter path: the collection, e.g. `/apis/apps/v1/namespaces/x/deployments`.
    init(client: KubernetesClient, path: String, selector: String, indexLabel: String, logger: Logger, changed: @escaping @Sendable (_ old: Item?, _ new: Item?) -> Void) {
        self.client = client
        self.indexLabel = indexLabel
        self.path = path
        self.selector = selector
        self.logger = logger
        self.changed = changed
    }

    func start() {
        // A session that ends normally is followed at once; one that failed, after the interval.
        loop = BackgroundLoop(name: "watch \(path.split(separator: "/").last ?? "")", interval: 0.5) { [unowned self] in
            session()
        }
        loop?.wake()
    }

    func stop() {
        let current = lock.withLock { () -> KubernetesStream? in
            stopping = true
            lock.broadcast()
            return stream
        }
        current?.cancel()
        loop?.stop()
    }

    /// Waits until the first list has been read; false after `timeout`.
    func waitUntilSynced(timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        lock.lock()
        defer { lock.unlock() }
        while !synced {
            if !lock.wait(until: deadline) { return synced }
        }
        return true
    }

    /// Every object now.
    var items: [Item] { lock.withLock { Array(objects.values) } }

    /// The objects whose `indexLabel` is `value`.
    func items(labelled value: String) -> [Item] {
        lock.withLock { index[value].map { Array($0.values) } ?? [] }
    }

    var isSynced: Bool { lock.withLock { synced } }

    private var selectorQuery: String { Self.selectorQuery(selector) }

    /// `labelSelector=…`, escaped.
    static func selectorQuery(_ selector: String) -> String {
        "labelSelector=" + (selector.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? selector)
    }

    /// One list (when needed) and one watch, until the watch ends.
    private func session() {
        if lock.withLock({ stopping }) { return }
        do {
            if lock.withLock({ resourceVersion }) == nil { try relist() }
            let version = lock.withLock { resourceVersion } ?? ""
            let stream = try client.stream(
                "\(path)?watch=true&allowWatchBookmarks=true&timeoutSeconds=290&resourceVersion=\(version)&\(selectorQuery)")
            let keep = lock.withLock { () -> Bool in
                if !stopping { self.stream = stream }
                return !stopping
            }
            defer {
                lock.withLock { self.stream = nil }
                stream.close()
            }
            guard keep else { return }
            while let line = try stream.nextLine() {
                guard !line.isEmpty else { continue }
                let event: WatchEvent<Item>
                do {
                    event = try JSONDecoder().decode(WatchEvent<Item>.self, from: Data(line))
                } catch {
                    logger.warning("unreadable watch event", metadata: ["path": "\(path)", "error": "\(error)"])
                    continue
                }
                switch event {
                case .added(let item), .modified(let item): store(item)
                case .deleted(let item): remove(item)
                case .bookmark(let version): lock.withLock { resourceVersion = version }
                case .error(let code, let message):
                    if code == 410 { lock.withLock { resourceVersion = nil } }
                    logger.info("watch ended by the API server", metadata: ["path": "\(path)", "code": "\(code)", "message": "\(message)"])
                    return
                }
            }
            loop?.wake()
        } catch {
            if error.status == 410 { lock.withLock { resourceVersion = nil } }
            if !lock.withLock({ stopping }) {
                logger.info("watch interrupted; continuing", metadata: ["path": "\(path)", "error": "\(error)"])
            }
        }
    }

    private func relist() throws(KubernetesError) {
        let list = try client.get("\(path)?\(selectorQuery)", as: ObjectList<Item>.self)
        let fresh = Dictionary(list.items.map { ($0.metadata.name, $0) }, uniquingKeysWith: { $1 })
        let old = lock.withLock { () -> [String: Item] in
            defer {
                objects = fresh
                index = [:]
                for item in fresh.values { indexAdd(item) }
                resourceVersion = list.metadata.resourceVersion
                synced = true
                lists += 1
                lock.broadcast()
            }
            return objects
        }
        for (name, item) in fresh where old[name] != item { changed(old[name], item) }
        for (name, item) in old where fresh[name] == nil { changed(item, nil) }
    }

    private func store(_ item: Item) {
        let old = lock.withLock { () -> Item? in
            defer {
                if let old = objects[item.metadata.name] { indexRemove(old) }
                objects[item.metadata.name] = item
                indexAdd(item)
                if let version = item.metadata.resourceVersion { resourceVersion = version }
            }
            return objects[item.metadata.name]
        }
        changed(old, item)
    }

    private func remove(_ item: Item) {
        let old = lock.withLock { () -> Item? in
            if let version = item.metadata.resourceVersion { resourceVersion = version }
            let old = objects.removeValue(forKey: item.metadata.name)
            if let old { indexRemove(old) }
            return old
        }
        changed(old ?? item, nil)
    }

    private func indexAdd(_ item: Item) {
        guard let value = item.metadata.labels?[indexLabel] else { return }
        index[value, default: [:]][item.metadata.name] = item
    }

    private func indexRemove(_ item: Item) {
        guard let value = item.metadata.labels?[indexLabel] else { return }
        index[value]?[item.metadata.name] = nil
        if index[value]?.isEmpty == true { index[value] = nil }
    }
}
