using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Planning.Upgrade;
using KafkaUpgrade.Core.Safety;
using KafkaUpgrade.Core.Snapshots;

namespace KafkaUpgrade.Core.Tests.Safety;

/// <summary>Issue 12, point 7: no silent inter-broker protocol change during a ZooKeeper-mode software roll.</summary>
public class InterBrokerProtocolPinGateTests
{
    private static readonly ClusterState Sample = ClusterSnapshotSerializer.ReadFile(Path.Combine(AppContext.BaseDirectory, "samples", "small-zk-3.8.json"));
    private static readonly (KafkaVersion, string?)[] To39 = [(KafkaVersion.Parse("3.9.0"), "3.9-IV0")];

    private static ClusterState Pinned(ClusterState state, string ibp = "3.8-IV0") =>
        state with { Nodes = [.. state.Nodes.Select(n => n with { InterBrokerProtocolVersion = ibp })] };

    [Fact]
    public void Brokers_leaving_it_unset_are_refused_when_the_roll_would_not_pin_it_naming_each_and_the_value_to_set()
    {
        var verdict = InterBrokerProtocolPinGate.Evaluate(Sample, To39, rollPins: false);

        Assert.False(verdict.Allowed);
        Assert.Contains("brokers 1,2,3,4,5,6 leave inter.broker.protocol.version unset", verdict.Reason, StringComparison.Ordinal);
        Assert.Contains("default 3.9-IV0 differs from the one in force (3.8-IV0)", verdict.Reason, StringComparison.Ordinal);
        Assert.Contains("Set inter.broker.protocol.version=3.8-IV0 on every broker first", verdict.Reason, StringComparison.Ordinal);
        Assert.Equal(6, verdict.Blockers.Count);
    }

    [Fact]
    public void When_the_roll_pins_it_the_verdict_allows_and_says_so()
    {
        var verdict = InterBrokerProtocolPinGate.Evaluate(Sample, To39, rollPins: true);

        Assert.True(verdict.Allowed);
        Assert.Contains("the roll pins inter.broker.protocol.version=3.8-IV0 in every broker it restarts or provisions", verdict.Reason, StringComparison.Ordinal);
        Assert.Contains(verdict.Notes, n => n.Contains("server.properties", StringComparison.Ordinal));
    }

    [Fact]
    public void Set_everywhere_a_default_equal_to_the_one_in_force_or_KRaft_mode_leave_nothing_to_say()
    {
        Assert.True(InterBrokerProtocolPinGate.Evaluate(Pinned(Sample), To39, rollPins: false).Allowed);
        Assert.Contains("set on every broker", InterBrokerProtocolPinGate.Evaluate(Pinned(Sample), To39, false).Reason, StringComparison.Ordinal);

        // A patch release (3.8.1 -> 3.8.2) defaults to the protocol in force; a bare "3.8" is 3.8's highest IV.
        Assert.True(InterBrokerProtocolPinGate.Evaluate(Sample, [(KafkaVersion.Parse("3.8.2"), "3.8-IV0")], rollPins: false).Allowed);
        Assert.True(InterBrokerProtocolPinGate.Evaluate(Sample with { Features = Sample.Features with { InterBrokerProtocolVersion = "3.9" } }, To39, rollPins: false).Allowed);
        Assert.True(InterBrokerProtocolPinGate.Evaluate(Sample, [], rollPins: false).Allowed);
    }

    [Fact]
    public void One_broker_left_unset_is_enough_and_is_the_one_named()
    {
        var state = Pinned(Sample);
        state = state with { Nodes = [.. state.Nodes.Select(n => n.Id == 4 ? n with { InterBrokerProtocolVersion = null } : n)] };

        var verdict = InterBrokerProtocolPinGate.Evaluate(state, To39, rollPins: false);

        Assert.False(verdict.Allowed);
        Assert.Equal(["broker 4"], verdict.Blockers);
    }

    [Fact]
    public void The_plans_preflight_carries_the_verdict_for_the_zookeeper_software_hop_and_stays_ready_because_both_strategies_pin()
    {
        foreach (var strategy in new[] { UpgradeStrategy.NodeReplacement, UpgradeStrategy.RollingUpgrade })
        {
            var plan = new UpgradePlanBuilder().Build(Sample, KafkaVersion.Parse("3.9"), new UpgradePlanOptions(strategy));
            var verdict = Assert.Single(plan.Preflight, v => v.Reason.Contains("inter.broker.protocol.version", StringComparison.Ordinal));
            Assert.True(verdict.Allowed);
            Assert.Contains("the roll pins inter.broker.protocol.version=3.8-IV0", verdict.Reason, StringComparison.Ordinal);
            Assert.True(plan.ReadyToStart);
        }

        var set = new UpgradePlanBuilder().Build(Pinned(Sample), KafkaVersion.Parse("3.9"));
        Assert.Contains(set.Preflight, v => v.Reason.Contains("set on every broker (3.8-IV0)", StringComparison.Ordinal));
    }
}
