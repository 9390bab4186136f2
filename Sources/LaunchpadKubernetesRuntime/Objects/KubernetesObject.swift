/// An object the driver follows with a watch.
protocol KubernetesObject: Decodable, Sendable, Equatable {
    var metadata: ObjectMeta { get }
}

extension Deployment: KubernetesObject {}
extension Pod: KubernetesObject {}
