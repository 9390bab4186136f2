/// Why no port could be chosen: the message for the ERROR line.
struct PortProblem: Error {
    let message: String
}
