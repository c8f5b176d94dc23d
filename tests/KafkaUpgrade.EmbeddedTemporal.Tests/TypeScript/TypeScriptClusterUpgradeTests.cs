using KafkaUpgrade.TestSupport;

namespace KafkaUpgrade.EmbeddedTemporal.Tests.TypeScript;

/// <summary>
/// README "From other services" in TypeScript: a ClusterUpgrade started by type name with hand-written JSON, queried,
/// paused, resumed, approved and watched with the Temporal TypeScript client, run by our .NET worker on a simulated cluster.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class TypeScriptClusterUpgradeTests(ServerFixture fixture, Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task A_ClusterUpgrade_is_steered_from_TypeScript_by_type_name()
    {
        await KafkaUpgrade.Worker.Composition.SearchAttributeRegistration.EnsureAsync(fixture.Client);
        await using var cluster = new UpgradeHarness(fixture.Client);
        var json = await NodeScript.RunAsync("cluster-upgrade.js", fixture.Address, cluster.TaskQueue, cluster.ClusterId);
        output.WriteLine(json.GetRawText());

        Assert.True(json.GetProperty("paused").GetProperty("Paused").GetBoolean());
        Assert.Contains("checked from TypeScript", json.GetProperty("paused").GetProperty("WaitingFor").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(json.GetProperty("awaitingApproval").GetString()));
        Assert.False(string.IsNullOrEmpty(json.GetProperty("refused").GetString()));
        Assert.Equal("Completed", json.GetProperty("outcome").GetString());
        Assert.Equal("COMPLETED", json.GetProperty("status").GetString());
        Assert.Equal("ClusterUpgrade", json.GetProperty("workflowType").GetString());
        Assert.Equal("3.9-IV0", cluster.Simulator.Snapshot().Features.InterBrokerProtocolVersion);
    }
}
