using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Simulation;

namespace KafkaUpgrade.Activities.Tests;

/// <summary>The sample cluster in a simulator, registered as "small".</summary>
internal sealed class ActivityFixture
{
    public ActivityFixture()
    {
        Simulator = KafkaSimulator.LoadSnapshot(Path.Combine(AppContext.BaseDirectory, "samples", "small-zk-3.8.json"));
        Registry = new StaticClusterRegistry(new Dictionary<string, ClusterConnection> { ["small"] = new(Simulator.Admin, Simulator.Provisioner) });
    }

    public KafkaSimulator Simulator { get; }

    public IClusterRegistry Registry { get; }

    public static NodeConfig ZkBroker(string version, string rack) => new(KafkaVersion.Parse(version), null, rack, "3.8-IV0");

    public void WaitRunning(params int[] ids) =>
        Assert.True(Simulator.RunUntil(s => ids.All(id => s.FindNode(id)?.State == NodeState.Running), TimeSpan.FromMinutes(5)));
}
