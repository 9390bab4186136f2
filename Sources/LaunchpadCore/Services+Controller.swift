import LaunchpadController
import LaunchpadDomain

extension Services {
    /// A controller over `driver`, attached to the agent service (which tells it of every change)
    /// and started: it takes over what the driver recovered and acts on every stored agent. The
    /// pipelines then invoke agents through the invocation service, and take up the runs an earlier
    /// process left running.
    public func startController(driver: any ReplicaDriver, configuration: ControllerConfiguration = ControllerConfiguration()) throws -> Controller {
        let controller = Controller(
            records: agents, driver: driver,
            events: AgentLifecycleEvents(logs: logs, deployTimes: deployTimes, window: metricsWindow, securityEvents: events, owners: agents.store),
            configuration: configuration)
        agents.attach(controller)
        try controller.start()
        try pipelines.attach(InvocationStepInvoker(agents: agents, invocation: invocation))
        return controller
    }

    /// Where a driver hands the lines its replicas write: the agent's log.
    public func collect(_ line: ReplicaLogLine) {
        logs.append(agentId: line.agentId, pod: line.replicaName, line: line.line, isStderr: line.stream == .stderr, at: line.time)
    }
}
