import Foundation
import LaunchpadDomain

/// What the controller is told of pods and Deployments: replicas, rollout progress, and the
/// reasons a rollout cannot succeed.
enum PodReport {
    /// Waiting reasons of a container that mean its image cannot be had.
    static let imageFailures: Set<String> = ["ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull", "RegistryUnavailable"]

    static func generation(of metadata: ObjectMeta) -> Int {
        metadata.annotations?[AgentManifests.generationAnnotation].flatMap { Int($0) } ?? 0
    }

    /// Whether the pod's Ready condition is True.
    static func isReady(_ pod: Pod) -> Bool {
        pod.status?.conditions?.contains { $0.type == "Ready" && $0.status == "True" } == true
    }

    static func replica(_ pod: Pod, port: Int) -> ReplicaReport {
        let ready = pod.status?.conditions?.first { $0.type == "Ready" }
        let isReady = isReady(pod)
        let waiting = pod.status?.containerStatuses?.lazy.compactMap { $0.state?.waiting }.first
        let notReady = isReady ? nil : (waiting.map { [$0.reason, $0.message].compactMap { $0 }.joined(separator: ": ") } ?? ready?.message ?? "the pod is not ready yet")
        let started = KubernetesTime.parse(pod.status?.startTime) ?? KubernetesTime.parse(pod.metadata.creationTimestamp) ?? Date()
        return ReplicaReport(
            name: pod.metadata.name, generation: generation(of: pod.metadata),
            endpoint: pod.status?.podIP.map { ReplicaEndpoint(host: $0, port: port) },
            readySince: isReady ? (KubernetesTime.parse(ready?.lastTransitionTime) ?? started) : nil,
            startedAt: started, restarts: pod.status?.containerStatuses?.reduce(0) { $0 + ($1.restartCount ?? 0) } ?? 0,
            notReadyReason: notReady, placement: pod.spec?.nodeName.map { "node \($0)" })
    }

    /// The Deployment's rollout in the agent's generations: the agent's generation once the
    /// Deployment controller has seen the Deployment's newest spec, the one before until then.
    static func progress(_ deployment: Deployment) -> RolloutProgress {
        let generation = generation(of: deployment.metadata)
        let status = deployment.status
        let observed = (status?.observedGeneration ?? 0) >= (deployment.metadata.generation ?? 1) ? generation : generation - 1
        var failure: String?
        for condition in status?.conditions ?? [] {
            if condition.type == "ReplicaFailure" && condition.status == "True" {
                failure = "the API server refused the agent's pods: \(condition.message ?? condition.reason ?? "ReplicaFailure")"
            } else if condition.type == "Progressing" && condition.status == "False" && condition.reason == "ProgressDeadlineExceeded" {
                failure = "the rollout made no progress: \(condition.message ?? "ProgressDeadlineExceeded")"
            }
        }
        return RolloutProgress(
            observedGeneration: observed, updatedReplicas: status?.updatedReplicas ?? 0, readyReplicas: status?.readyReplicas ?? 0,
            availableReplicas: status?.availableReplicas ?? 0, failure: failure)
    }

    /// Why a pod cannot become ready, when waiting will not help: its image cannot be pulled, its
    /// container keeps crashing.
    static func failure(_ pod: Pod) -> String? {
        for container in pod.status?.containerStatuses ?? [] {
            guard let waiting = container.state?.waiting, let reason = waiting.reason else { continue }
            let detail = waiting.message.map { ": \($0)" } ?? ""
            if imageFailures.contains(reason) { return "image pull failed (\(reason))\(detail)" }
            if reason == "CrashLoopBackOff" { return "crash loop back-off (\(container.restartCount ?? 0) restarts) of pod \(pod.metadata.name)\(detail)" }
        }
        return nil
    }

    /// How a pod's container last ended, for a termination's reason.
    static func lastEnd(_ pod: Pod) -> String {
        guard let ended = pod.status?.containerStatuses?.lazy.compactMap({ $0.lastState?.terminated }).first else { return "restarted by the cluster" }
        var reason = "restarted by the cluster"
        if let code = ended.exitCode { reason = "exited with status \(code)" }
        if let signal = ended.signal, signal > 0 { reason = "killed by signal \(signal)" }
        if let cause = ended.reason { reason += " (\(cause))" }
        return reason
    }
}
