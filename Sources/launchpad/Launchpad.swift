import ArgumentParser

@main
struct Launchpad: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "launchpad",
        abstract: "A self-hosted control plane for AI agents, served over FastCGI behind nginx.",
        subcommands: [UpCommand.self, ServeCommand.self, KeysCommand.self, AdvisoriesCommand.self, BackupCommand.self, AgentRuntimeCommand.self, ExecLimitedCommand.self, BenchAuthCommand.self, BenchListCommand.self, BenchRespondCommand.self, BenchMetricsCommand.self, BenchScanCommand.self,
                      AgentsCommand.self, LogsCommand.self, InvokeCommand.self])
}
