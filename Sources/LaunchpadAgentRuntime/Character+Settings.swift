extension Character {
    /// The part of an elizaOS character's `settings` that the reference agent reads.
    public struct Settings: Codable, Sendable, Equatable {
        /// Platform names ("discord", "telegram"); each one's secret is `PlatformSecret.environmentName(for:)`.
        public var platforms: [String]
        /// Milliseconds the reference agent waits before each token of a streamed reply, so that a
        /// stream arrives piece by piece (tests, demonstrations); nil or 0 streams at once.
        public var tokenDelayMs: Int?

        /// Creates settings.
        public init(platforms: [String] = [], tokenDelayMs: Int? = nil) {
            self.platforms = platforms
            self.tokenDelayMs = tokenDelayMs
        }

        private enum CodingKeys: String, CodingKey {
            case platforms, tokenDelayMs
        }

        /// Decodes settings; `platforms` defaults to empty, `tokenDelayMs` is kept within 0...60000, and
        /// other fields are ignored.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            platforms = try container.decodeIfPresent([String].self, forKey: .platforms) ?? []
            tokenDelayMs = try container.decodeIfPresent(Int.self, forKey: .tokenDelayMs).map { min(max($0, 0), 60_000) }
        }
    }
}
