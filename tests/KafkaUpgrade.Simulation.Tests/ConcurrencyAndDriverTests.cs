using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Core.Validation;
using KafkaUpgrade.Simulation.Traffic;

namespace KafkaUpgrade.Simulation.Tests;

public class ConcurrencyAndDriverTests
{
    [Fact]
    public async Task The_driver_moves_simulated_time_at_the_configured_speed()
    {
        var sim = SimTestClusters.Sample();
        await using (new SimulationDriver(sim, speed: 1000))
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (sim.Now < TimeSpan.FromSeconds(30) && DateTime.UtcNow < deadline)
            {
                await Task.Yield();
            }
        }

        Assert.True(sim.Now >= TimeSpan.FromSeconds(30), $"simulated {sim.Now}");
    }

    [Fact]
    public async Task Concurrent_callers_never_observe_a_state_kafka_could_not_be_in()
    {
        var sim = SimTestClusters.Sample();
        sim.StartTraffic(new TrafficSpec(100_000));
        var validator = new ClusterValidator();
        var problems = new List<string>();
        await using (new SimulationDriver(sim, speed: 200))
        {
            var writers = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
            {
                for (var i = 0; i < 25; i++)
                {
                    var state = await sim.Admin.DescribeClusterAsync();
                    var candidate = state.AllPartitions.Skip((worker * 25) + i).First();
                    var tp = new TopicPartition(candidate.Topic.Name, candidate.Partition.Partition);
                    await sim.Admin.ElectPreferredLeadersAsync([tp]);
                    if (i % 5 == 0)
                    {
                        await sim.Admin.AlterPartitionReassignmentsAsync(new Dictionary<TopicPartition, IReadOnlyList<int>?>
                        {
                            [tp] = candidate.Partition.Replicas.Reverse().ToList(),
                        });
                    }
                }
            })).ToList();
            var reader = Task.Run(async () =>
            {
                while (!writers.TrueForAll(w => w.IsCompleted))
                {
                    var state = await sim.Admin.DescribeClusterAsync();
                    lock (problems)
                    {
                        problems.AddRange(validator.Validate(state).Select(p => p.ToString()));
                    }
                }
            });
            await Task.WhenAll([.. writers, reader]);
        }

        Assert.Empty(problems);
        Assert.Equal(0, sim.CountLostAckedWrites());
    }

    [Fact]
    public async Task A_new_target_for_a_partition_in_flight_replaces_the_old_one_as_kip_455_says()
    {
        var sim = KafkaSimulator.Load(SimTestClusters.ThreeBrokers());
        await sim.Provisioner.ProvisionAsync(4, SimTestClusters.ZkBroker(SimTestClusters.V38, "r1"));
        await sim.Provisioner.ProvisionAsync(5, SimTestClusters.ZkBroker(SimTestClusters.V38, "r2"));
        Assert.True(sim.RunUntil(s => s.Nodes.All(n => n.State == NodeState.Running), TimeSpan.FromMinutes(3)));
        var tp = new TopicPartition("t", 0);
        await sim.Admin.SetReplicationThrottleAsync(new ReplicationThrottle(1L << 20, [1, 2, 3, 4, 5], [tp]));
        await sim.Admin.AlterPartitionReassignmentsAsync(new Dictionary<TopicPartition, IReadOnlyList<int>?> { [tp] = [4, 2, 3] });
        sim.Step(TimeSpan.FromSeconds(5));

        Assert.Empty(await sim.Admin.AlterPartitionReassignmentsAsync(new Dictionary<TopicPartition, IReadOnlyList<int>?> { [tp] = [5, 2, 3] }));
        var reassignment = Assert.Single(await sim.Admin.ListPartitionReassignmentsAsync());
        Assert.Equal([5], reassignment.AddingReplicas);
        Assert.Equal([4, 1], reassignment.RemovingReplicas);
        await sim.Admin.ClearReplicationThrottleAsync();
        Assert.True(sim.RunUntil(s => s.InFlightReassignments.Count == 0, TimeSpan.FromMinutes(5)));
        Assert.Equal([5, 2, 3], sim.Partition("t", 0).Replicas);
    }
}
