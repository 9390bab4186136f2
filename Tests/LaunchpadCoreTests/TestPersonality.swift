import LaunchpadCore

extension Personality {
    /// The smallest personality a create accepts: one bio line.
    static let test = Personality(bio: ["A helpful test agent."])
}
