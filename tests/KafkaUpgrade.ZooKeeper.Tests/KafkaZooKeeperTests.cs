using System.Text;
using KafkaUpgrade.ZooKeeper.Kafka;

namespace KafkaUpgrade.ZooKeeper.Tests;

/// <summary>Kafka's znodes as a 3.9 cluster leaves them mid-migration, under a chroot as zookeeper.connect allows.</summary>
[Collection(ZooKeeperCollection.Name)]
public sealed class KafkaZooKeeperTests(ZooKeeperServer server)
{
    private readonly string _chroot = $"/kafka-{Guid.NewGuid():N}";

    [ZooKeeperFact]
    public async Task Reads_what_Kafka_keeps_and_the_rollback_deletes_controller_and_migration_only_once()
    {
        await using var root = await ZooKeeperClient.ConnectAsync(server.Address);
        await root.CreateAsync(_chroot, null);
        await using var zk = await ZooKeeperClient.ConnectAsync(server.Address + _chroot);
        await SeedMigratingClusterAsync(zk);
        var kafka = new KafkaZooKeeper(zk);

        var controller = (await kafka.ReadControllerAsync())!;
        Assert.Equal(3000, controller.BrokerId);
        Assert.Equal(5, controller.KRaftControllerEpoch);
        Assert.True(controller.IsKRaftController);
        Assert.Equal(1_719_917_952_299, controller.TimestampMs);
        Assert.Equal(zk.SessionId, controller.Stat.EphemeralOwner);
        var migration = (await kafka.ReadMigrationAsync())!;
        Assert.Equal((3000, 5, 1234L, 3), (migration.KRaftControllerId!.Value, migration.KRaftControllerEpoch!.Value, migration.KRaftMetadataOffset!.Value, migration.KRaftMetadataEpoch!.Value));
        Assert.Equal(7, await kafka.ReadControllerEpochAsync());
        Assert.Equal("Sfr7YvlkRHSHrmSrwq9mug", await kafka.ReadClusterIdAsync());
        Assert.Equal([1, 2, 10], await kafka.ListBrokerIdsAsync());
        var broker = (await kafka.ReadBrokerAsync(2))!;
        Assert.Equal(["PLAINTEXT://b2.example:9092", "CONTROLLER://b2.example:9093"], broker.Endpoints);
        Assert.Equal("rack-b", broker.Rack);
        Assert.Equal(5, broker.JsonVersion);
        Assert.Null(await kafka.ReadBrokerAsync(99));

        var reset = await kafka.DeleteControllerAndMigrationAsync();
        Assert.Equal(3000, reset.Controller!.BrokerId);
        Assert.Equal(1234, reset.Migration!.KRaftMetadataOffset);
        Assert.Equal(2, reset.NodesDeleted);
        Assert.Null(await root.ExistsAsync($"{_chroot}/controller"));
        Assert.Null(await root.ExistsAsync($"{_chroot}/migration"));

        // Nothing else is touched: brokers, epoch and cluster id stay for the ZooKeeper controller to come.
        Assert.Equal(7, await kafka.ReadControllerEpochAsync());
        Assert.Equal([1, 2, 10], await kafka.ListBrokerIdsAsync());
        Assert.NotNull(await root.ExistsAsync($"{_chroot}/cluster/id"));

        // Idempotent: a retried activity finds nothing to do.
        var again = await kafka.DeleteControllerAndMigrationAsync();
        Assert.Equal(new ControllerResetResult(null, null, 0), again);
        await root.DeleteRecursiveAsync(_chroot);
    }

    [ZooKeeperFact]
    public async Task A_zookeeper_controller_has_no_kraft_epoch_and_a_fresh_cluster_reads_as_absent()
    {
        await using var root = await ZooKeeperClient.ConnectAsync(server.Address);
        await root.CreateAsync(_chroot, null);
        await using var zk = await ZooKeeperClient.ConnectAsync(server.Address + _chroot);
        var kafka = new KafkaZooKeeper(zk);
        Assert.Null(await kafka.ReadControllerAsync());
        Assert.Null(await kafka.ReadMigrationAsync());
        Assert.Null(await kafka.ReadControllerEpochAsync());
        Assert.Null(await kafka.ReadClusterIdAsync());
        Assert.Empty(await kafka.ListBrokerIdsAsync());

        await zk.CreateAsync("/controller", Utf8("""{"version":2,"brokerid":0,"timestamp":"1685460739018","kraftControllerEpoch":-1}"""), CreateMode.Ephemeral);
        var controller = (await kafka.ReadControllerAsync())!;
        Assert.Equal(0, controller.BrokerId);
        Assert.False(controller.IsKRaftController);
        Assert.Null(controller.KRaftControllerEpoch);

        await zk.SetDataAsync("/controller", Utf8("not json"));
        var bad = await Assert.ThrowsAsync<FormatException>(() => kafka.ReadControllerAsync());
        Assert.Contains("/controller is not valid JSON", bad.Message, StringComparison.Ordinal);

        // The rollback with only /controller present deletes it and reports no /migration.
        await zk.SetDataAsync("/controller", Utf8("""{"version":1,"brokerid":4,"timestamp":"1"}"""));
        var reset = await kafka.DeleteControllerAndMigrationAsync();
        Assert.Equal(4, reset.Controller!.BrokerId);
        Assert.Null(reset.Migration);
        Assert.Equal(1, reset.NodesDeleted);
        await root.DeleteRecursiveAsync(_chroot);
    }

    private static async Task SeedMigratingClusterAsync(ZooKeeperClient zk)
    {
        await zk.CreateAsync("/brokers", null);
        await zk.CreateAsync("/brokers/ids", null);
        foreach (var id in new[] { 10, 1, 2 })
        {
            var json = $$"""{"features":{},"listener_security_protocol_map":{"PLAINTEXT":"PLAINTEXT","CONTROLLER":"PLAINTEXT"},"endpoints":["PLAINTEXT://b{{id}}.example:9092","CONTROLLER://b{{id}}.example:9093"],"rack":"rack-b","jmx_port":-1,"port":9092,"host":"b{{id}}.example","version":5,"timestamp":"1719917952131"}""";
            await zk.CreateAsync($"/brokers/ids/{id}", Utf8(json), CreateMode.Ephemeral);
        }

        await zk.CreateAsync("/cluster", null);
        await zk.CreateAsync("/cluster/id", Utf8("""{"version":"1","id":"Sfr7YvlkRHSHrmSrwq9mug"}"""));
        await zk.CreateAsync("/controller_epoch", Utf8("7"));
        await zk.CreateAsync("/controller", Utf8("""{"version":2,"brokerid":3000,"timestamp":"1719917952299","kraftControllerEpoch":5}"""), CreateMode.Ephemeral);
        await zk.CreateAsync("/migration", Utf8("""{"version":0,"kraft_metadata_offset":1234,"kraft_controller_id":3000,"kraft_metadata_epoch":3,"kraft_controller_epoch":5}"""));
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
