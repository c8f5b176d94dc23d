using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Simulation.Wire.Versions;

namespace KafkaUpgrade.Simulation.Wire.Tests;

public sealed class ReleaseApiVersionsTests
{
    private static ApiRange? Range(string version, ListenerKind listener, short key) =>
        ReleaseApiVersions.For(KafkaVersion.Parse(version), listener).Cast<ApiRange?>().FirstOrDefault(r => r!.Value.ApiKey == key);

    [Theory]
    [InlineData("3.8.1", false)]
    [InlineData("3.9.0", true)]
    [InlineData("4.2.0", true)]
    public void RaftVoterApisStartWithKafka39(string version, bool listed)
    {
        Assert.Equal(listed, Range(version, ListenerKind.Controller, 80) is not null);
        Assert.Equal(listed, Range(version, ListenerKind.Controller, 81) is not null);
    }

    [Fact]
    public void AddRaftVoterV1ComesWithKafka42()
    {
        Assert.Equal(0, Range("4.1.0", ListenerKind.Controller, 80)!.Value.MaxVersion);
        Assert.Equal(1, Range("4.2.0", ListenerKind.Controller, 80)!.Value.MaxVersion);
    }

    [Fact]
    public void DescribeTopicPartitionsOnlyOnKRaftBrokersFrom38()
    {
        Assert.Null(Range("3.7.0", ListenerKind.Broker, 75));
        Assert.NotNull(Range("3.8.0", ListenerKind.Broker, 75));
        Assert.Null(Range("3.9.0", ListenerKind.ZkBroker, 75));
        Assert.Null(Range("4.0.0", ListenerKind.Controller, 75));
    }

    [Fact]
    public void ZooKeeperBrokersListNoKRaftOnlyApis()
    {
        foreach (var key in new short[] { 55, 64, 75, 80, 81 })
        {
            Assert.Null(Range("3.9.0", ListenerKind.ZkBroker, key));
        }

        Assert.NotNull(Range("3.9.0", ListenerKind.ZkBroker, 3));
    }

    [Fact]
    public void Kip896RaisedMinimumsIn40()
    {
        Assert.Equal(0, Range("3.9.0", ListenerKind.Broker, 32)!.Value.MinVersion);
        Assert.Equal(1, Range("4.0.0", ListenerKind.Broker, 32)!.Value.MinVersion);
        Assert.Equal(1, Range("4.0.0", ListenerKind.Broker, 2)!.Value.MinVersion);
        Assert.Equal(1, Range("4.0.0", ListenerKind.Broker, 9)!.Value.MinVersion);
        Assert.Equal(1, Range("4.0.0", ListenerKind.Broker, 35)!.Value.MinVersion);
    }

    [Fact]
    public void ControllersServeDescribeClusterFrom37AndNeverMetadata()
    {
        Assert.Null(Range("3.6.2", ListenerKind.Controller, 60));
        Assert.NotNull(Range("3.7.0", ListenerKind.Controller, 60));
        Assert.Null(Range("4.0.0", ListenerKind.Controller, 3));
    }
}
