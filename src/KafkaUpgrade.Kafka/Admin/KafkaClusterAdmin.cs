using System.Globalization;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Kafka.Client;
using KafkaUpgrade.Kafka.Metrics;
using KafkaUpgrade.Kafka.Protocol;
using Serilog;

namespace KafkaUpgrade.Kafka.Admin;

/// <summary>
/// <see cref="IClusterAdmin"/> for a real Kafka cluster, over Kafka's admin protocol (our own client,
/// <c>KafkaUpgrade.Kafka.Protocol</c>) for every call, metrics from the nodes' JMX exporters for what the protocol
/// does not tell. Controller APIs go to the bootstrap controllers (KIP-919) when configured, else to a broker, which
/// forwards them. Every call first checks the cluster id (<see cref="KafkaClusterClient.VerifyClusterId"/>).
/// </summary>
public sealed class KafkaClusterAdmin : IClusterAdmin, IAsyncDisposable
{
    private const sbyte TopicResource = 2;
    private const sbyte BrokerResource = 4;
    private readonly KafkaClusterClient _client;
    private readonly KafkaAdminOptions _options;
    private readonly ClusterMetrics _metrics;
    private readonly ReplicationThrottles _throttles;
    private readonly ConsumerLag _lag;
    private readonly ILogger _log;
    private readonly HttpClient? _http;

    /// <summary>Creates the adapter over <paramref name="client"/>.</summary>
    public KafkaClusterAdmin(KafkaClusterClient client, KafkaAdminOptions options, ILogger? log = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _options = options;
        _log = (log ?? Serilog.Core.Logger.None).ForContext("Cluster", options.Binding);
        if (options.Metrics is { } metrics)
        {
            _http = new HttpClient();
            _metrics = new ClusterMetrics(options.Binding, new NodeMetricsScraper(options.Binding, metrics, _http));
        }
        else
        {
            _metrics = new ClusterMetrics(options.Binding, null);
        }

        _throttles = new ReplicationThrottles(client, _log);
        _lag = new ConsumerLag(client);
    }

    /// <summary>The node metrics reader.</summary>
    public ClusterMetrics Metrics => _metrics;

    /// <summary>What the last <see cref="ClearReplicationThrottleAsync"/> removed, foreign leftovers flagged.</summary>
    public IReadOnlyList<RemovedThrottle> LastClearedThrottles => _throttles.LastCleared;

