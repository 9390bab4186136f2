import LaunchpadAPI
import LaunchpadCore
import LaunchpadDomain
import LaunchpadHTTP
import LaunchpadJSONDepth

/// The input is a request body. `JSON.validateSyntax` and `JSON.decode` of every request type the API
/// decodes never trap; a refusal is a `VALIDATION_ERROR` naming a field; no type decodes a body the
/// syntax check refuses; what decodes validates without trapping, refusing only with `VALIDATION_ERROR`.
enum JSONBodyProperties {
    static func check(_ body: [UInt8]) throws(FuzzFailure) {
        var syntaxIsValid = true
        do {
            try JSON.validateSyntax(body)
        } catch {
            try requireValidationError(error, "JSON.validateSyntax")
            // A body too deep names its top-level member that nests too deep; any other refusal names 'body'.
            let expected = JSONDepth.excess(in: body, limit: JSON.maximumDepth).map { $0.member ?? "body" } ?? "body"
            try require(error.field == expected, "JSON.validateSyntax named '\(error.field ?? "")' instead of '\(expected)'")
            syntaxIsValid = false
        }
        if let create = try decode(CreateAgentBody.self, body, syntaxIsValid: syntaxIsValid) {
            checkQuantities(create.draft.fields.resources)
        }
        if let update = try decode(UpdateAgentBody.self, body, syntaxIsValid: syntaxIsValid) {
            checkQuantities(update.changes.resources)
        }
        _ = try decode(ScaleAgentBody.self, body, syntaxIsValid: syntaxIsValid)
        _ = try decode(InstanceBody.self, body, syntaxIsValid: syntaxIsValid)
        _ = try decode(CreateInstanceBody.self, body, syntaxIsValid: syntaxIsValid)
        if let workflow = try decode(CreateWorkflowBody.self, body, syntaxIsValid: syntaxIsValid) {
            do {
                _ = try workflow.draft(generatedId: "wf-fuzz")
            } catch {
                try requireValidationError(error, "CreateWorkflowBody.draft")
            }
        }
        _ = try decode(RunWorkflowBody.self, body, syntaxIsValid: syntaxIsValid)
        if let generate = try decode(GenerateKeyBody.self, body, syntaxIsValid: syntaxIsValid) {
            do {
                try generate.grant.validate(lifetimeDays: 1...3650)
            } catch {
                try requireValidationError(error, "KeyGrant.validate")
            }
        }
        if let profile = try decode(UpdateProfileBody.self, body, syntaxIsValid: syntaxIsValid) {
            do {
                try profile.changes.validate()
            } catch {
                try requireValidationError(error, "ProfileChanges.validate")
            }
        }
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ body: [UInt8], syntaxIsValid: Bool) throws(FuzzFailure) -> T? {
        switch Result(catching: { () throws(HTTPError) in try JSON.decode(type, from: body) }) {
        case .success(let value):
            try require(syntaxIsValid, "JSON.decode(\(type)) accepted a body that JSON.validateSyntax refuses")
            return value
        case .failure(let error):
            try requireValidationError(error, "JSON.decode(\(type))")
            return nil
        }
    }

    /// A refusal of the input: a bad request from decoding, or an invalid value from the rules,
    /// either naming the field.
    private static func requireValidationError(_ error: any Error, _ step: String) throws(FuzzFailure) {
        let (refusesInput, field, message): (Bool, String?, String) = switch error {
        case let error as HTTPError: (error.kind == .badRequest, error.field, error.message)
        case let error as DomainError: (error.code == .invalid, error.field, error.message)
        default: (false, nil, "\(error)")
        }
        try require(refusesInput, "\(step) threw \(error), expected a refusal of the input")
        try require(!(field ?? "").isEmpty, "\(step) refused the input naming no field: \(message)")
    }

    /// Quantities are parsed from any string the body holds; only a trap would be a failure.
    private static func checkQuantities(_ resources: ResourceRequest?) {
        _ = resources?.memory.flatMap(Quantity.bytes)
        _ = resources?.cpu.flatMap(Quantity.millicores)
    }
}
