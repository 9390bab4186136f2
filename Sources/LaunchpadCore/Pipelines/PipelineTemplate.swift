import Foundation
import LaunchpadDomain

/// A step's input template, parsed: text with `{{input}}`, `{{variables.x}}` and
/// `{{steps.<name>.output}}` in it (spaces inside the braces allowed). Anything else between double
/// braces is refused, so that a typo is an error at creation rather than text sent to an agent.
struct PipelineTemplate: Equatable {
    enum Part: Equatable {
        case text(String)
        case input
        case variable(String)
        case stepOutput(String)
    }

    let parts: [Part]

    /// Parses `text`; `field` names the template in errors.
    init(_ text: String, field: String) throws(DomainError) {
        var parts: [Part] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { parts.append(.text(String(rest[..<open.lowerBound]))) }
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw DomainError.invalid(field: field, "'{{' is not closed by '}}'")
            }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            parts.append(try Self.placeholder(name, field: field))
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { parts.append(.text(String(rest))) }
        self.parts = parts
    }

    private static func placeholder(_ name: String, field: String) throws(DomainError) -> Part {
        let pieces = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        switch (pieces.first, pieces.count) {
        case ("input", 1):
            return .input
        case ("variables", 2) where !pieces[1].isEmpty:
            return .variable(pieces[1])
        case ("steps", 3) where !pieces[1].isEmpty && pieces[2] == "output":
            return .stepOutput(pieces[1])
        default:
            throw DomainError.invalid(
                field: field, "'{{\(name.prefix(64))}}' is none of {{input}}, {{variables.<name>}}, {{steps.<name>.output}}")
        }
    }

    /// The steps whose outputs it uses.
    var steps: [String] {
        parts.compactMap { if case .stepOutput(let name) = $0 { name } else { nil } }
    }

    /// The text with each placeholder replaced; a variable or output that has none is empty.
    func render(input: String, variables: [String: String], outputs: [String: String]) -> String {
        var result = ""
        for part in parts {
            switch part {
            case .text(let text): result += text
            case .input: result += input
            case .variable(let name): result += variables[name] ?? ""
            case .stepOutput(let name): result += outputs[name] ?? ""
            }
        }
        return result
    }
}
