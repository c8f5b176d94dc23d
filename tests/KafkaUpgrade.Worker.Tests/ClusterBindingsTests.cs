using KafkaUpgrade.Worker.Composition;
using KafkaUpgrade.Worker.Hosting;

namespace KafkaUpgrade.Worker.Tests;

public class ClusterBindingsTests
{
    [Fact]
    public async Task A_simulated_cluster_binds_from_the_sample_beside_the_worker()
    {
        await using var bindings = ClusterBindings.Start([new ClusterSettings { Id = "c1", Snapshot = "samples/small-zk-3.8.json", Speed = 10 }]);
        Assert.Equal(["c1"], bindings.Registry.ClusterIds);
        Assert.True(bindings.Simulators.ContainsKey("c1"));

        // The binding names the Kafka cluster it is for (the identity check compares operations with it): the snapshot's.
        Assert.Equal(bindings.Simulators["c1"].ClusterId, bindings.Registry.Resolve("c1").KafkaClusterId);
    }

    [Theory]
    [InlineData("kafak", "", "adapter 'kafak' (Clusters:0:Adapter) is not available (known: kafka, simulator)")]
    [InlineData("remote-simulator", "", "adapter 'remote-simulator' (Clusters:0:Adapter) is not available (known: kafka, simulator)")]
    [InlineData("simulator", "missing.json", "snapshot 'missing.json' not found")]
    public void Bad_bindings_fail_naming_the_cluster(string adapter, string snapshot, string message)
    {
        var error = Assert.Throws<InvalidOperationException>(() => ClusterBindings.Start([new ClusterSettings { Id = "c1", Adapter = adapter, Snapshot = snapshot }]));
        Assert.StartsWith("Cluster 'c1'", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_host_exits_2_on_bad_configuration_and_3_when_temporal_is_unreachable()
    {
        Assert.Equal(WorkerHost.BadConfiguration, await WorkerHost.RunAsync([], new TemporalSettings(), [new ClusterSettings { Id = "c1", Adapter = "kafka" }]));
        Assert.Equal(WorkerHost.TemporalUnreachable, await WorkerHost.RunAsync([], new TemporalSettings { Address = "127.0.0.1:1" }, []));
    }
}