    /// <inheritdoc />
    public async Task<ClusterState> DescribeClusterAsync(CancellationToken cancellationToken = default)
    {
        var topology = await TopologyAsync(withTopicDetails: true, cancellationToken).ConfigureAwait(false);
        var sizes = await LogDirsAsync(topology.Metadata.Brokers, cancellationToken).ConfigureAwait(false);
        var (mode, migration) = await ModeAsync(topology, cancellationToken).ConfigureAwait(false);
        var nodes = await NodesAsync(topology, sizes, cancellationToken).ConfigureAwait(false);
        var features = await FeaturesAsync(topology, mode, cancellationToken).ConfigureAwait(false);
        var topics = topology.Topics.Select(t => t with
        {
            Partitions = [.. t.Partitions.Select(p => p with { SizeBytes = sizes.PartitionBytes.GetValueOrDefault(new TopicPartition(t.Name, p.Partition)) })],
        }).ToList();
        _ = migration;
        return new ClusterState(
            topology.Metadata.ClusterId ?? _client.ExpectedClusterId ?? _options.Binding,
            mode,
            nodes,
            topics,
            features,
            topology.Quorum,
            topology.Reassignments,
            mode == MetadataMode.ZooKeeper ? topology.Metadata.ControllerId : null);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<TopicPartition, KafkaApiException>> AlterPartitionReassignmentsAsync(
        IReadOnlyDictionary<TopicPartition, IReadOnlyList<int>?> targets, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Count == 0)
        {
            return new Dictionary<TopicPartition, KafkaApiException>();
        }

        // kafka-reassign-partitions --execute --throttle (and --additional): while a throttle is in force, the moves
        // about to start are throttled before they are submitted, so no byte of them runs unthrottled.
        var state = await LightStateAsync(cancellationToken).ConfigureAwait(false);
        var proposed = targets.Where(t => t.Value is not null).ToDictionary(t => t.Key, t => t.Value!);
        if (proposed.Count > 0 && await _throttles.DescribeAsync(state, cancellationToken).ConfigureAwait(false) is { BytesPerSecond: > 0 } inForce)
        {
            await _throttles.SetAsync(inForce, state, proposed, cancellationToken).ConfigureAwait(false);
        }

        return await OnActiveControllerAsync(
            async connection =>
            {
                var version = ApiSupport.Negotiate(connection, ApiKey.AlterPartitionReassignments);
                var request = KafkaApis.Get(ApiKey.AlterPartitionReassignments).NewRequest().Set("TimeoutMs", 60_000);
                foreach (var topic in targets.GroupBy(t => t.Key.Topic, StringComparer.Ordinal))
                {
                    var t = request.Add("Topics").Set("Name", topic.Key);
                    foreach (var (partition, replicas) in topic)
                    {
                        t.Add("Partitions").Set("PartitionIndex", partition.Partition).Set("Replicas", replicas?.ToArray());
                    }
                }

                var response = await connection.SendAsync(ApiKey.AlterPartitionReassignments, version, request, cancellationToken).ConfigureAwait(false);
                ApiSupport.ThrowIfError(response.GetInt16("ErrorCode"), response.GetString("ErrorMessage"), "AlterPartitionReassignments");
                var errors = new Dictionary<TopicPartition, KafkaApiException>();
                foreach (var topic in response.GetStructs("Responses") ?? [])
                {
                    foreach (var partition in topic.GetStructs("Partitions") ?? [])
                    {
                        var code = partition.GetInt16("ErrorCode");
                        if (code != 0)
                        {
                            var id = new TopicPartition(topic.GetString("Name") ?? string.Empty, partition.GetInt32("PartitionIndex"));
                            errors[id] = new KafkaApiException(ApiSupport.ErrorOf(code), partition.GetString("ErrorMessage") ?? id.ToString());
                        }
                    }
                }

                return (IReadOnlyDictionary<TopicPartition, KafkaApiException>)errors;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ReassignmentState>> ListPartitionReassignmentsAsync(CancellationToken cancellationToken = default)
    {
        await IdentifyAsync(cancellationToken).ConfigureAwait(false);
        return await OnActiveControllerAsync(c => ListReassignmentsAsync(c, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task SetReplicationThrottleAsync(ReplicationThrottle throttle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(throttle);
        var state = await LightStateAsync(cancellationToken).ConfigureAwait(false);
        await _throttles.SetAsync(throttle, state, new Dictionary<TopicPartition, IReadOnlyList<int>>(), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task ClearReplicationThrottleAsync(CancellationToken cancellationToken = default)
    {
        var state = await LightStateAsync(cancellationToken).ConfigureAwait(false);
        await _throttles.ClearAsync(state, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task ClearBrokerReplicationThrottleAsync(int brokerId, CancellationToken cancellationToken = default)
    {
        var state = await LightStateAsync(cancellationToken).ConfigureAwait(false);
        await _throttles.ClearBrokerAsync(state, brokerId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ReplicationThrottle?> DescribeReplicationThrottleAsync(CancellationToken cancellationToken = default)
    {
        var state = await LightStateAsync(cancellationToken).ConfigureAwait(false);
        return await _throttles.DescribeAsync(state, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<TopicPartition, KafkaError>> ElectPreferredLeadersAsync(IReadOnlyCollection<TopicPartition>? partitions = null, CancellationToken cancellationToken = default)
    {
        await IdentifyAsync(cancellationToken).ConfigureAwait(false);
        return await OnActiveControllerAsync(
            async connection =>
            {
                var version = ApiSupport.Negotiate(connection, ApiKey.ElectLeaders, 1);
                var request = KafkaApis.Get(ApiKey.ElectLeaders).NewRequest().Set("ElectionType", (sbyte)0).Set("TimeoutMs", 60_000);
                if (partitions is null)
                {
                    request.Set("TopicPartitions", null);
                }
                else
                {
                    foreach (var topic in partitions.GroupBy(p => p.Topic, StringComparer.Ordinal))
                    {
                        request.Add("TopicPartitions").Set("Topic", topic.Key).Set("Partitions", topic.Select(p => p.Partition).ToArray());
                    }
                }

                var response = await connection.SendAsync(ApiKey.ElectLeaders, version, request, cancellationToken).ConfigureAwait(false);
                ApiSupport.ThrowIfError(response.GetInt16("ErrorCode"), null, "ElectLeaders");
                var errors = new Dictionary<TopicPartition, KafkaError>();
                foreach (var topic in response.GetStructs("ReplicaElectionResults") ?? [])
                {
                    foreach (var result in topic.GetStructs("PartitionResult") ?? [])
                    {
                        var code = result.GetInt16("ErrorCode");

                        // Asked for every partition, one already led by its preferred replica is not a failure
                        // (kafka-leader-election reports it as "valid replica already elected").
                        if (code != 0 && !(partitions is null && code == KafkaError.ElectionNotNeeded.Code))
                        {
                            errors[new TopicPartition(topic.GetString("Topic") ?? string.Empty, result.GetInt32("PartitionId"))] = ApiSupport.ErrorOf(code);
                        }
                    }
                }

                return (IReadOnlyDictionary<TopicPartition, KafkaError>)errors;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<QuorumState> DescribeQuorumAsync(CancellationToken cancellationToken = default)
    {
        await IdentifyAsync(cancellationToken).ConfigureAwait(false);
        return (await _client.OnControllerAsync(c => Requests.DescribeQuorumAsync(c, cancellationToken), cancellationToken).ConfigureAwait(false)).Quorum;
    }

    /// <inheritdoc />
    public async Task AddRaftVoterAsync(int nodeId, Guid directoryId, CancellationToken cancellationToken = default)
    {
        var clusterId = await IdentifyAsync(cancellationToken).ConfigureAwait(false);

        // KIP-853: the new voter's controller listener, as DescribeQuorum v2 (or the controllers' DescribeCluster) lists it.
        var endpoint = await ControllerEndpointAsync(nodeId, cancellationToken).ConfigureAwait(false);
        await _client.OnControllerAsync(
            async connection =>
            {
                var version = ApiSupport.Negotiate(connection, ApiKey.AddRaftVoter);
                var request = KafkaApis.Get(ApiKey.AddRaftVoter).NewRequest()
                    .Set("ClusterId", clusterId).Set("TimeoutMs", 30_000).Set("VoterId", nodeId).Set("VoterDirectoryId", directoryId);
                request.Add("Listeners").Set("Name", endpoint.Listener).Set("Host", endpoint.Host).Set("Port", (ushort)endpoint.Port);
                var response = await connection.SendAsync(ApiKey.AddRaftVoter, version, request, cancellationToken).ConfigureAwait(false);
                ApiSupport.ThrowIfError(response.GetInt16("ErrorCode"), response.GetString("ErrorMessage"), $"AddRaftVoter {nodeId}");
                return true;
            },
            cancellationToken).ConfigureAwait(false);
        _log.Information("Added controller {NodeId} (directory {DirectoryId}) to the voters", nodeId, directoryId);
    }

    /// <inheritdoc />
    public async Task RemoveRaftVoterAsync(int nodeId, Guid directoryId, CancellationToken cancellationToken = default)
    {
        var clusterId = await IdentifyAsync(cancellationToken).ConfigureAwait(false);
        await _client.OnControllerAsync(
            async connection =>
            {
                var version = ApiSupport.Negotiate(connection, ApiKey.RemoveRaftVoter);
                var request = KafkaApis.Get(ApiKey.RemoveRaftVoter).NewRequest().Set("ClusterId", clusterId).Set("VoterId", nodeId).Set("VoterDirectoryId", directoryId);
                var response = await connection.SendAsync(ApiKey.RemoveRaftVoter, version, request, cancellationToken).ConfigureAwait(false);
                ApiSupport.ThrowIfError(response.GetInt16("ErrorCode"), response.GetString("ErrorMessage"), $"RemoveRaftVoter {nodeId}");
                return true;
            },
            cancellationToken).ConfigureAwait(false);
        _log.Information("Removed controller {NodeId} (directory {DirectoryId}) from the voters", nodeId, directoryId);
    }

    /// <inheritdoc />
    public async Task UpdateFeaturesAsync(IReadOnlyList<FeatureUpdate> updates, bool validateOnly = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(updates);
        await IdentifyAsync(cancellationToken).ConfigureAwait(false);
        await _client.OnControllerAsync(
            async connection =>
            {
                // v1 (KIP-778) carries UpgradeType and ValidateOnly; a SAFE_DOWNGRADE cannot be said in v0.
                var version = ApiSupport.Negotiate(connection, ApiKey.UpdateFeatures, 1);
                var request = KafkaApis.Get(ApiKey.UpdateFeatures).NewRequest().Set("timeoutMs", 60_000).Set("ValidateOnly", validateOnly);
                foreach (var update in updates)
                {
                    request.Add("FeatureUpdates").Set("Feature", update.Feature).Set("MaxVersionLevel", checked((short)update.Level)).Set("UpgradeType", (sbyte)update.Type);
                }

                var response = await connection.SendAsync(ApiKey.UpdateFeatures, version, request, cancellationToken).ConfigureAwait(false);
                ApiSupport.ThrowIfError(response.GetInt16("ErrorCode"), response.GetString("ErrorMessage"), "UpdateFeatures");
                foreach (var result in response.GetStructs("Results") ?? [])
                {
                    ApiSupport.ThrowIfError(result.GetInt16("ErrorCode"), result.GetString("ErrorMessage"), $"UpdateFeatures {result.GetString("Feature")}");
                }

                return true;
            },
            cancellationToken).ConfigureAwait(false);
        _log.Information("UpdateFeatures {Updates} (validate only: {ValidateOnly})", updates.Select(u => $"{u.Feature}={u.Level} {u.Type}").ToList(), validateOnly);
    }

    /// <inheritdoc />
    public async Task UnregisterBrokerAsync(int brokerId, CancellationToken cancellationToken = default)
    {
        await IdentifyAsync(cancellationToken).ConfigureAwait(false);
        await _client.OnControllerAsync(
            async connection =>
            {
                var version = ApiSupport.Negotiate(connection, ApiKey.UnregisterBroker);
                var response = await connection.SendAsync(ApiKey.UnregisterBroker, version, KafkaApis.Get(ApiKey.UnregisterBroker).NewRequest().Set("BrokerId", brokerId), cancellationToken).ConfigureAwait(false);
                ApiSupport.ThrowIfError(response.GetInt16("ErrorCode"), response.GetString("ErrorMessage"), $"UnregisterBroker {brokerId}");
                return true;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<int, long>> DescribeLogDirsAsync(CancellationToken cancellationToken = default)
    {
        var metadata = await _client.OnBrokerAsync(c => IdentifiedMetadataAsync(c, false, cancellationToken), cancellationToken).ConfigureAwait(false);
        return (await LogDirsAsync(metadata.Brokers, cancellationToken).ConfigureAwait(false)).BrokerBytes;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<int, double>> DescribeBytesInPerSecondAsync(CancellationToken cancellationToken = default)
    {
        var metadata = await _client.OnBrokerAsync(c => IdentifiedMetadataAsync(c, false, cancellationToken), cancellationToken).ConfigureAwait(false);
        return await _metrics.BytesInPerSecondAsync([.. metadata.Brokers.Select(b => new NodeEndpoint(b.NodeId, b.Host, b.Port))], cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ConsumerGroupLag>> DescribeConsumerGroupLagAsync(CancellationToken cancellationToken = default)
    {
        var metadata = await _client.OnBrokerAsync(c => IdentifiedMetadataAsync(c, true, cancellationToken), cancellationToken).ConfigureAwait(false);
        return await _lag.DescribeAsync(metadata, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<MigrationStatus> DescribeMigrationAsync(CancellationToken cancellationToken = default)
    {
        var topology = await TopologyAsync(withTopicDetails: false, cancellationToken).ConfigureAwait(false);
        var (_, migration) = await ModeAsync(topology, cancellationToken).ConfigureAwait(false);
        return migration;
    }

    /// <inheritdoc />
    public async Task ResetZooKeeperControllerAsync(CancellationToken cancellationToken = default)
    {
        var topology = await TopologyAsync(withTopicDetails: false, cancellationToken).ConfigureAwait(false);
        var (mode, _) = await ModeAsync(topology, cancellationToken).ConfigureAwait(false);
        if (mode == MetadataMode.KRaft)
        {
            throw new KafkaApiException(KafkaError.InvalidRequest, $"cluster '{_options.Binding}': the migration is finalized (or the cluster was created in KRaft mode); ZooKeeper cannot take the controller back");
        }

        var reset = _options.ResetZooKeeperController
            ?? throw new KafkaApiException(KafkaError.InvalidRequest, $"cluster '{_options.Binding}': rolling a migration back deletes /controller and /migration in ZooKeeper, but the binding configures no ZooKeeper connection");
        await reset(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes connections.</summary>
    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync().ConfigureAwait(false);
        _http?.Dispose();
    }

    /// <summary>
    /// Where a node listens as the cluster advertises it: a live broker from Metadata, a controller from the
    /// controllers' DescribeCluster (KIP-919) when bootstrap controllers are configured; null when not listed.
    /// </summary>
    public async Task<(string Host, int Port, Versions.ListenerRole Role)?> ListenerOfAsync(int nodeId, CancellationToken cancellationToken = default)
    {
        var metadata = await _client.OnBrokerAsync(c => IdentifiedMetadataAsync(c, false, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (metadata.Brokers.FirstOrDefault(b => b.NodeId == nodeId) is { } broker)
        {
            return (broker.Host, broker.Port, Versions.ListenerRole.Broker);
        }

        if (!_client.HasControllers)
        {
            return null;
        }

        var (_, controllers) = await _client.OnControllerAsync(c => Requests.DescribeClusterAsync(c, controllers: true, cancellationToken), cancellationToken).ConfigureAwait(false);
        return controllers.FirstOrDefault(c => c.NodeId == nodeId) is { } controller ? (controller.Host, controller.Port, Versions.ListenerRole.Controller) : null;
    }

    /// <summary>The ApiVersions answer of one node's listener (for the version cross-check).</summary>
    public Task<IReadOnlyDictionary<short, (short Min, short Max)>> AdvertisedMaxVersionsAsync(int nodeId, string host, int port, CancellationToken cancellationToken = default) =>
        _client.OnNodeAsync(nodeId, host, port, c => Task.FromResult(MaxVersions(c)), cancellationToken);

    internal static IReadOnlyDictionary<short, (short Min, short Max)> MaxVersions(IKafkaNodeConnection connection) =>
        (connection.ApiVersions.GetStructs("ApiKeys") ?? []).ToDictionary(k => k.GetInt16("ApiKey"), k => (k.GetInt16("MinVersion"), k.GetInt16("MaxVersion")));

    // KIP-853: AddRaftVoter carries the new voter's controller listener. DescribeQuorum v2 lists the voters' listeners
    // by name; a controller that is not a voter yet is found among the registered controllers (DescribeCluster with
    // the controller endpoint type, KIP-919), under the listener name the voters use.
    private async Task<(string Listener, string Host, int Port)> ControllerEndpointAsync(int nodeId, CancellationToken cancellationToken)
    {
        return await _client.OnControllerAsync(
            async connection =>
            {
                var (_, voters) = await Requests.DescribeQuorumAsync(connection, cancellationToken).ConfigureAwait(false);
                if (voters.FirstOrDefault(n => n.NodeId == nodeId && n.Listener is not null) is { } voter)
                {
                    return (voter.Listener!, voter.Host, voter.Port);
                }

                var listener = voters.Select(v => v.Listener).FirstOrDefault(l => l is not null) ?? "CONTROLLER";
                if (ApiSupport.Supports(connection, ApiKey.DescribeCluster, 1))
                {
                    var (clusterId, controllers) = await Requests.DescribeClusterAsync(connection, controllers: true, cancellationToken).ConfigureAwait(false);
                    _client.VerifyClusterId(clusterId, connection.Endpoint);
                    if (controllers.FirstOrDefault(c => c.NodeId == nodeId) is { } registered)
                    {
                        return (listener, registered.Host, registered.Port);
                    }
                }

                throw new KafkaApiException(KafkaError.InvalidRequest, $"cluster '{_options.Binding}': controller {nodeId} is not registered with the quorum (it must run and fetch as an observer before it can be added, KIP-853)");
            },
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> IdentifyAsync(CancellationToken cancellationToken)
    {
        var metadata = await _client.OnBrokerAsync(c => IdentifiedMetadataAsync(c, false, cancellationToken), cancellationToken).ConfigureAwait(false);
        return metadata.ClusterId ?? _client.ExpectedClusterId ?? string.Empty;
    }

    private async Task<MetadataView> IdentifiedMetadataAsync(IKafkaNodeConnection connection, bool allTopics, CancellationToken cancellationToken)
    {
        var metadata = await Requests.MetadataAsync(connection, allTopics, cancellationToken).ConfigureAwait(false);
        _client.VerifyClusterId(metadata.ClusterId, connection.Endpoint);
        _client.LearnBrokers(metadata.Brokers.Select(b => $"{b.Host}:{b.Port}"));
        return metadata;
    }

    // Kafka's AdminClient sends reassignments and elections to the controller Metadata names (KafkaAdminClient's
    // ControllerNodeProvider): a ZooKeeper-mode broker that is not the controller answers NOT_CONTROLLER (KafkaApis),
    // a KRaft broker forwards them (KIP-590; Metadata names a live broker there). A controller that moved is looked up again.
    // A caller that has just read Metadata passes it (known), saving a second Metadata request for the first attempt.
    private async Task<T> OnActiveControllerAsync<T>(Func<IKafkaNodeConnection, Task<T>> call, CancellationToken cancellationToken, MetadataView? known = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var metadata = attempt == 1 && known is not null
                ? known
                : await _client.OnBrokerAsync(c => IdentifiedMetadataAsync(c, false, cancellationToken), cancellationToken).ConfigureAwait(false);
            if (metadata.Brokers.FirstOrDefault(b => b.NodeId == metadata.ControllerId) is not { } controller)
            {
                return await _client.OnBrokerAsync(call, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                return await _client.OnNodeAsync(controller.NodeId, controller.Host, controller.Port, call, cancellationToken).ConfigureAwait(false);
            }
            catch (KafkaApiException ex) when (ex.Error == KafkaError.NotController && attempt < 3)
            {
                _log.Debug("Broker {NodeId} is no longer the controller ({Message}); looking it up again", controller.NodeId, ex.Message);
            }
            catch (KafkaApiException ex) when (ex.Error.Code == 13)
            {
                // The broker Metadata names is down but not yet fenced. A KRaft broker forwards controller requests,
                // so any live one will do; a ZooKeeper broker answers NOT_CONTROLLER until a new controller is
                // elected, which the bounded retries of a broker call wait for.
                _log.Debug("Controller broker {NodeId} is unreachable ({Message}); asking another broker", controller.NodeId, ex.Message);
                return await _client.OnBrokerAsync(call, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<IReadOnlyList<ReassignmentState>> ListReassignmentsAsync(IKafkaNodeConnection connection, CancellationToken cancellationToken)
    {
        var version = ApiSupport.Negotiate(connection, ApiKey.ListPartitionReassignments);
        var request = KafkaApis.Get(ApiKey.ListPartitionReassignments).NewRequest().Set("TimeoutMs", 60_000).Set("Topics", null);
        var response = await connection.SendAsync(ApiKey.ListPartitionReassignments, version, request, cancellationToken).ConfigureAwait(false);
        ApiSupport.ThrowIfError(response.GetInt16("ErrorCode"), response.GetString("ErrorMessage"), "ListPartitionReassignments");
        return [.. (response.GetStructs("Topics") ?? []).SelectMany(t => (t.GetStructs("Partitions") ?? []).Select(p => new ReassignmentState(
            new TopicPartition(t.GetString("Name") ?? string.Empty, p.GetInt32("PartitionIndex")),
            p.GetArray<int>("Replicas") ?? [],
            p.GetArray<int>("AddingReplicas") ?? [],
            p.GetArray<int>("RemovingReplicas") ?? [])))
            .OrderBy(r => r.Partition.Topic, StringComparer.Ordinal).ThenBy(r => r.Partition.Partition)];
    }

    /// <summary>Topics, live brokers and reassignments: enough for throttles.</summary>
    private async Task<LiveCluster> LightStateAsync(CancellationToken cancellationToken)
    {
        var metadata = await _client.OnBrokerAsync(c => IdentifiedMetadataAsync(c, true, cancellationToken), cancellationToken).ConfigureAwait(false);
        var reassignments = await OnActiveControllerAsync(c => ListReassignmentsAsync(c, cancellationToken), cancellationToken, metadata).ConfigureAwait(false);
        var any = KafkaVersion.Parse("3.0.0");
        var state = new ClusterState(
            metadata.ClusterId ?? _options.Binding,
            MetadataMode.KRaft,
            [.. metadata.Brokers.Select(b => new ClusterNode(b.NodeId, b.Rack, NodeRoles.Broker, any, NodeState.Running))],
            [.. metadata.Topics.Select(t => new TopicState(t.Name, 1, t.Partitions))],
            new ClusterFeatures(null, 0, null),
            null,
            reassignments);
        return new LiveCluster(state, metadata.Brokers.ToDictionary(b => b.NodeId, b => (b.Host, b.Port)));
    }

    private async Task<Topology> TopologyAsync(bool withTopicDetails, CancellationToken cancellationToken)
    {
        var broker = await _client.OnBrokerAsync(
            async connection =>
            {
                var metadata = await IdentifiedMetadataAsync(connection, withTopicDetails, cancellationToken).ConfigureAwait(false);
                var topics = withTopicDetails && ApiSupport.Supports(connection, ApiKey.DescribeTopicPartitions)
                    ? await Requests.DescribeTopicPartitionsAsync(connection, cancellationToken).ConfigureAwait(false)
                    : metadata.Topics;
                var minIsr = withTopicDetails
                    ? await Requests.DescribeConfigsAsync(connection, TopicResource, topics.Select(t => t.Name), ["min.insync.replicas"], cancellationToken).ConfigureAwait(false)
                    : new Dictionary<string, IReadOnlyDictionary<string, (string? Value, sbyte Source)>>();
                var quorumViaBroker = !_client.HasControllers && ApiSupport.Supports(connection, ApiKey.DescribeQuorum);
                return (Metadata: metadata, Topics: topics, MinIsr: minIsr, QuorumViaBroker: quorumViaBroker, ApiVersions: connection.ApiVersions, MaxVersions: MaxVersions(connection));
            },
            cancellationToken).ConfigureAwait(false);
        IReadOnlyList<ReassignmentState> reassignments = withTopicDetails
            ? await OnActiveControllerAsync(c => ListReassignmentsAsync(c, cancellationToken), cancellationToken, broker.Metadata).ConfigureAwait(false)
            : [];

        QuorumState? quorum = null;
        IReadOnlyList<ListedNode> controllers = [];
        KafkaStruct? controllerApiVersions = null;
        async Task<(QuorumState? Quorum, IReadOnlyList<ListedNode> Nodes, KafkaStruct? ApiVersions)> DescribeQuorumAsync(IKafkaNodeConnection connection)
        {
            var (q, nodes) = await Requests.DescribeQuorumAsync(connection, cancellationToken).ConfigureAwait(false);
            if (_client.HasControllers && ApiSupport.Supports(connection, ApiKey.DescribeCluster, 1))
            {
                var (clusterId, listed) = await Requests.DescribeClusterAsync(connection, controllers: true, cancellationToken).ConfigureAwait(false);
                _client.VerifyClusterId(clusterId, connection.Endpoint);
                nodes = listed.Count > 0 ? listed : nodes;
            }

            return (q, nodes, _client.HasControllers ? connection.ApiVersions : null);
        }

        if (_client.HasControllers && await NoKRaftControllerInChargeAsync(broker.Metadata, cancellationToken).ConfigureAwait(false))
        {
            // Bootstrap controllers are configured before the migration's controllers exist (one DNS name or VIP
            // for all of them, as KIP-853 recommends) and stay configured after a rollback deprovisioned them, so
            // here an unreachable quorum is "no quorum", not an outage: one attempt, and a ZooKeeper cluster is
            // described as one instead of failing every call.
            // A controller that answers at all (even NOT_LEADER_OR_FOLLOWER) means a quorum: the bounded retries.
            try
            {
                var (reached, described) = await _client.TryOnControllersOnceAsync(DescribeQuorumAsync, cancellationToken).ConfigureAwait(false);
                if (reached)
                {
                    (quorum, controllers, controllerApiVersions) = described;
                }
                else
                {
                    _log.Debug("No KRaft controller answers at the bootstrap controllers and none is in charge: ZooKeeper mode");
                }
            }
            catch (KafkaApiException ex) when (ApiSupport.IsRetriable(ex.Error) || ex.Error == KafkaError.NotController)
            {
                (quorum, controllers, controllerApiVersions) = await _client.OnControllerAsync(DescribeQuorumAsync, cancellationToken).ConfigureAwait(false);
            }
        }
        else if (_client.HasControllers || broker.QuorumViaBroker)
        {
            (quorum, controllers, controllerApiVersions) = await _client.OnControllerAsync(DescribeQuorumAsync, cancellationToken).ConfigureAwait(false);
        }

        var topicStates = broker.Topics.Select(t => new TopicState(
            t.Name,
            broker.MinIsr.TryGetValue(t.Name, out var configs) && configs.TryGetValue("min.insync.replicas", out var v) && int.TryParse(v.Value, CultureInfo.InvariantCulture, out var n) ? n : 1,
            t.Partitions)).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        return new Topology(broker.Metadata, topicStates, reassignments, quorum, controllers, broker.ApiVersions, controllerApiVersions, broker.MaxVersions);
    }

    /// <summary>
    /// True when no KRaft quorum holds the controller role, so an unreachable quorum means "no quorum", not an
    /// outage. Every live broker must run in ZooKeeper mode (no DescribeQuorum in its ApiVersions; Kafka's schemas
    /// list it for the "broker" and "controller" listeners only). Then:
    /// <list type="bullet">
    /// <item>With ZooKeeper configured, its <c>/controller</c> znode decides: absent or written by a ZooKeeper broker
    /// means no KRaft controller is in charge; written by a KRaft controller (KIP-866: it carries
    /// <c>kraftControllerEpoch</c>) means the quorum is, unless the provisioner says that controller is gone: a
    /// rollback between deprovisioning the quorum and deleting <c>/controller</c> (Kafka's "Reverting to ZooKeeper
    /// mode" steps), where the cluster must stay describable for the rollback to go on.</item>
    /// <item>Without ZooKeeper, Metadata must name one of the brokers as controller and at least one of them must run
    /// without <c>zookeeper.metadata.migration.enable</c>. Metadata alone cannot tell: once a KRaft controller holds
    /// /controller, ZooKeeper brokers report a random live broker as controller (KafkaApis.handleTopicMetadataRequest
    /// maps KRaftCachedControllerId to getRandomAliveBrokerId), never the KRaft one. But the KRaft controller takes
    /// /controller only once every ZooKeeper broker registered with it in migration mode (KIP-866,
    /// KRaftMigrationDriver waits for all of them), and Kafka's rollback removes the flag only after /controller was
    /// deleted, so a broker without the flag proves a ZooKeeper controller is in charge.</item>
    /// </list>
    /// </summary>
    private async Task<bool> NoKRaftControllerInChargeAsync(MetadataView metadata, CancellationToken cancellationToken)
    {
        if (_options.ReadZooKeeperController is { } readController)
        {
            if (!await EveryBrokerInZooKeeperModeAsync(metadata, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            var holder = await readController(cancellationToken).ConfigureAwait(false);
            if (holder is null or { IsKRaftController: false })
            {
                return true;
            }

            var node = _options.DescribeNode is { } describe ? await describe(holder.NodeId, cancellationToken).ConfigureAwait(false) : null;
            return node is { State: NodeState.Decommissioned };
        }

        if (!metadata.Brokers.Any(b => b.NodeId == metadata.ControllerId))
        {
            return false;
        }

        var withoutMigration = false;
        foreach (var broker in metadata.Brokers)
        {
            var (zooKeeperMode, migrationEnabled) = await _client.OnNodeAsync(
                broker.NodeId,
                broker.Host,
                broker.Port,
                async connection =>
                {
                    if (ApiSupport.Supports(connection, ApiKey.DescribeQuorum))
                    {
                        return (false, false);
                    }

                    if (withoutMigration)
                    {
                        return (true, false);
                    }

                    // A broker resource is described by that broker itself (Kafka's ConfigHelper refuses another id).
                    var id = broker.NodeId.ToString(CultureInfo.InvariantCulture);
                    var configs = await Requests.DescribeConfigsAsync(connection, BrokerResource, [id], ["zookeeper.metadata.migration.enable"], cancellationToken).ConfigureAwait(false);

                    // Absent (a release before KIP-866) is the same as false: that broker cannot migrate.
                    var value = configs.GetValueOrDefault(id)?.GetValueOrDefault("zookeeper.metadata.migration.enable").Value;
                    return (true, string.Equals(value, "true", StringComparison.OrdinalIgnoreCase));
                },
                cancellationToken).ConfigureAwait(false);
            if (!zooKeeperMode)
            {
                return false;
            }

            withoutMigration |= !migrationEnabled;
        }

        return withoutMigration;
    }

    private async Task<bool> EveryBrokerInZooKeeperModeAsync(MetadataView metadata, CancellationToken cancellationToken)
    {
        foreach (var broker in metadata.Brokers)
        {
            var zooKeeperMode = await _client.OnNodeAsync(
                broker.NodeId, broker.Host, broker.Port, connection => Task.FromResult(!ApiSupport.Supports(connection, ApiKey.DescribeQuorum)), cancellationToken).ConfigureAwait(false);
            if (!zooKeeperMode)
            {
                return false;
            }
        }

        return metadata.Brokers.Count > 0;
    }

    private async Task<LogDirSizes> LogDirsAsync(IReadOnlyList<ListedNode> brokers, CancellationToken cancellationToken)
    {
        var brokerBytes = new Dictionary<int, long>();
        var capacity = new Dictionary<int, long>();
        var partitionBytes = new Dictionary<TopicPartition, long>();
        foreach (var broker in brokers)
        {
            var dirs = await _client.OnNodeAsync(
                broker.NodeId,
                broker.Host,
                broker.Port,
                async connection =>
                {
                    var version = ApiSupport.Negotiate(connection, ApiKey.DescribeLogDirs);
                    var response = await connection.SendAsync(ApiKey.DescribeLogDirs, version, KafkaApis.Get(ApiKey.DescribeLogDirs).NewRequest().Set("Topics", null), cancellationToken).ConfigureAwait(false);
                    if (version >= 3)
                    {
                        ApiSupport.ThrowIfError(response.GetInt16("ErrorCode"), null, $"DescribeLogDirs on broker {broker.NodeId}");
                    }

                    return response.GetStructs("Results") ?? [];
                },
                cancellationToken).ConfigureAwait(false);
            long total = 0;
            long disk = 0;
            foreach (var dir in dirs.Where(d => d.GetInt16("ErrorCode") == 0))
            {
                disk += Math.Max(0, dir.GetInt64("TotalBytes"));
                foreach (var topic in dir.GetStructs("Topics") ?? [])
                {
                    foreach (var partition in topic.GetStructs("Partitions") ?? [])
                    {
                        var size = partition.GetInt64("PartitionSize");
                        total += size;
                        if (!partition.GetBool("IsFutureKey"))
                        {
                            var id = new TopicPartition(topic.GetString("Name") ?? string.Empty, partition.GetInt32("PartitionIndex"));

                            // One replica's log: the largest copy (a follower may lag behind the leader).
                            partitionBytes[id] = Math.Max(partitionBytes.GetValueOrDefault(id), size);
                        }
                    }
                }
            }

            brokerBytes[broker.NodeId] = total;
            if (disk > 0)
            {
                capacity[broker.NodeId] = disk;
            }
        }

        return new LogDirSizes(brokerBytes, capacity, partitionBytes);
    }

    private async Task<(MetadataMode Mode, MigrationStatus Migration)> ModeAsync(Topology topology, CancellationToken cancellationToken)
    {
        var liveBrokers = topology.Metadata.Brokers.Select(b => b.NodeId).Order().ToList();
        if (topology.Quorum is null)
        {
            return (MetadataMode.ZooKeeper, new MigrationStatus(ZkMigrationState.ZooKeeper, liveBrokers, [], [], null));
        }

        // ApiVersions v3+: a KRaft controller sets ZkMigrationReady when it runs with zookeeper.metadata.migration.enable
        // (KIP-866); finalizing removes the flag, so without it the cluster is KRaft for good.
        var migrationEnabled = topology.ControllerApiVersions is { } c && c.Schema.Fields.Any(f => f.Name == "ZkMigrationReady") && c.GetBool("ZkMigrationReady");
        if (!migrationEnabled)
        {
            return (MetadataMode.KRaft, new MigrationStatus(ZkMigrationState.None, [], [], liveBrokers, null));
        }

        var leader = topology.Controllers.FirstOrDefault(n => n.NodeId == topology.Quorum.LeaderId)
            ?? throw new KafkaApiException(KafkaError.NotController, $"cluster '{_options.Binding}': the quorum has no reachable leader to read ZkMigrationState from");
        var (state, migrating) = await _metrics.MigrationAsync(new NodeEndpoint(leader.NodeId, leader.Host, leader.Port), cancellationToken).ConfigureAwait(false);

        // A ZooKeeper-mode broker serves no DescribeQuorum (Kafka's message schemas: listeners "broker"/"controller" only).
        var zooKeeperBrokers = new List<int>();
        foreach (var broker in topology.Metadata.Brokers)
        {
            var versions = await AdvertisedMaxVersionsAsync(broker.NodeId, broker.Host, broker.Port, cancellationToken).ConfigureAwait(false);
            if (!versions.ContainsKey((short)ApiKey.DescribeQuorum))
            {
                zooKeeperBrokers.Add(broker.NodeId);
            }
        }

        var kraftBrokers = liveBrokers.Except(zooKeeperBrokers).ToList();
        var mode = state switch
        {
            ZkMigrationState.PreMigration => migrating > 0 ? MetadataMode.MigrationBrokersInMigrationMode : MetadataMode.MigrationQuorumProvisioned,
            ZkMigrationState.Migration => zooKeeperBrokers.Count > 0 ? MetadataMode.MigrationDualWrite : MetadataMode.MigrationBrokersInKRaft,
            _ => MetadataMode.KRaft,
        };
        var message = state == ZkMigrationState.Migration ? "Completed migration of metadata from Zookeeper to KRaft." : null;
        return (mode, new MigrationStatus(state, zooKeeperBrokers, migrating > 0 ? zooKeeperBrokers : [], kraftBrokers, message));
    }

    private async Task<ClusterFeatures> FeaturesAsync(Topology topology, MetadataMode mode, CancellationToken cancellationToken)
    {
        var apiVersions = topology.ControllerApiVersions ?? topology.BrokerApiVersions;
        int? Finalized(string name) =>
            apiVersions.Schema.Fields.Any(f => f.Name == "FinalizedFeatures")
                ? (apiVersions.GetStructs("FinalizedFeatures") ?? []).Where(f => f.GetString("Name") == name).Select(f => (int?)f.GetInt16("MaxVersionLevel")).FirstOrDefault()
                : null;
        string? ibp = null;
        if (mode != MetadataMode.KRaft && topology.Metadata.Brokers.Count > 0)
        {
            var broker = topology.Metadata.Brokers.FirstOrDefault(b => b.NodeId == topology.Metadata.ControllerId) ?? topology.Metadata.Brokers[0];
            // A broker resource is described by that broker (Kafka's AdminClient sends it there; another broker
            // answers INVALID_REQUEST "Unexpected broker id").
            var configs = await _client.OnNodeAsync(broker.NodeId, broker.Host, broker.Port, c => Requests.DescribeConfigsAsync(c, BrokerResource, [broker.NodeId.ToString(CultureInfo.InvariantCulture)], ["inter.broker.protocol.version"], cancellationToken), cancellationToken).ConfigureAwait(false);
            ibp = configs.Values.SelectMany(c => c).Where(c => c.Key == "inter.broker.protocol.version").Select(c => c.Value.Value).FirstOrDefault();
        }

        return new ClusterFeatures(mode == MetadataMode.ZooKeeper ? null : Finalized("metadata.version"), Finalized("kraft.version") ?? 0, mode == MetadataMode.KRaft ? null : ibp);
    }

    private async Task<IReadOnlyList<ClusterNode>> NodesAsync(Topology topology, LogDirSizes sizes, CancellationToken cancellationToken)
    {
        var live = topology.Metadata.Brokers.ToDictionary(b => b.NodeId);
        var controllers = topology.Controllers.ToDictionary(n => n.NodeId);
        var quorumIds = topology.Quorum is { } q ? q.Voters.Select(v => v.NodeId).ToHashSet() : [];
        var replicaIds = topology.Topics.SelectMany(t => t.Partitions).SelectMany(p => p.Replicas).ToHashSet();
        var ids = live.Keys.Concat(controllers.Keys).Concat(quorumIds).Concat(replicaIds).Distinct().Order().ToList();
        var nodes = new List<ClusterNode>();
        KafkaVersion? fallback = null;
        foreach (var id in ids)
        {
            var info = _options.DescribeNode is { } describe ? await describe(id, cancellationToken).ConfigureAwait(false) : null;
            if (info?.State == NodeState.Decommissioned)
            {
                continue;
            }

            var isBroker = live.ContainsKey(id) || replicaIds.Contains(id) || (info?.Config.Roles.HasFlag(NodeRoles.Broker) ?? false);
            var isController = controllers.ContainsKey(id) || quorumIds.Contains(id) || (info?.Config.Roles.HasFlag(NodeRoles.Controller) ?? false);
            var roles = (isBroker ? NodeRoles.Broker : NodeRoles.None) | (isController ? NodeRoles.Controller : NodeRoles.None);
            var reachable = live.TryGetValue(id, out var listed) ? listed : controllers.GetValueOrDefault(id);
            var version = info?.Config.Version ?? await InferVersionAsync(id, reachable, isBroker && !isController, cancellationToken).ConfigureAwait(false);
            if (version is null)
            {
                fallback ??= await InferVersionAsync(-1, null, true, cancellationToken).ConfigureAwait(false);
                version = fallback;
            }

            var state = StateOf(id, info, live.ContainsKey(id), isController, topology.Quorum);
            nodes.Add(new ClusterNode(id, reachable?.Rack ?? info?.Config.Rack, roles, version ?? throw new KafkaApiException(KafkaError.UnsupportedVersion, $"cluster '{_options.Binding}': node {id}'s Kafka version is unknown: the provisioner does not know the node and its API versions match no release from 3.6 to 4.3"), state, sizes.Capacity.TryGetValue(id, out var disk) ? disk : info?.Config.DiskCapacityBytes,
                // As the node's configuration (from the provisioner, i.e. its server.properties) sets it; unknown = unset.
                info?.Config.IsZooKeeperBroker == true ? info.Config.InterBrokerProtocolVersion : null));
        }

        return nodes;
    }

    // Readiness is judged from the cluster: a broker runs when Metadata lists it (registered, unfenced); a
    // controller when it leads the quorum or the provisioner started it and it is a known voter or observer.
    private static NodeState StateOf(int id, NodeInfo? info, bool listedBroker, bool isController, QuorumState? quorum)
    {
        if (listedBroker)
        {
            return info?.State == NodeState.ShuttingDown ? NodeState.ShuttingDown : NodeState.Running;
        }

        if (isController && quorum is not null && (quorum.LeaderId == id || ((info is null || info.State == NodeState.Running) && quorum.Voters.Concat(quorum.Observers).Any(m => m.NodeId == id))))
        {
            return NodeState.Running;
        }

        return info?.State switch
        {
            NodeState.Running => NodeState.Starting,
            { } other => other,
            null => NodeState.Stopped,
        };
    }

    private async Task<KafkaVersion?> InferVersionAsync(int id, ListedNode? node, bool broker, CancellationToken cancellationToken)
    {
        try
        {
            var versions = node is null
                ? await _client.OnBrokerAsync(c => Task.FromResult(MaxVersions(c)), cancellationToken).ConfigureAwait(false)
                : await AdvertisedMaxVersionsAsync(id, node.Host, node.Port, cancellationToken).ConfigureAwait(false);
            return Versions.AdvertisedRelease.Infer(versions, broker ? Versions.ListenerRole.Broker : Versions.ListenerRole.Controller);
        }
        catch (KafkaApiException ex)
        {
            _log.Warning("Could not read node {NodeId}'s API versions: {Message}", id, ex.Message);
            return null;
        }
    }

    private sealed record Topology(
        MetadataView Metadata,
        IReadOnlyList<TopicState> Topics,
        IReadOnlyList<ReassignmentState> Reassignments,
        QuorumState? Quorum,
        IReadOnlyList<ListedNode> Controllers,
        KafkaStruct BrokerApiVersions,
        KafkaStruct? ControllerApiVersions,
        IReadOnlyDictionary<short, (short Min, short Max)> BrokerMaxVersions);

    private sealed record LogDirSizes(IReadOnlyDictionary<int, long> BrokerBytes, IReadOnlyDictionary<int, long> Capacity, IReadOnlyDictionary<TopicPartition, long> PartitionBytes);
}
