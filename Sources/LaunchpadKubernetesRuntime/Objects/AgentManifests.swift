import Foundation
import LaunchpadAgentRuntime
import LaunchpadDomain

/// The objects one agent is on a cluster, as server-side apply documents: a Deployment (its
/// replicas rolled out with no unavailable one, its resources as requests and limits, a readiness
/// probe on `/health`), a ConfigMap with its character file, a Secret with its opened platform
/// tokens (the container's environment, never the ConfigMap nor a label) and a Service. The last
/// three are owned by the Deployment, so that deleting it deletes them.
struct AgentManifests {
    static let agentLabel = "launchpad.dev/agent-id"
    static let instanceLabel = "launchpad.dev/instance"
    static let ownerLabel = "launchpad.dev/owner"
    static let generationAnnotation = "launchpad.dev/generation"
    static let containerName = "agent"
    static let characterDirectory = "/etc/launchpad"

    let configuration: KubernetesReplicaDriver.Configuration
    let template: ReplicaTemplate
    let replicas: Int

    var name: String { template.agentId }

    /// The labels that select the agent's pods (its instance and id) and, on its objects, its owner.
    var selector: [String: String] {
        [Self.instanceLabel: configuration.instance, Self.agentLabel: template.agentId]
    }

    var labels: [String: String] {
        var labels = selector
        labels["app.kubernetes.io/managed-by"] = "launchpad"
        if let owner = template.ownerId.map(Self.labelValue), !owner.isEmpty { labels[Self.ownerLabel] = owner }
        return labels
    }

    func deployment() -> [String: Any] {
        let annotations = [Self.generationAnnotation: String(template.generation)]
        var resources: [String: String] = [:]
        if let millicores = template.millicores { resources["cpu"] = "\(millicores)m" }
        if let memory = template.memoryBytes { resources["memory"] = String(memory) }
        let container: [String: Any] = [
            "name": Self.containerName,
            "image": configuration.image,
            "imagePullPolicy": "IfNotPresent",
            "command": configuration.command,
            // The protocol, though TCP by default, is a key of these lists for server-side apply.
            "ports": [["name": "http", "containerPort": configuration.port, "protocol": "TCP"]],
            "env": [
                ["name": "PORT", "value": String(configuration.port)],
                // The kubelet's probes and launchpad reach the agent on the pod's address, not its loopback.
                ["name": "LISTEN_ADDRESS", "value": "0.0.0.0"],
                ["name": "LAUNCHPAD_AGENT_ID", "value": template.agentId],
            ],
            "envFrom": [["secretRef": ["name": name]]],
            "volumeMounts": [["name": "character", "mountPath": Self.characterDirectory, "readOnly": true]],
            "resources": ["requests": resources, "limits": resources],
            "readinessProbe": [
                "httpGet": ["path": "/health", "port": "http"],
                "periodSeconds": 2, "timeoutSeconds": 1, "failureThreshold": 3,
            ],
        ]
        return object("apps/v1", "Deployment", annotations: annotations, body: [
            "spec": [
                "replicas": replicas,
                "selector": ["matchLabels": selector],
                "strategy": ["type": "RollingUpdate", "rollingUpdate": ["maxUnavailable": 0, "maxSurge": 1]],
                "progressDeadlineSeconds": configuration.progressDeadlineSeconds,
                "revisionHistoryLimit": 2,
                "template": [
                    "metadata": ["labels": labels, "annotations": annotations],
                    "spec": [
                        "automountServiceAccountToken": false,
                        "enableServiceLinks": false,
                        "terminationGracePeriodSeconds": 10,
                        "containers": [container],
                        "volumes": [["name": "character", "configMap": ["name": name]]],
                    ],
                ],
            ],
        ])
    }

    func configMap(owner: String) throws -> [String: Any] {
        let file = String(decoding: try Character.fileContents(of: template.character), as: UTF8.self)
        return object("v1", "ConfigMap", owner: owner, body: ["data": ["character.json": file]])
    }

    func secret(owner: String) -> [String: Any] {
        object("v1", "Secret", owner: owner, body: ["type": "Opaque", "stringData": template.environment])
    }

    func service(owner: String) -> [String: Any] {
        object("v1", "Service", owner: owner, body: [
            "spec": ["selector": selector, "ports": [["name": "http", "port": 80, "targetPort": "http", "protocol": "TCP"]]],
        ])
    }

    private func object(_ apiVersion: String, _ kind: String, owner: String? = nil, annotations: [String: String]? = nil, body: [String: Any]) -> [String: Any] {
        var metadata: [String: Any] = ["name": name, "namespace": configuration.namespace, "labels": labels]
        if let annotations { metadata["annotations"] = annotations }
        if let owner {
            metadata["ownerReferences"] = [[
                "apiVersion": "apps/v1", "kind": "Deployment", "name": name, "uid": owner,
                "controller": false, "blockOwnerDeletion": false,
            ]]
        }
        var object = body
        object["apiVersion"] = apiVersion
        object["kind"] = kind
        object["metadata"] = metadata
        return object
    }

    /// A label value: at most 63 of [A-Za-z0-9-_.], starting and ending with a letter or digit.
    static func labelValue(_ text: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        let kept = String(text.map { allowed.contains($0) ? $0 : "_" }.prefix(63))
        return String(kept.drop { !$0.isLetter && !$0.isNumber }.reversed().drop { !$0.isLetter && !$0.isNumber }.reversed())
    }

    /// Whether `name` can name the agent's objects (a DNS-1123 label, as agent ids are).
    static func isValidName(_ name: String) -> Bool {
        guard (1...63).contains(name.count), let first = name.first, let last = name.last else { return false }
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-")
        return name.allSatisfy { allowed.contains($0) } && first != "-" && last != "-"
    }
}
