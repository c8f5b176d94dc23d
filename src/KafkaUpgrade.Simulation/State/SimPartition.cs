using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Simulation.State;

/// <summary>
/// One partition: replica list (preferred leader first), ISR, leader, and each replica's log end offset in bytes.
/// The high watermark is the smallest log end offset in the ISR.
/// </summary>
internal sealed class SimPartition
{
    public SimPartition(SimTopic topic, int index)
    {
        Topic = topic;
        Index = index;
        Id = new TopicPartition(topic.Name, index);
    }

    public SimTopic Topic { get; }

    public int Index { get; }

    public TopicPartition Id { get; }

    public List<int> Replicas { get; set; } = [];

    public List<int> Isr { get; set; } = [];

    public int Leader { get; set; } = PartitionState.NoLeader;

    public int LeaderEpoch { get; set; }

    /// <summary>Bytes each replica's log holds; a node without an entry has no log for this partition.</summary>
    public Dictionary<int, double> Leo { get; } = [];

    public Dictionary<int, long> LastCaughtUpMs { get; } = [];

    /// <summary>Reassignment in flight (KIP-455): the target and the adding/removing sets.</summary>
    public List<int>? Target { get; set; }

    /// <summary>Replicas before the reassignment started (ZooKeeper mode reverts to them on cancel).</summary>
    public List<int>? OriginalReplicas { get; set; }

    public List<int> Adding { get; set; } = [];

    public List<int> Removing { get; set; } = [];

    public bool IsReassigning => Target is not null;

    public double LeaderLeo => Leader >= 0 && Leo.TryGetValue(Leader, out var leo) ? leo : 0;

    public double HighWatermark
    {
        get
        {
            // A plain loop: this runs for every partition on every tick.
            if (Isr.Count == 0)
            {
                return 0;
            }

            var min = double.MaxValue;
            foreach (var replica in Isr)
            {
                min = Math.Min(min, Leo.GetValueOrDefault(replica));
            }

            return min;
        }
    }

    public int MinInsyncReplicas => Topic.MinInsyncReplicas;

    public PartitionState ToPartitionState() =>
        new(Index, [.. Replicas], [.. Isr], Leader, (long)(Leader >= 0 ? LeaderLeo : Leo.Values.DefaultIfEmpty(0).Max()), LeaderEpoch);

    public ReassignmentState? ToReassignmentState() =>
        Target is null ? null : new ReassignmentState(Id, [.. Replicas], [.. Adding], [.. Removing]);
}
