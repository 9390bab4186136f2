import LaunchpadCore
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
        if let create = try decode(CreateAgentRequest.self, body, syntaxIsValid: syntaxIsValid) {
            checkQuantities(create.resources)
        }
        if let update = try decode(UpdateAgentRequest.self, body, syntaxIsValid: syntaxIsValid) {
            checkQuantities(update.resources)
        }
        _ = try decode(ScaleAgentRequest.self, body, syntaxIsValid: syntaxIsValid)
        if let generate = try decode(GenerateKeyRequest.self, body, syntaxIsValid: syntaxIsValid) {
            do {
                try generate.validate(lifetimeDays: 1...3650)
            } catch {
                try requireValidationError(error, "GenerateKeyRequest.validate")
            }
        }
        if let profile = try decode(UpdateProfileRequest.self, body, syntaxIsValid: syntaxIsValid) {
            do {
                try profile.validate()
            } catch {
                try requireValidationError(error, "UpdateProfileRequest.validate")
            }
        }
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ body: [UInt8], syntaxIsValid: Bool) throws(FuzzFailure) -> T? {
        switch Result(catching: { () throws(APIError) in try JSON.decode(type, from: body) }) {
        case .success(let value):
            try require(syntaxIsValid, "JSON.decode(\(type)) accepted a body that JSON.validateSyntax refuses")
            return value
        case .failure(let error):
            try requireValidationError(error, "JSON.decode(\(type))")
            return nil
        }
    }

    private static func requireValidationError(_ error: APIError, _ step: String) throws(FuzzFailure) {
        try require(error.code == .validationError, "\(step) threw \(error.code), expected VALIDATION_ERROR: \(error.message)")
        try require(!(error.field ?? "").isEmpty, "\(step) threw a VALIDATION_ERROR naming no field: \(error.message)")
    }

    /// Quantities are parsed from any string the body holds; only a trap would be a failure.
    private static func checkQuantities(_ resources: ResourcesInput?) {
        _ = resources?.memory.flatMap(Quantity.bytes)
        _ = resources?.cpu.flatMap(Quantity.millicores)
    }
}
