import Foundation
import LaunchpadStore

/// Pipelines and their runs in LMDB:
///
/// - `pipelines`: pipelineId → PipelineDefinition
/// - `pipeline_names`: owner 0 name 0 → pipelineId (a name is unique per owner; listing is a walk)
/// - `pipeline_runs`: runId → PipelineRun
/// - `pipeline_run_index`: `p` pipelineId 0 startedAt runId (a pipeline's runs, newest first by a
///   reverse walk), `t` startedAt runId (by age, for retention), `r` runId (the runs still running,
///   for the resume at start)
public final class PipelineStore: Sendable {
    let database: Database
    let definitions: Table
    let names: Table
    let runs: Table
    let index: Table

    public init(database: Database) throws {
        self.database = database
        let environment = database.environment
        definitions = try environment.openTable("pipelines")
        names = try environment.openTable("pipeline_names")
        runs = try environment.openTable("pipeline_runs")
        index = try environment.openTable("pipeline_run_index")
    }

    // MARK: Definitions

    /// The longest id or name looked up: anything longer, or empty, names nothing (and is no LMDB key).
    static let maxLookupBytes = 256

    func definition(owner: String, name: String, in transaction: Transaction) throws -> PipelineDefinition? {
        guard (1...Self.maxLookupBytes).contains(name.utf8.count) else { return nil }
        guard let id = try transaction.get(names, Self.nameKey(owner: owner, name: name)) else { return nil }
        return try transaction.get(definitions, id, as: PipelineDefinition.self)
    }

    public func definition(owner: String, name: String) throws -> PipelineDefinition? {
        try database.environment.read { try definition(owner: owner, name: name, in: $0) }
    }

    public func definition(_ pipelineId: String) throws -> PipelineDefinition? {
        guard (1...Self.maxLookupBytes).contains(pipelineId.utf8.count) else { return nil }
        let definitions = self.definitions
        return try database.environment.read { try $0.get(definitions, Array(pipelineId.utf8), as: PipelineDefinition.self) }
    }

    /// How many pipelines the owner has (their name index, counted in `transaction`).
    func definitionCount(owner: String, in transaction: Transaction) throws -> Int {
        var prefix = KeyBuilder()
        prefix.append(owner)
        var count = 0
        try transaction.scan(names, prefix: prefix.bytes) { _, _ in
            count += 1
            return true
        }
        return count
    }

    /// The owner's pipelines by name.
    public func definitions(owner: String) throws -> [PipelineDefinition] {
        let (names, definitions) = (self.names, self.definitions)
        var prefix = KeyBuilder()
        prefix.append(owner)
        return try database.environment.read { transaction in
            var result: [PipelineDefinition] = []
            try transaction.scan(names, prefix: prefix.bytes) { _, id in
                if let definition = try transaction.get(definitions, id, as: PipelineDefinition.self) { result.append(definition) }
                return true
            }
            return result
        }
    }

    func save(_ definition: PipelineDefinition, in transaction: WriteTransaction) throws {
        let id: [UInt8] = Array(definition.pipelineId.utf8)
        try transaction.put(definitions, id, definition)
        try transaction.put(names, Self.nameKey(owner: definition.ownerId, name: definition.name), id)
    }

    /// Removes the definition, its name and every run of it.
    func remove(_ definition: PipelineDefinition, in transaction: WriteTransaction) throws {
        try transaction.delete(definitions, Array(definition.pipelineId.utf8))
        try transaction.delete(names, Self.nameKey(owner: definition.ownerId, name: definition.name))
        var runIds: [[UInt8]] = []
        let prefix = Self.pipelinePrefix(definition.pipelineId)
        try transaction.scan(index, prefix: prefix) { key, _ in
            runIds.append(Array(key[(prefix.count + 8)...]))
            return true
        }
        for runId in runIds {
            if let run = try transaction.get(runs, runId, as: PipelineRun.self) { try remove(run, in: transaction) }
        }
    }

    // MARK: Runs

    public func run(_ runId: String) throws -> PipelineRun? {
        guard (1...Self.maxLookupBytes).contains(runId.utf8.count) else { return nil }
        let runs = self.runs
        return try database.environment.read { try $0.get(runs, Array(runId.utf8), as: PipelineRun.self) }
    }

    /// Writes `run`, indexing a new one and keeping the running index in step with its status.
    func save(_ run: PipelineRun, isNew: Bool, in transaction: WriteTransaction) throws {
        try save(run, encoded: ValueCoding.encode(run), isNew: isNew, in: transaction)
    }

