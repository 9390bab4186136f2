import LaunchpadDomain

/// The checks a definition passes before it is stored. Each refusal is `invalid`, naming the step
/// (`steps[2]`, and its name in the message) and the field at fault.
enum PipelineRules {
    /// Checks `draft`; `checkAgent` throws for an agent the owner does not have.
    static func check(_ draft: PipelineDraft, maxSteps: Int, checkAgent: (String) throws -> Void) throws {
        try AgentRules.name(draft.name, field: "name")
        if let title = draft.title { try AgentRules.text(title, field: "title", max: 256) }
        try AgentRules.text(draft.description, field: "description", max: 4096)
        guard !draft.steps.isEmpty else { throw DomainError.invalid(field: "steps", "must hold at least one step") }
        guard draft.steps.count <= maxSteps else { throw DomainError.invalid(field: "steps", "must hold at most \(maxSteps) steps") }

        var positions: [String: Int] = [:]
        for (index, step) in draft.steps.enumerated() {
            try stepName(step.name, field: "steps[\(index)].name")
            guard positions.updateValue(index, forKey: step.name) == nil else {
                throw DomainError.invalid(field: "steps[\(index)].name", "step '\(step.name)' is named twice")
            }
        }
        let dependencies = try Self.dependencies(of: draft.steps, positions: positions)
        let ancestors = try Self.ancestors(dependencies, steps: draft.steps)
        for (index, step) in draft.steps.enumerated() {
            try fields(of: step, at: index)
            if let text = step.input {
                let template = try PipelineTemplate(text, field: "steps[\(index)].input")
                for name in template.steps where !(positions[name].map { ancestors[index].contains($0) } ?? false) {
                    let problem = positions[name] == nil ? "which is not a step of this pipeline" : "which does not run before it"
                    throw DomainError.invalid(field: "steps[\(index)].input", "step '\(step.name)' uses the output of '\(name.prefix(64))', \(problem)")
                }
            }
        }
        // The agents last: the rest needs no lookup, and is refused the same way when none can be made.
        for (index, step) in draft.steps.enumerated() {
            do {
                try checkAgent(step.agent)
            } catch let error as DomainError where error.code == .notFound {
                throw DomainError.invalid(field: "steps[\(index)].agent", "step '\(step.name)' names agent '\(step.agent.prefix(128))', which you do not have")
            }
        }
    }

    /// Each step's dependencies as positions: its `dependsOn`, or the step before it.
    static func dependencies(of steps: [PipelineStep], positions: [String: Int]) throws -> [[Int]] {
        try steps.enumerated().map { index, step in
            guard let names = step.dependsOn else { return index == 0 ? [] : [index - 1] }
            var result: [Int] = []
            for name in names {
                guard let position = positions[name], position != index else {
                    let problem = name == step.name ? "depends on itself" : "depends on '\(name.prefix(64))', which is not a step of this pipeline"
                    throw DomainError.invalid(field: "steps[\(index)].dependsOn", "step '\(step.name)' \(problem)")
                }
                guard !result.contains(position) else {
                    throw DomainError.invalid(field: "steps[\(index)].dependsOn", "step '\(step.name)' names '\(name)' twice")
                }
                result.append(position)
            }
            return result
        }
    }

    /// Every step's transitive dependencies, found in topological order (Kahn's, without recursion,
    /// so that a deep chain costs no stack); a cycle is refused, naming a step on it.
    static func ancestors(_ dependencies: [[Int]], steps: [PipelineStep]) throws -> [Set<Int>] {
        var waiting = dependencies.map(\.count)
        var dependents = Array(repeating: [Int](), count: dependencies.count)
        for (index, list) in dependencies.enumerated() { for dependency in list { dependents[dependency].append(index) } }
        var ready = waiting.indices.filter { waiting[$0] == 0 }
        var ancestors = Array(repeating: Set<Int>(), count: dependencies.count)
        var done = 0
        while let index = ready.popLast() {
            done += 1
            for dependent in dependents[index] {
                ancestors[dependent].formUnion(ancestors[index])
                ancestors[dependent].insert(index)
                waiting[dependent] -= 1
                if waiting[dependent] == 0 { ready.append(dependent) }
            }
        }
        if done < dependencies.count, let index = waiting.indices.first(where: { waiting[$0] > 0 }) {
            throw DomainError.invalid(field: "steps[\(index)].dependsOn", "step '\(steps[index].name)' is on a cycle of dependencies")
        }
        return ancestors
    }

    /// 1 to 64 of `[A-Za-z0-9_-]`: it appears in templates as `{{steps.<name>.output}}`.
    static func stepName(_ value: String, field: String) throws(DomainError) {
        guard (1...64).contains(value.utf8.count), value.utf8.allSatisfy(isNameByte) else {
            throw DomainError.invalid(field: field, "must be 1 to 64 of A-Z, a-z, 0-9, '_' and '-'")
        }
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x5F || byte == 0x2D
    }

    private static func fields(of step: PipelineStep, at index: Int) throws(DomainError) {
        func refuse(_ field: String, _ problem: String) -> DomainError {
            DomainError.invalid(field: "steps[\(index)].\(field)", "step '\(step.name)': \(problem)")
        }
        guard (1...128).contains(step.agent.utf8.count), !step.agent.utf8.contains(0) else { throw refuse("agent", "must be 1 to 128 characters") }
        if let input = step.input { try AgentRules.text(input, field: "steps[\(index)].input", max: 32_768) }
        for (field, text) in [("condition", step.condition), ("until", step.until)] {
            guard let text else { continue }
            guard (1...1024).contains(text.utf8.count) else { throw refuse(field, "must be 1 to 1024 bytes") }
        }
        for (field, value, range) in [
            ("maxIterations", step.maxIterations, 1...100), ("timeoutMs", step.timeoutMs, 1...3_600_000),
            ("maxRetries", step.maxRetries, 0...10), ("backoffMs", step.backoffMs, 0...60_000),
        ] {
            guard let value else { continue }
            guard range.contains(value) else { throw refuse(field, "must be from \(range.lowerBound) to \(range.upperBound)") }
        }
        if let variable = step.outputVariable { try stepName(variable, field: "steps[\(index)].outputVariable") }
    }
}
