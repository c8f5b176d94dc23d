using System.CommandLine;
using KafkaUpgrade.Client;

namespace KafkaUpgrade.Cli.Commands;

/// <summary>
/// Where the operations live: <c>--address</c>, <c>--namespace</c>, <c>--task-queue</c>, defaulting to the
/// <c>TEMPORAL_ADDRESS</c> / <c>TEMPORAL_NAMESPACE</c> environment variables (as the <c>temporal</c> CLI reads
/// them) and then to the embedded server on 127.0.0.1:7233.
/// </summary>
internal sealed class TemporalOptions
{
    public Option<string> Address { get; } = new("--address")
    {
        Description = "Temporal frontend host:port (env TEMPORAL_ADDRESS; default 127.0.0.1:7233, the embedded server).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("TEMPORAL_ADDRESS") is { Length: > 0 } a ? a : KafkaUpgradeClientOptions.DefaultAddress,
    };

    public Option<string> Namespace { get; } = new("--namespace", "-n")
    {
        Description = "Temporal namespace (env TEMPORAL_NAMESPACE; default 'default').",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("TEMPORAL_NAMESPACE") is { Length: > 0 } n ? n : "default",
    };

    public Option<string> TaskQueue { get; } = new("--task-queue")
    {
        Description = "Task queue the kafka-upgrade workers poll (default 'kafka-upgrade').",
        DefaultValueFactory = _ => KafkaUpgradeClientOptions.DefaultTaskQueue,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Address);
        command.Options.Add(Namespace);
        command.Options.Add(TaskQueue);
    }

    public KafkaUpgradeClientOptions Read(ParseResult parse) =>
        new(parse.GetValue(Address)!, parse.GetValue(Namespace)!, parse.GetValue(TaskQueue)!);

    public Task<KafkaUpgradeClient> ConnectAsync(ParseResult parse, CancellationToken cancellationToken) =>
        KafkaUpgradeClient.ConnectAsync(Read(parse), cancellationToken);
}
