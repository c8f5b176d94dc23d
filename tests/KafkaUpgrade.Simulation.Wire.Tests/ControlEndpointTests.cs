using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Simulation.Wire.Tests;

public sealed class ControlEndpointTests
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task ProvisionFromServerPropertiesCreatesANodeWithItsOwnPort()
    {
        await using var test = await TestFront.StartAsync();
        var properties = """
            # as a hook would write it
            process.roles=broker
            node.id=104
            broker.rack=eu-west-1b
            controller.quorum.bootstrap.servers=127.0.0.1:9093
            """;
        using var response = await Http.PostAsJsonAsync(new Uri(test.Front.ControlAddress, "v1/nodes/104/provision"), new { version = "4.1.0", serverProperties = properties });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var node = await Json(response);
        Assert.Equal(104, node.GetProperty("nodeId").GetInt32());
        Assert.Equal("broker", node.GetProperty("roles").GetString());
        Assert.Equal("eu-west-1b", node.GetProperty("rack").GetString());

        await test.RunUntilAsync(s => s.FindNode(104)?.State == NodeState.Running);
        var simulated = test.State.FindNode(104)!;
        Assert.Equal(KafkaVersion.Parse("4.1.0"), simulated.Version);
        Assert.Equal(NodeRoles.Broker, simulated.Roles);
        Assert.True(test.Broker(104).IsOpen);
        Assert.True(await NodePortTests.CanConnectAsync(test.Broker(104).Port));
    }

    [Fact]
    public async Task RestartWithAVersionRunsThatVersionAndStopClosesThePort()
    {
        await using var test = await TestFront.StartAsync();
        using (var restart = await Http.PostAsJsonAsync(new Uri(test.Front.ControlAddress, "v1/nodes/2/restart"), new { version = "4.2.0" }))
        {
            Assert.Equal(HttpStatusCode.OK, restart.StatusCode);
        }

        await test.RunUntilAsync(s => s.FindNode(2) is { State: NodeState.Running } n && n.Version == KafkaVersion.Parse("4.2.0"));
        using (var stop = await Http.PostAsync(new Uri(test.Front.ControlAddress, "v1/nodes/2/stop"), null))
        {
            Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        }

        await test.RunUntilAsync(s => s.FindNode(2)!.State == NodeState.Stopped);
        Assert.False(await NodePortTests.CanConnectAsync(test.Broker(2).Port));
        var view = await Json(await Http.GetAsync(new Uri(test.Front.ControlAddress, "v1/nodes/2")));
        Assert.Equal("Stopped", view.GetProperty("state").GetString());
        Assert.Equal("4.2", view.GetProperty("version").GetString());
    }

    [Fact]
    public async Task FaultsReachTheSimulator()
    {
        await using var test = await TestFront.StartAsync();
        using (var crash = await Http.PostAsync(new Uri(test.Front.ControlAddress, "v1/nodes/3/faults/crash"), null))
        {
            Assert.Equal(HttpStatusCode.OK, crash.StatusCode);
        }

        Assert.Equal(NodeState.Stopped, test.State.FindNode(3)!.State);
        Assert.False(await NodePortTests.CanConnectAsync(test.Broker(3).Port));

        using var slow = await Http.PostAsJsonAsync(new Uri(test.Front.ControlAddress, "v1/nodes/4/faults/slow"), new { factor = 0.5 });
        Assert.Equal(HttpStatusCode.OK, slow.StatusCode);
        using var badFactor = await Http.PostAsJsonAsync(new Uri(test.Front.ControlAddress, "v1/nodes/4/faults/slow"), new { factor = 7 });
        Assert.Equal(HttpStatusCode.BadRequest, badFactor.StatusCode);
    }

    [Fact]
    public async Task RefusalsSayWhyWithTheRightStatus()
    {
        await using var test = await TestFront.StartAsync();
        using var unknown = await Http.GetAsync(new Uri(test.Front.ControlAddress, "v1/nodes/999"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("no such node", (await Json(unknown)).GetProperty("error").GetString(), StringComparison.Ordinal);

        using var noVersion = await Http.PostAsJsonAsync(new Uri(test.Front.ControlAddress, "v1/nodes/105/provision"), new { roles = "broker" });
        Assert.Equal(HttpStatusCode.BadRequest, noVersion.StatusCode);
        Assert.Null(test.State.FindNode(105));

        using var mismatch = await Http.PostAsJsonAsync(new Uri(test.Front.ControlAddress, "v1/nodes/105/provision"), new { version = "4.0.0", serverProperties = "process.roles=broker\nnode.id=7\n" });
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
        Assert.Contains("node.id=7", (await Json(mismatch)).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrafficClockAndStatistics()
    {
        await using var test = await TestFront.StartAsync();
        using (var traffic = await Http.PutAsJsonAsync(new Uri(test.Front.ControlAddress, "v1/traffic"), new { bytesPerSecondPerPartition = 10_000 }))
        {
            Assert.Equal(HttpStatusCode.OK, traffic.StatusCode);
        }

        var clock = await Json(await Http.PutAsJsonAsync(new Uri(test.Front.ControlAddress, "v1/clock"), new { advanceMs = 30_000 }));
        Assert.Equal(0, clock.GetProperty("speed").GetDouble());
        Assert.True(clock.GetProperty("simulatedMs").GetInt64() >= 30_000);

        var stats = await Json(await Http.GetAsync(new Uri(test.Front.ControlAddress, "v1/statistics")));
        Assert.Equal(test.Simulator.Statistics.AckedWrites, stats.GetProperty("ackedWrites").GetInt64());
        Assert.True(stats.GetProperty("ackedWrites").GetInt64() > 0);
        Assert.Equal(0, stats.GetProperty("lostAckedWrites").GetInt64());
        Assert.Equal(0, stats.GetProperty("minIsrViolations").GetInt64());
    }

    [Fact]
    public async Task ThrottleIsAbsentUntilSetThenNamesTheRateBrokersAndReplicas()
    {
        await using var test = await TestFront.StartAsync();
        var none = await Json(await Http.GetAsync(new Uri(test.Front.ControlAddress, "v1/throttle")));
        Assert.False(none.TryGetProperty("throttle", out _), none.ToString());

        test.Simulator.SetThrottleRate(1, 5_000_000);
        var set = (await Json(await Http.GetAsync(new Uri(test.Front.ControlAddress, "v1/throttle")))).GetProperty("throttle");
        Assert.Equal(5_000_000, set.GetProperty("bytesPerSecond").GetInt64());
        Assert.Contains(1, set.GetProperty("brokers").EnumerateArray().Select(b => b.GetInt32()));
    }

    [Fact]
    public async Task ClusterViewNamesTheBootstrapAddresses()
    {
        await using var test = await TestFront.StartAsync();
        var cluster = await Json(await Http.GetAsync(new Uri(test.Front.ControlAddress, "v1/cluster")));
        Assert.Equal(test.Front.BootstrapServers, cluster.GetProperty("bootstrap").GetString());
        Assert.Equal(test.Front.BootstrapControllers, cluster.GetProperty("bootstrapController").GetString());
        Assert.Equal(test.Front.ControllerBootstrap, cluster.GetProperty("controllerBootstrap").GetString());
        Assert.Equal(test.State.Nodes.Count, cluster.GetProperty("nodes").GetArrayLength());
    }

    [Fact]
    public async Task ZooKeeperMigrationViewAndControllerReset()
    {
        await using var test = await TestFront.ZooKeeperAsync();
        var migration = await Json(await Http.GetAsync(new Uri(test.Front.ControlAddress, "v1/zookeeper/migration")));
        Assert.Equal("ZooKeeper", migration.GetProperty("state").GetString());
        Assert.Equal(test.State.Brokers.Count(), migration.GetProperty("zooKeeperBrokers").GetArrayLength());
        using var reset = await Http.PostAsync(new Uri(test.Front.ControlAddress, "v1/zookeeper/reset-controller"), null);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.NotNull(test.State.ZooKeeperControllerId);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        using (response)
        {
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        }
    }
}
