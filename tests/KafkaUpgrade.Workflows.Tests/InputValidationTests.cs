using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Workflows.Contracts;
using KafkaUpgrade.Workflows.Support;

namespace KafkaUpgrade.Workflows.Tests;

public class InputValidationTests
{
    [Fact]
    public void A_good_input_has_no_problems() => Assert.Empty(InputValidation.Problems(new ClusterUpgradeInput("c1", "4.1")));

    [Fact]
    public void Every_bad_field_is_named()
    {
        var problems = InputValidation.Problems(new ClusterUpgradeInput("", "four", ReplacementBatchSize: 0, RestartBatchSize: -1, ThrottleBytesPerSecond: 0, Timing: new StepTiming(0)));
        Assert.Equal(6, problems.Count);
        Assert.Contains("ClusterId is empty", problems);
        Assert.Contains("TargetVersion 'four' is not a Kafka version (expected e.g. 4.1 or 3.9.1)", problems);
        Assert.Contains("ReplacementBatchSize must be at least 1, was 0", problems);
    }

    [Fact]
    public void Node_changes_apply_to_the_current_configuration()
    {
        var zk = new NodeConfig(KafkaVersion.Parse("3.9.0"), null, "a", "3.8-IV0", DiskCapacityBytes: 100);
        var bumped = new NodeChange(InterBrokerProtocolVersion: "3.9-IV0").Apply(zk);
        Assert.Equal("3.9-IV0", bumped.InterBrokerProtocolVersion);
        Assert.Equal(100, bumped.DiskCapacityBytes);

        var migrating = new NodeChange(ZooKeeperMigrationEnabled: true, ControllerQuorumVoters: [3000, 3001, 3002]).Apply(bumped);
        Assert.True(migrating.ZooKeeperMigrationEnabled);
        var kraft = new NodeChange(ToKRaftBroker: true).Apply(migrating);
        Assert.Equal(NodeRoles.Broker, kraft.ProcessRoles);
        Assert.Null(kraft.InterBrokerProtocolVersion);
        Assert.False(kraft.ZooKeeperMigrationEnabled);
        Assert.Equal("version 4.0", new NodeChange(Version: "4.0").Describe());
    }
}
