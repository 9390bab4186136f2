/// A pod as the driver reads it: where it runs, whether it is ready, its containers' states.
struct Pod: Decodable, Sendable, Equatable {
    struct Spec: Decodable, Sendable, Equatable {
        var nodeName: String?
    }

    struct Condition: Decodable, Sendable, Equatable {
        var type: String
        var status: String
        var lastTransitionTime: String?
        var reason: String?
        var message: String?
    }

    struct ContainerState: Decodable, Sendable, Equatable {
        struct Waiting: Decodable, Sendable, Equatable {
            var reason: String?
            var message: String?
        }

        struct Terminated: Decodable, Sendable, Equatable {
            var exitCode: Int?
            var signal: Int?
            var reason: String?
        }

        var waiting: Waiting?
        var terminated: Terminated?
    }

    struct ContainerStatus: Decodable, Sendable, Equatable {
        var name: String
        var ready: Bool?
        var restartCount: Int?
        var state: ContainerState?
        var lastState: ContainerState?
    }

    struct Status: Decodable, Sendable, Equatable {
        var phase: String?
        var podIP: String?
        var startTime: String?
        var conditions: [Condition]?
        var containerStatuses: [ContainerStatus]?
    }

    var metadata: ObjectMeta
    var spec: Spec?
    var status: Status?
}
