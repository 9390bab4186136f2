extension Character {
    /// The part of an elizaOS character's `settings` that the reference agent reads.
    public struct Settings: Codable, Sendable, Equatable {
        /// Platform names ("discord", "telegram"); each one's secret is `PlatformSecret.environmentName(for:)`.
        public var platforms: [String]

        /// Creates settings.
        public init(platforms: [String] = []) {
            self.platforms = platforms
        }

        private enum CodingKeys: String, CodingKey {
            case platforms
        }

        /// Decodes settings; `platforms` defaults to empty, and other fields are ignored.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            platforms = try container.decodeIfPresent([String].self, forKey: .platforms) ?? []
        }
    }
}
