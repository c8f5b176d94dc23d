using System.Security.Cryptography;
using System.Text;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;

namespace KafkaUpgrade.Simulation.Wire;

/// <summary>
/// The simulated cluster at one moment, indexed for answering requests: the cluster state, every node's status
/// and the topic ids. Built once per simulated instant (and after every change made through the front) and shared
/// by every request of that instant, so 50 clients asking for 100,000 partitions do not take the simulator's lock
/// 50 times.
/// </summary>
internal sealed class FrontSnapshot
{
    public FrontSnapshot(ClusterState state, IReadOnlyList<NodeStatus> nodes, MigrationStatus? migration, long nowMs)
    {
        State = state;
        NowMs = nowMs;
        Migration = migration;
        Nodes = nodes.ToDictionary(n => n.Info.NodeId);
        Topics = state.Topics.ToDictionary(t => t.Name, StringComparer.Ordinal);
        TopicIds = state.Topics.ToDictionary(t => t.Name, t => TopicId(state.ClusterId, t.Name), StringComparer.Ordinal);
        TopicsById = TopicIds.ToDictionary(kv => kv.Value, kv => kv.Key);
    }

    public ClusterState State { get; }

    public long NowMs { get; }

    public MigrationStatus? Migration { get; }

    public IReadOnlyDictionary<int, NodeStatus> Nodes { get; }

    public IReadOnlyDictionary<string, TopicState> Topics { get; }

    public IReadOnlyDictionary<string, Guid> TopicIds { get; }

    public IReadOnlyDictionary<Guid, string> TopicsById { get; }

    /// <summary>Brokers a client may talk to: registered, unfenced and reachable (what Metadata lists).</summary>
    public IEnumerable<ClusterNode> LiveBrokers => State.Brokers.Where(b => b.IsRunning && Nodes.TryGetValue(b.Id, out var s) && s.Reachable);

    /// <summary>True when the node runs as a ZooKeeper-mode broker.</summary>
    public bool IsZooKeeperBroker(int nodeId) => Nodes.TryGetValue(nodeId, out var s) && s.Info.Config.IsZooKeeperBroker;

    /// <summary>
    /// The simulator has no topic ids; Kafka's are random UUIDs fixed at creation. A name-based UUID (SHA-256 of
    /// cluster id and topic name) is stable across restarts of the front and never the all-zero "no id".
    /// </summary>
    public static Guid TopicId(string clusterId, string topic)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{clusterId}/{topic}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
