import Foundation
import LaunchpadDomain

extension DomainError {
    /// The error with its field named in a dialect's vocabulary: a top-level field by `fields`, a
    /// step's (`steps[2].input`) by `stepFields` on its last part; the message follows.
    func naming(fields: [String: String] = [:], stepFields: [String: String]) -> DomainError {
        guard let field else { return self }
        var renamed: String
        if let name = fields[field] {
            renamed = name
        } else {
            guard field.hasPrefix("steps["), let dot = field.lastIndex(of: "."),
                  let name = stepFields[String(field[field.index(after: dot)...])] else { return self }
            renamed = field[...dot] + name
        }
        var error = self
        error.field = renamed
        error.message = message.replacingOccurrences(of: "'\(field)'", with: "'\(renamed)'")
        return error
    }
}
