import Foundation
import LaunchpadDomain
@testable import LaunchpadKubernetesRuntime
import Testing

/// Pods and Deployments as the controller is told of them, from JSON as the API server writes it.
struct PodReportTests {
    static func decode<T: Decodable>(_ json: String, as type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(json.utf8))
    }

    @Test func aReadyPodIsAReadyReplicaAtItsAddress() throws {
        let pod = try Self.decode("""
            {"metadata":{"name":"a-1","annotations":{"launchpad.dev/generation":"4"}},"spec":{"nodeName":"node-1"},
             "status":{"phase":"Running","podIP":"10.0.0.7","startTime":"2026-01-01T00:00:00Z",
              "conditions":[{"type":"Ready","status":"True","lastTransitionTime":"2026-01-01T00:00:03Z"}],
              "containerStatuses":[{"name":"agent","ready":true,"restartCount":2,"state":{"running":{}}}]}}
            """, as: Pod.self)
        let replica = PodReport.replica(pod, port: 8080)
        #expect(replica.generation == 4 && replica.restarts == 2 && replica.placement == "node node-1")
        #expect(replica.endpoint?.description == "http://10.0.0.7:8080")
        #expect(replica.readySince == Date(timeIntervalSince1970: 1_767_225_603))
        #expect(PodReport.failure(pod) == nil)
    }

    @Test func anImagePullFailureAndACrashLoopAreReasons() throws {
        let pulling = try Self.decode("""
            {"metadata":{"name":"a-1"},"status":{"containerStatuses":[{"name":"agent","state":{"waiting":{"reason":"ImagePullBackOff","message":"Back-off pulling image x"}}}]}}
            """, as: Pod.self)
        #expect(PodReport.failure(pulling) == "image pull failed (ImagePullBackOff): Back-off pulling image x")
        #expect(PodReport.replica(pulling, port: 1).notReadyReason == "ImagePullBackOff: Back-off pulling image x")
        let crashing = try Self.decode("""
            {"metadata":{"name":"a-2"},"status":{"containerStatuses":[{"name":"agent","restartCount":5,"state":{"waiting":{"reason":"CrashLoopBackOff"}},
             "lastState":{"terminated":{"exitCode":3,"reason":"Error"}}}]}}
            """, as: Pod.self)
        #expect(PodReport.failure(crashing) == "crash loop back-off (5 restarts) of pod a-2")
        #expect(PodReport.lastEnd(crashing) == "exited with status 3 (Error)")
    }

    @Test func progressCountsInTheAgentsGenerationsOnceTheDeploymentControllerHasSeenTheSpec() throws {
        let lagging = try Self.decode("""
            {"metadata":{"name":"a","generation":7,"annotations":{"launchpad.dev/generation":"3"}},
             "status":{"observedGeneration":6,"updatedReplicas":1,"readyReplicas":2,"availableReplicas":2}}
            """, as: Deployment.self)
        #expect(PodReport.progress(lagging) == RolloutProgress(observedGeneration: 2, updatedReplicas: 1, readyReplicas: 2, availableReplicas: 2))
        let refused = try Self.decode("""
            {"metadata":{"name":"a","generation":1,"annotations":{"launchpad.dev/generation":"1"}},
             "status":{"observedGeneration":1,"conditions":[{"type":"ReplicaFailure","status":"True","reason":"FailedCreate","message":"pods \\"a-x\\" is forbidden: exceeded quota: q"}]}}
            """, as: Deployment.self)
        #expect(PodReport.progress(refused).failure == "the API server refused the agent's pods: pods \"a-x\" is forbidden: exceeded quota: q")
        #expect(PodReport.progress(refused).observedGeneration == 1)
    }
}
