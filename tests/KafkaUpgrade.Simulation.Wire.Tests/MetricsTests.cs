using System.Globalization;
using System.Net;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;

namespace KafkaUpgrade.Simulation.Wire.Tests;

public sealed class MetricsTests
{
    private static readonly HttpClient Http = new();

    private static async Task<Dictionary<string, double>> ScrapeAsync(TestFront test, int node) =>
        (await SamplesAsync(test, node)).ToDictionary(kv => kv.Key, kv => kv.Value.Value);

    [Fact]
    public async Task BrokerMetricsUseJmxExporterNamesAndFollowTheCluster()
    {
        await using var test = await TestFront.StartAsync();
        var before = await ScrapeAsync(test, 1);
        Assert.Equal(0, before["kafka_server_replicamanager_underreplicatedpartitions"]);
        Assert.Equal(3, before["kafka_server_kafkaserver_brokerstate"]);
        var state = test.State;
        Assert.Equal(state.AllPartitions.Count(p => p.Partition.Leader == 1), before["kafka_server_replicamanager_leadercount"]);
        Assert.Equal(state.AllPartitions.Count(p => p.Partition.Replicas.Contains(1)), before["kafka_server_replicamanager_partitioncount"]);

        // A follower of broker 1's partitions dies: once fenced it leaves the ISR and broker 1's partitions are under-replicated.
        var follower = state.AllPartitions.First(p => p.Partition.Leader == 1 && p.Partition.Replicas.Count > 1).Partition.Replicas.First(r => r != 1);
        test.Simulator.CrashNode(follower);
        await test.RunUntilAsync(s => s.AllPartitions.Any(p => p.Partition.Leader == 1 && p.Partition.IsUnderReplicated));
        var after = await ScrapeAsync(test, 1);
        var expected = test.State.AllPartitions.Count(p => p.Partition.Leader == 1 && p.Partition.IsUnderReplicated);
        Assert.Equal(expected, after["kafka_server_replicamanager_underreplicatedpartitions"]);

        using var down = await Http.GetAsync(new Uri(test.Front.MetricsAddress, $"nodes/{follower}/metrics"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
    }

    [Fact]
    public async Task BytesInCountsTheSimulatedTraffic()
    {
        await using var test = await TestFront.StartAsync();
        test.Simulator.StartTraffic(new Traffic.TrafficSpec(1000));
        test.Simulator.Step(TimeSpan.FromSeconds(1));
        await test.Front.SyncAsync();
        test.Simulator.Step(TimeSpan.FromSeconds(10));
        await test.Front.SyncAsync();
        var rates = await test.Simulator.Admin.DescribeBytesInPerSecondAsync();
        var broker = rates.First(r => r.Value > 0);
        var metrics = await ScrapeAsync(test, broker.Key);
        Assert.InRange(metrics["kafka_server_brokertopicmetrics_bytesin_total"], broker.Value * 9, broker.Value * 12);
    }

    [Fact]
    public async Task EverySampleIsStampedWithSimulatedTimeSoAScraperRateIsTheClustersRate()
    {
        // The clock runs at many times real time: a rate over two scrapes' wall-clock interval would be that many
        // times too high, so the samples carry the simulated instant they describe (Prometheus text allows it).
        await using var test = await TestFront.StartAsync();
        test.Simulator.StartTraffic(new Traffic.TrafficSpec(1000));
        test.Simulator.Step(TimeSpan.FromSeconds(1));
        await test.Front.SyncAsync();
        var broker = (await test.Simulator.Admin.DescribeBytesInPerSecondAsync()).First(r => r.Value > 0);
        var first = await SamplesAsync(test, broker.Key);
        test.Simulator.Step(TimeSpan.FromSeconds(60));
        await test.Front.SyncAsync();
        var second = await SamplesAsync(test, broker.Key);

        Assert.All(first.Values, s => Assert.Equal(first["kafka_server_kafkaserver_brokerstate"].TimestampMs, s.TimestampMs));
        var bytesIn = "kafka_server_brokertopicmetrics_bytesin_total";
        var elapsedMs = second[bytesIn].TimestampMs - first[bytesIn].TimestampMs;
        Assert.Equal(60_000, elapsedMs);
        var rate = (second[bytesIn].Value - first[bytesIn].Value) / (elapsedMs / 1000.0);
        Assert.InRange(rate, broker.Value * 0.9, broker.Value * 1.1);
    }

    private static async Task<Dictionary<string, (double Value, long TimestampMs)>> SamplesAsync(TestFront test, int node)
    {
        var text = await Http.GetStringAsync(new Uri(test.Front.MetricsAddress, $"nodes/{node}/metrics"));
        return text.Split('\n').Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => l.Split(' '))
            .ToDictionary(p => p[0], p => (double.Parse(p[1], CultureInfo.InvariantCulture), long.Parse(p[2], CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task ActiveControllerAndMigrationStateAsKafkaReportsThem()
    {
        await using (var kraft = await TestFront.StartAsync())
        {
            var active = kraft.State.ActiveControllerId!.Value;
            var controllers = kraft.State.Controllers.Select(c => c.Id).ToList();
            foreach (var id in controllers)
            {
                var m = await ScrapeAsync(kraft, id);
                Assert.Equal(id == active ? 1 : 0, m["kafka_controller_kafkacontroller_activecontrollercount"]);
                Assert.Equal(0, m["kafka_controller_kafkacontroller_zkmigrationstate"]);
            }

            Assert.Equal(kraft.State.PartitionCount, (await ScrapeAsync(kraft, active))["kafka_controller_kafkacontroller_globalpartitioncount"]);
        }

        await using var zk = await TestFront.ZooKeeperAsync();
        var zkController = zk.State.ZooKeeperControllerId!.Value;
        foreach (var broker in zk.State.Brokers.Select(b => b.Id))
        {
            var m = await ScrapeAsync(zk, broker);
            Assert.Equal(4, m["kafka_controller_kafkacontroller_zkmigrationstate"]);
            Assert.Equal(broker == zkController ? 1 : 0, m["kafka_controller_kafkacontroller_activecontrollercount"]);
        }

        // A migration's quorum provisioned, before the KRaft controller takes /controller: the ZooKeeper controller
        // broker keeps its role (and its gauge), and the quorum leader reports its own (before: 0 on the broker).
        var version = zk.State.Brokers.First().Version;
        int[] quorum = [3000, 3001, 3002];
        foreach (var id in quorum)
        {
            await zk.Simulator.Provisioner.ProvisionAsync(id, new NodeConfig(version, NodeRoles.Controller, "eu-west-1a", ZooKeeperMigrationEnabled: true, ControllerQuorumVoters: quorum));
        }

        await zk.RunUntilAsync(s => s.Quorum is { HasLeader: true } && s.MetadataMode == MetadataMode.MigrationQuorumProvisioned);
        var leader = zk.State.Quorum!.LeaderId;
        Assert.Equal(zkController, zk.State.ZooKeeperControllerId);
        Assert.Equal(1, (await ScrapeAsync(zk, zkController))["kafka_controller_kafkacontroller_activecontrollercount"]);
        Assert.Equal(1, (await ScrapeAsync(zk, leader))["kafka_controller_kafkacontroller_activecontrollercount"]);
        Assert.Equal(2, (await ScrapeAsync(zk, leader))["kafka_controller_kafkacontroller_zkmigrationstate"]); // PRE_MIGRATION (ZkMigrationState ids: NONE 0, MIGRATION 1, PRE_MIGRATION 2, POST_MIGRATION 3, ZK 4)
        foreach (var other in zk.State.Brokers.Select(b => b.Id).Where(b => b != zkController))
        {
            Assert.Equal(0, (await ScrapeAsync(zk, other))["kafka_controller_kafkacontroller_activecontrollercount"]);
        }
    }
}
