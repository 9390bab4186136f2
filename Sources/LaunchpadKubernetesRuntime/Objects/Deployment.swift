/// A Deployment as the driver reads it back: what it was given, and how far its rollout came.
struct Deployment: Decodable, Sendable, Equatable {
    struct Spec: Decodable, Sendable, Equatable {
        var replicas: Int?
    }

    struct Condition: Decodable, Sendable, Equatable {
        var type: String
        var status: String
        var reason: String?
        var message: String?
    }

    struct Status: Decodable, Sendable, Equatable {
        var observedGeneration: Int?
        var replicas: Int?
        var updatedReplicas: Int?
        var readyReplicas: Int?
        var availableReplicas: Int?
        var conditions: [Condition]?
    }

    var metadata: ObjectMeta
    var spec: Spec?
    var status: Status?
}
