import Foundation
@testable import LaunchpadKubernetesRuntime
import LaunchpadTestSupport
import Testing

/// Reading credentials without a cluster: kubeconfig files as kubectl writes them, the pod's
/// service account, and what is refused with a reason.
struct CredentialsTests {
    @Test func readsTheCurrentContextOfAKubeconfigAsKubectlWritesIt() throws {
        let directory = try TemporaryDirectory()
        let authority = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
        let path = directory.path + "/config"
        try """
        apiVersion: v1
        clusters:
        - cluster:
            certificate-authority-data: \(Data(authority.utf8).base64EncodedString())
            server: https://10.1.2.3:6443
          name: prod
        - cluster:
            server: https://other:443
          name: other
        contexts:
        - context:
            cluster: prod
            namespace: agents
            user: "launchpad"
          name: main
        current-context: main
        kind: Config
        preferences: {}
        users:
        - name: launchpad
          user:
            token: abc.def
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let credentials = try KubernetesCredentials.kubeconfig(at: path)
        #expect(credentials == KubernetesCredentials(host: "10.1.2.3", port: 6443, authority: Array(authority.utf8), token: "abc.def", namespace: "agents"))
    }

    @Test func refusesAKubeconfigWithoutAToken() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/config"
        try """
        clusters:
        - name: c
          cluster:
            server: https://127.0.0.1:6443
            certificate-authority: ca.crt
        contexts:
        - name: x
          context: {cluster: c, user: u}
        current-context: x
        users:
        - name: u
          user:
            client-certificate: cert.pem
        """.write(toFile: path, atomically: true, encoding: .utf8)
        try "-----BEGIN CERTIFICATE-----\n".write(toFile: directory.path + "/ca.crt", atomically: true, encoding: .utf8)
        #expect(throws: KubernetesError.self) { try KubernetesCredentials.kubeconfig(at: path) }
    }

    @Test func readsThePodsServiceAccount() throws {
        let directory = try TemporaryDirectory()
        try "ca".write(toFile: directory.path + "/ca.crt", atomically: true, encoding: .utf8)
        try "token\n".write(toFile: directory.path + "/token", atomically: true, encoding: .utf8)
        try "agents".write(toFile: directory.path + "/namespace", atomically: true, encoding: .utf8)
        let credentials = try KubernetesCredentials.inCluster(
            environment: ["KUBERNETES_SERVICE_HOST": "10.96.0.1", "KUBERNETES_SERVICE_PORT": "443"], directory: directory.path)
        #expect(credentials == KubernetesCredentials(host: "10.96.0.1", port: 443, authority: Array("ca".utf8), token: "token", namespace: "agents"))
        #expect(throws: KubernetesError.self) { try KubernetesCredentials.inCluster(environment: [:], directory: directory.path) }
    }

    @Test func logTimestampsCompareInTimeOrder() {
        #expect(PodLogFollower.normalized("2026-01-02T03:04:05.12Z") == "2026-01-02T03:04:05.120000000Z")
        #expect(PodLogFollower.normalized("2026-01-02T03:04:05Z") == "2026-01-02T03:04:05.000000000Z")
        #expect(PodLogFollower.normalized("2026-01-02T03:04:05.9Z") > PodLogFollower.normalized("2026-01-02T03:04:05.123456789Z"))
    }

    @Test func kubernetesTimesAreReadAndWritten() {
        #expect(KubernetesTime.parse("2026-01-01T00:00:03Z") == Date(timeIntervalSince1970: 1_767_225_603))
        #expect(KubernetesTime.parse("2026-01-01T00:00:03.25Z") == Date(timeIntervalSince1970: 1_767_225_603.25))
        #expect(KubernetesTime.parse("2026-01-01 00:00:03Z") == nil)
        #expect(KubernetesTime.format(Date(timeIntervalSince1970: 1_767_225_603.9)) == "2026-01-01T00:00:03Z")
    }
}
