import LaunchpadDomain
import LaunchpadStore

/// A run's record as the store keeps it (`ValueCoding`'s JSON, byte for byte), made again at each
/// step without encoding what has not changed: the plan, fixed for the run, once; each step only
/// when it has changed. Encoding the whole run at every step cost a 20-step run a quarter of its CPU.
///
/// The rest of the run is encoded with an empty `plan` and `steps`, and the parts are put in their
/// place: with sorted keys, `"plan":[]` and `"steps":[]` first occur as the run's own keys (what comes
/// before them is strings, whose quotes are escaped, and `resumes`, which holds neither).
struct RunRecordEncoder {
    private var plan: [UInt8]?
    private var steps: [(run: StepRun, json: [UInt8])] = []

    mutating func encode(_ run: PipelineRun) throws -> [UInt8] {
        var rest = run
        rest.plan = []
        rest.steps = []
        let head = try ValueCoding.encode(rest)
        let plan = try self.plan ?? Self.array(run.plan.map { try ValueCoding.encode($0) })
        self.plan = plan
        if steps.count != run.steps.count { steps = [] }
        var parts: [[UInt8]] = []
        for (index, step) in run.steps.enumerated() {
            if index < steps.count, steps[index].run == step {
                parts.append(steps[index].json)
                continue
            }
            let json = try ValueCoding.encode(step)
            if index < steps.count { steps[index] = (step, json) } else { steps.append((step, json)) }
            parts.append(json)
        }
        return try Self.replace(Self.replace(head, key: "steps", with: Self.array(parts)), key: "plan", with: plan)
    }

    private static func array(_ items: [[UInt8]]) -> [UInt8] {
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        for (index, item) in items.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: item)
        }
        bytes.append(UInt8(ascii: "]"))
        return bytes
    }

    /// `json` with the value of its first `"key":[]` replaced by `value`.
    private static func replace(_ json: [UInt8], key: String, with value: [UInt8]) throws -> [UInt8] {
        let marker = Array("\"\(key)\":[]".utf8)
        guard let start = json.indices.first(where: { json[$0...].starts(with: marker) }) else {
            throw DomainError(.internalFailure, "A run's record has no \(key)")
        }
        let valueStart = start + marker.count - 2
        return Array(json[..<valueStart]) + value + Array(json[(valueStart + 2)...])
    }
}
