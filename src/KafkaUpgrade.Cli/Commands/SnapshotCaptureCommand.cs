using System.CommandLine;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Core.Snapshots;
using KafkaUpgrade.Kafka.Admin;
using KafkaUpgrade.Kafka.Client;
using KafkaUpgrade.Kafka.Connection;
using KafkaUpgrade.Kafka.Metrics;

namespace KafkaUpgrade.Cli.Commands;

/// <summary>
/// <c>kafka-upgrade snapshot capture</c>: the snapshot of a live cluster through Kafka's admin APIs (Metadata /
/// DescribeTopicPartitions, DescribeCluster, DescribeQuorum, ApiVersions' features, DescribeConfigs,
/// DescribeLogDirs, ListPartitionReassignments), so <c>plan</c> and <c>rehearse</c> run against the real topology.
/// Read-only: it changes nothing on the cluster.
/// </summary>
internal static class SnapshotCaptureCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var bootstrap = new Option<string>("--bootstrap", "--bootstrap-server") { Description = "Broker listeners, HOST:PORT[,HOST:PORT].", Required = true };
        var controllers = new Option<string?>("--bootstrap-controller") { Description = "Controller listeners (KIP-919), HOST:PORT[,...]: the quorum's own view, needed during a ZooKeeper migration." };
        var commandConfig = new Option<string?>("--command-config") { Description = "Kafka client properties (security.protocol, sasl.*, ssl.*), as Kafka's tools take it." };
        var metrics = new Option<string?>("--metrics-url") { Description = "Nodes' JMX-exporter URL template ({host}, {port}, {id}), needed to tell a migration's phase." };
        var outFile = new Option<string>("--out", "-o") { Description = "File to write.", Required = true };
        var command = new Command("capture", """
            Capture a live cluster as a snapshot: nodes, racks, roles, topics, replicas, ISR, leaders, replica sizes
            (DescribeLogDirs), min.insync.replicas, finalized features, the KRaft quorum and reassignments in flight.
            Read-only. Node versions are inferred from the API versions each node advertises (ApiVersions says the
            release, not the patch: edit "version" if you need it exact).

            Examples:
              kafka-upgrade snapshot capture --bootstrap kafka1:9092,kafka2:9092 -o cluster.json
              kafka-upgrade snapshot capture --bootstrap kafka1:9093 --bootstrap-controller ctl1:9094 --command-config admin.properties -o cluster.json
            """)
        {
            bootstrap, controllers, commandConfig, metrics, outFile,
        };
        command.SetAction((parse, token) => CliErrors.GuardAsync(error, async () =>
        {
            var servers = CommandConfig.Split(parse.GetValue(bootstrap));
            var controllerList = CommandConfig.Split(parse.GetValue(controllers));
            KafkaClientOptions options;
            MetricsOptions? metricsOptions;
            try
            {
                options = parse.GetValue(commandConfig) is { } file
                    ? CommandConfig.Load(File.Exists(file) ? file : throw new BadInputException($"--command-config '{file}' does not exist."), servers, controllerList)
                    : new KafkaClientOptions { BootstrapServers = servers, BootstrapControllers = controllerList };
                options.Validate();
                metricsOptions = parse.GetValue(metrics) is { } template ? new MetricsOptions { UrlTemplate = template } : null;
                if (metricsOptions is not null)
                {
                    using var probe = new HttpClient();
                    _ = new NodeMetricsScraper("capture", metricsOptions, probe);
                }
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException)
            {
                throw new BadInputException(ex.Message);
            }

            var client = new KafkaClusterClient("capture", null, options, new ProtocolConnector(options));
            await using var admin = new KafkaClusterAdmin(client, new KafkaAdminOptions { Binding = "capture", Metrics = metricsOptions });
            Core.Model.ClusterState state;
            try
            {
                state = await admin.DescribeClusterAsync(token).ConfigureAwait(false);
            }
            catch (KafkaApiException ex) when (ex.Error.Name is "NETWORK_EXCEPTION")
            {
                await error.WriteLineAsync($"Cannot reach the cluster: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.Unreachable;
            }
            catch (KafkaApiException ex)
            {
                await error.WriteLineAsync($"The cluster refused: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.Failure;
            }
            catch (MetricsNotConfiguredException ex)
            {
                throw new BadInputException($"{ex.Message.Replace("set Metrics:UrlTemplate", "give --metrics-url", StringComparison.Ordinal)}");
            }

            var path = parse.GetValue(outFile)!;
            var json = ClusterSnapshotSerializer.Write(state);
            _ = ClusterSnapshotSerializer.Read(json);
            await File.WriteAllTextAsync(path, json, token).ConfigureAwait(false);
            await output.WriteLineAsync($"Wrote {path}: cluster {state.ClusterId}, {state.MetadataMode}, {state.Brokers.Count()} brokers, {state.Controllers.Count(n => !n.IsBroker)} controllers, {state.PartitionCount:N0} partitions, {state.AllPartitions.Sum(p => p.Partition.SizeBytes * p.Partition.ReplicationFactor):N0} bytes.").ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }
}