    /// Writes a run under way over its record, if that is still there and running (deleting its
    /// pipeline takes it away); false otherwise. `encoded` is the run's JSON, made before the write
    /// so that the one writer spends no time encoding or decoding: the check reads a key of the
    /// running index, not the record.
    func update(_ run: PipelineRun, encoded: [UInt8], in transaction: WriteTransaction) throws -> Bool {
        guard try transaction.get(index, Self.runningKey(run.runId)) != nil else { return false }
        try save(run, encoded: encoded, isNew: false, in: transaction)
        return true
    }

    /// Writes `run` from its JSON, `encoded` before the write transaction.
    func save(_ run: PipelineRun, encoded: [UInt8], isNew: Bool, in transaction: WriteTransaction) throws {
        try transaction.put(runs, Array(run.runId.utf8), encoded)
        if isNew {
            try transaction.put(index, Self.pipelineKey(run), [UInt8]())
            try transaction.put(index, Self.ageKey(run), [UInt8]())
        }
        if run.status == .running {
            try transaction.put(index, Self.runningKey(run.runId), [UInt8]())
        } else {
            try transaction.delete(index, Self.runningKey(run.runId))
        }
    }

    private func remove(_ run: PipelineRun, in transaction: WriteTransaction) throws {
        try transaction.delete(runs, Array(run.runId.utf8))
        try transaction.delete(index, Self.pipelineKey(run))
        try transaction.delete(index, Self.ageKey(run))
        try transaction.delete(index, Self.runningKey(run.runId))
    }

    /// A page of the pipeline's runs, newest first, and how many it has.
    public func runs(of pipelineId: String, limit: Int, offset: Int) throws -> RunPage {
        let (runs, index) = (self.runs, self.index)
        let prefix = Self.pipelinePrefix(pipelineId)
        return try database.environment.read { transaction in
            var page: [PipelineRun] = []
            var total = 0
            try transaction.scan(index, prefix: prefix, reverse: true) { key, _ in
                total += 1
                if total > offset, page.count < limit, let run = try transaction.get(runs, Array(key[(prefix.count + 8)...]), as: PipelineRun.self) {
                    page.append(run)
                }
                return true
            }
            return RunPage(runs: page, total: total)
        }
    }

    /// The runs recorded as running: at start, those an earlier process left.
    public func runningRuns() throws -> [PipelineRun] {
        let (runs, index) = (self.runs, self.index)
        return try database.environment.read { transaction in
            var result: [PipelineRun] = []
            try transaction.scan(index, prefix: [Self.runningTag]) { key, _ in
                if let run = try transaction.get(runs, Array(key.dropFirst()), as: PipelineRun.self) { result.append(run) }
                return true
            }
            return result
        }
    }

    /// Deletes the runs that ended and started before `cutoff`; returns how many went.
    @discardableResult
    public func prune(startedBefore cutoff: Date, batch: Int = 500) throws -> Int {
        let (runs, index) = (self.runs, self.index)
        var bound = KeyBuilder()
        bound.append(bytes: [Self.ageTag])
        bound.append(Self.micros(cutoff))
        let end = bound.bytes
        return try database.writer.write { transaction in
            var old: [PipelineRun] = []
            try transaction.scan(index, prefix: [Self.ageTag]) { key, _ in
                guard key.lexicographicallyPrecedes(end), old.count < batch else { return false }
                if let run = try transaction.get(runs, Array(key[9...]), as: PipelineRun.self), run.status != .running { old.append(run) }
                return true
            }
            for run in old { try self.remove(run, in: transaction) }
            return old.count
        }
    }

    // MARK: Keys

    static let pipelineTag = UInt8(ascii: "p")
    static let ageTag = UInt8(ascii: "t")
    static let runningTag = UInt8(ascii: "r")

    static func nameKey(owner: String, name: String) -> [UInt8] {
        var key = KeyBuilder()
        key.append(owner)
        key.append(name)
        return key.bytes
    }

    static func micros(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded(.down))
    }

    static func pipelinePrefix(_ pipelineId: String) -> [UInt8] {
        var key = KeyBuilder()
        key.append(bytes: [pipelineTag])
        key.append(pipelineId)
        return key.bytes
    }

    static func pipelineKey(_ run: PipelineRun) -> [UInt8] {
        var key = KeyBuilder()
        key.append(bytes: pipelinePrefix(run.pipelineId))
        key.append(micros(run.startedAt))
        key.append(bytes: Array(run.runId.utf8))
        return key.bytes
    }

    static func ageKey(_ run: PipelineRun) -> [UInt8] {
        var key = KeyBuilder()
        key.append(bytes: [ageTag])
        key.append(micros(run.startedAt))
        key.append(bytes: Array(run.runId.utf8))
        return key.bytes
    }

    static func runningKey(_ runId: String) -> [UInt8] {
        [runningTag] + Array(runId.utf8)
    }
}
