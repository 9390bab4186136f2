/// The command line: `COMMAND DIR [--name value]...`, parsed by hand.
struct ProbeArguments {
    /// A command line that cannot be run.
    struct Failure: Error {
        let message: String
    }

    let command: String
    let directory: String
    private let options: [String: String]

    init(_ arguments: [String]) throws {
        guard arguments.count >= 2 else {
            throw Failure(message: "expected a command and a directory")
        }
        command = arguments[0]
        directory = arguments[1]
        var options: [String: String] = [:]
        var rest = arguments.dropFirst(2).makeIterator()
        while let name = rest.next() {
            guard name.hasPrefix("--"), let value = rest.next() else {
                throw Failure(message: "expected --name value, got \(name)")
            }
            options[String(name.dropFirst(2))] = value
        }
        self.options = options
    }

    /// The integer option `name`, or `defaultValue` when absent.
    func integer(_ name: String, default defaultValue: Int) throws -> Int {
        guard let text = options[name] else { return defaultValue }
        guard let value = Int(text), value > 0 else {
            throw Failure(message: "--\(name) needs a positive integer, got \(text)")
        }
        return value
    }

    /// The number option `name`, or `defaultValue` when absent.
    func number(_ name: String, default defaultValue: Double) throws -> Double {
        guard let text = options[name] else { return defaultValue }
        guard let value = Double(text), value > 0 else {
            throw Failure(message: "--\(name) needs a positive number, got \(text)")
        }
        return value
    }
}
