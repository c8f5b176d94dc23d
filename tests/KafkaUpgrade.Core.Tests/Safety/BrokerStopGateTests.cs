using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Safety;
using KafkaUpgrade.Core.Tests.TestSupport;
using static KafkaUpgrade.Core.Tests.TestSupport.TestClusters;

namespace KafkaUpgrade.Core.Tests.Safety;

public class BrokerStopGateTests
{
    [Fact]
    public void A_fully_replicated_cluster_lets_one_broker_stop()
    {
        var state = ZooKeeper(Brokers(3), Topic("orders", 2, Healthy(0, 1, 2, 3)));
        var verdict = BrokerStopGate.Evaluate(state, [2]);
        Assert.True(verdict.Allowed, verdict.Reason);
    }

    [Fact]
    public void Isr_equal_to_min_isr_with_the_broker_in_it_blocks_and_names_the_partition()
    {
        var state = ZooKeeper(Brokers(3), Topic("orders", 2, Partition(4, [1, 2, 3], [1, 2])));
        var verdict = BrokerStopGate.Evaluate(state, [2]);
        Assert.False(verdict.Allowed);
        Assert.Equal("orders-4 (ISR [1,2], min.insync.replicas 2, 1 in sync after the stop)", Assert.Single(verdict.Blockers));
        Assert.Contains("below min.insync.replicas", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_batch_member_already_stopped_counts_as_down_though_the_isr_still_lists_it()
    {
        // Broker 1 of the same restart batch went down a moment ago; the ISR has not caught up with that yet.
        var state = ZooKeeper(Brokers(3), Topic("orders", 2, Healthy(0, 1, 2, 3)));
        state = state with { Nodes = state.Nodes.Select(n => n.Id == 1 ? n with { State = NodeState.Stopped } : n).ToList() };
        var verdict = BrokerStopGate.Evaluate(state, [2]);
        Assert.False(verdict.Allowed);
        Assert.Equal("orders-0 (ISR [1,2,3], min.insync.replicas 2, 1 in sync after the stop)", Assert.Single(verdict.Blockers));
    }

    [Fact]
    public void Isr_equal_to_min_isr_without_the_broker_does_not_block()
    {
        var state = ZooKeeper(Brokers(3), Topic("orders", 2, Partition(0, [1, 2, 3], [1, 2])));
        Assert.True(BrokerStopGate.Evaluate(state, [3]).Allowed);
    }

    [Fact]
    public void Isr_below_min_isr_blocks_any_replica_even_out_of_sync()
    {
        var state = ZooKeeper(Brokers(3), Topic("orders", 2, Partition(0, [1, 2, 3], [1])));
        Assert.False(BrokerStopGate.Evaluate(state, [3]).Allowed);
    }

    [Fact]
    public void Topics_with_rf_at_or_below_min_isr_do_not_block_but_are_noted()
    {
        var state = ZooKeeper(Brokers(3), Topic("single", 1, Healthy(0, 2)), Topic("pair", 2, Healthy(0, 1, 2)));
        var verdict = BrokerStopGate.Evaluate(state, [2]);
        Assert.True(verdict.Allowed);
        Assert.Equal(2, verdict.Notes.Count);
        Assert.Contains(verdict.Notes, n => n.StartsWith("single-0 ", StringComparison.Ordinal));
    }

    [Fact]
    public void Two_brokers_sharing_a_partition_cannot_stop_together_when_that_drops_below_min_isr()
    {
        var state = ZooKeeper(Brokers(4), Topic("orders", 2, Healthy(0, 1, 2, 3)));
        Assert.True(BrokerStopGate.Evaluate(state, [1, 4]).Allowed);
        Assert.False(BrokerStopGate.Evaluate(state, [1, 2]).Allowed);
    }

    [Fact]
    public void Unknown_brokers_are_refused()
    {
        var verdict = BrokerStopGate.Evaluate(ZooKeeper(Brokers(3)), [9]);
        Assert.False(verdict.Allowed);
        Assert.Equal("node 9", Assert.Single(verdict.Blockers));
    }

    [Property(MaxTest = 300)]
    public Property Agrees_with_simulating_the_stop(int seed, int subsetMask)
    {
        var state = RandomClusters.Create(seed);
        var stopping = state.Brokers.Select(b => b.Id).Where(id => (subsetMask & (1 << id)) != 0).ToList();
        if (stopping.Count == 0)
        {
            stopping = [state.Brokers.First().Id];
        }

        var verdict = BrokerStopGate.Evaluate(state, stopping);
        return (verdict.Allowed == BruteForceAllowed(state, stopping)).Label($"seed {seed}, stopping {string.Join(",", stopping)}: {verdict}");
    }

    /// <summary>
    /// Independent statement of the rule: stop the brokers (controlled shutdown takes them out of every ISR), then
    /// the stop is safe when every partition that lost a replica and could be writable at all (RF above minISR)
    /// still has min.insync.replicas in sync.
    /// </summary>
    private static bool BruteForceAllowed(ClusterState state, IReadOnlyList<int> stopping)
    {
        foreach (var topic in state.Topics)
        {
            foreach (var partition in topic.Partitions)
            {
                var touched = partition.Replicas.Intersect(stopping).Any();
                var couldBeWritable = partition.Replicas.Count > topic.MinInsyncReplicas;
                var isrAfterShutdown = partition.Isr.Except(stopping).ToList();
                if (touched && couldBeWritable && isrAfterShutdown.Count < topic.MinInsyncReplicas)
                {
                    return false;
                }
            }
        }

        return true;
    }
}
