using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Core.Validation;
using KafkaUpgrade.Simulation.Traffic;
using static KafkaUpgrade.Simulation.Tests.SimTestClusters;

namespace KafkaUpgrade.Simulation.Tests;

/// <summary>
/// Seeded sequences of faults, at most one broker in trouble at a time, under acks=all traffic with RF 3 and
/// min.insync.replicas 2: Kafka guarantees that no acknowledged write is lost, and every state must be one Kafka can be in.
/// </summary>
public class ChaosTests
{
    private enum Fault
    {
        Crash,
        ControlledStop,
        Isolate,
        ZooKeeperSessionLoss,
        ControllerFailover,
        SlowFollower,
    }

    public static TheoryData<MetadataMode, int> Runs()
    {
        var data = new TheoryData<MetadataMode, int>();
        foreach (var seed in Enumerable.Range(1, 6))
        {
            data.Add(MetadataMode.ZooKeeper, seed);
            data.Add(MetadataMode.KRaft, seed);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task Single_faults_in_any_order_never_lose_an_acknowledged_write(MetadataMode mode, int seed)
    {
        var sim = KafkaSimulator.Load(ThreeBrokers(mode), new SimulationOptions { Seed = seed });
        sim.StartTraffic(new TrafficSpec(500_000, Topics: ["t"]));
        var validator = new ClusterValidator();
        var random = new Random(seed);
        var faults = Enum.GetValues<Fault>().Where(f => mode == MetadataMode.ZooKeeper || f != Fault.ZooKeeperSessionLoss).ToArray();

        for (var round = 0; round < 8; round++)
        {
            var broker = random.Next(1, 4);
            var fault = faults[random.Next(faults.Length)];
            await Inject(sim, fault, broker);
            sim.Step(TimeSpan.FromSeconds(random.Next(1, 40)));
            Assert.Empty(validator.Validate(sim.Snapshot()));
            await Repair(sim, fault, broker);

            Assert.True(
                sim.RunUntil(s => s.Nodes.All(n => n.State == NodeState.Running) && s.AllPartitions.All(p => p.Partition.Isr.Count == p.Partition.Replicas.Count), TimeSpan.FromMinutes(5)),
                $"round {round}: {fault} on broker {broker} did not heal");
            Assert.Empty(validator.Validate(sim.Snapshot()));
        }

        Assert.Equal(0, sim.CountLostAckedWrites());
        Assert.Equal(0, sim.Statistics.LostAckedWrites);
        Assert.True(sim.Statistics.AckedWrites > 0);
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task Moving_every_replica_off_a_broker_under_single_faults_loses_no_acknowledged_write(MetadataMode mode, int seed)
    {
        var sim = KafkaSimulator.Load(ThreeBrokers(mode), new SimulationOptions { Seed = seed });
        var version = mode == MetadataMode.ZooKeeper ? V38 : V39;
        await sim.Provisioner.ProvisionAsync(4, mode == MetadataMode.ZooKeeper ? ZkBroker(version, "r1") : new NodeConfig(version, NodeRoles.Broker, "r1"));
        Assert.True(sim.RunUntil(s => s.FindNode(4)!.State == NodeState.Running, TimeSpan.FromMinutes(3)));
        sim.StartTraffic(new TrafficSpec(500_000, Topics: ["t"]));
        await sim.Admin.SetReplicationThrottleAsync(new ReplicationThrottle(20L << 20, [1, 2, 3, 4], sim.Snapshot().Topics[0].Partitions.Select(p => new TopicPartition("t", p.Partition)).ToList()));
        var targets = sim.Snapshot().Topics[0].Partitions.ToDictionary(
            p => new TopicPartition("t", p.Partition),
            p => (IReadOnlyList<int>?)p.Replicas.Select(r => r == 1 ? 4 : r).ToList());
        Assert.Empty(await sim.Admin.AlterPartitionReassignmentsAsync(targets));

        var random = new Random(seed);
        var faults = new[] { Fault.Crash, Fault.ControlledStop, Fault.Isolate, Fault.ControllerFailover, Fault.SlowFollower };
        var validator = new ClusterValidator();
        for (var round = 0; round < 4; round++)
        {
            var broker = random.Next(2, 5);
            var fault = faults[random.Next(faults.Length)];
            await Inject(sim, fault, broker);
            sim.Step(TimeSpan.FromSeconds(random.Next(1, 40)));
            Assert.Empty(validator.Validate(sim.Snapshot()));
            await Repair(sim, fault, broker);
            Assert.True(sim.RunUntil(s => s.Nodes.All(n => n.State == NodeState.Running), TimeSpan.FromMinutes(5)), $"round {round}: {fault} on {broker}");
        }

        Assert.True(sim.RunUntil(s => s.InFlightReassignments.Count == 0, TimeSpan.FromHours(1)));
        await sim.Admin.ClearReplicationThrottleAsync();
        Assert.All(sim.Snapshot().Topics[0].Partitions, p => Assert.DoesNotContain(1, p.Replicas));
        Assert.Equal(0, sim.CountLostAckedWrites());
        Assert.Equal(0, sim.Statistics.LostAckedWrites);
        Assert.Equal(6, sim.Statistics.ReassignmentsCompleted);
    }

    private static async Task Inject(KafkaSimulator sim, Fault fault, int broker)
    {
        switch (fault)
        {
            case Fault.Crash:
                sim.CrashNode(broker);
                break;
            case Fault.ControlledStop:
                await sim.Provisioner.StopAsync(broker);
                break;
            case Fault.Isolate:
                sim.IsolateNode(broker);
                break;
            case Fault.ZooKeeperSessionLoss:
                sim.ExpireZooKeeperSession(broker);
                break;
            case Fault.ControllerFailover:
                sim.FailOverController();
                break;
            case Fault.SlowFollower:
                sim.SetBandwidthFactor(broker, 0.0001);
                break;
        }
    }

    private static async Task Repair(KafkaSimulator sim, Fault fault, int broker)
    {
        switch (fault)
        {
            case Fault.Crash or Fault.ControlledStop:
                sim.RunUntil(s => s.FindNode(broker)!.State is NodeState.Stopped, TimeSpan.FromSeconds(30));
                await sim.Provisioner.StartAsync(broker);
                break;
            case Fault.Isolate:
                sim.HealNetwork(broker);
                break;
            case Fault.SlowFollower:
                sim.SetBandwidthFactor(broker, 1);
                break;
        }
    }
}
