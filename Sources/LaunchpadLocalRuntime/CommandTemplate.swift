/// The replica command line: split into arguments like a shell would for plain words and quotes
/// (no variables, globs or pipes), with `{name}` placeholders replaced in each argument.
enum CommandTemplate {
    static func expand(_ template: String, values: [String: String]) -> [String] {
        split(template).map { argument in
            values.reduce(argument) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
        }
    }

    /// `elizaos start --character '{character}'` → ["elizaos", "start", "--character", "{character}"].
    static func split(_ text: String) -> [String] {
        var arguments: [String] = []
        var current = ""
        var quote: Character?
        var inArgument = false
        for character in text {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "'" || character == "\"" {
                quote = character
                inArgument = true
            } else if character == " " || character == "\t" {
                if inArgument { arguments.append(current) }
                current = ""
                inArgument = false
            } else {
                current.append(character)
                inArgument = true
            }
        }
        if inArgument { arguments.append(current) }
        return arguments
    }
}
