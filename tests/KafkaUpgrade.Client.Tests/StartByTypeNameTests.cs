using System.Text.Json;
using KafkaUpgrade.Workflows.Contracts;
using Temporalio.Client;

namespace KafkaUpgrade.Client.Tests;

/// <summary>
/// What a service in another language does (README "From other services"): start the workflow by its type name,
/// task queue and a JSON input written by hand, with no reference to this project's types.
/// </summary>
[Collection(TemporalCollection.Name)]
public class StartByTypeNameTests(TemporalFixture temporal)
{
    [Fact]
    public async Task A_hand_written_json_input_starts_ClusterUpgrade_by_type_name()
    {
        await using var cluster = new UpgradeHarness(temporal.Client);
        var json = $$"""
            {
              "ClusterId": "{{cluster.ClusterId}}",
              "TargetVersion": "3.9",
              "Strategy": "RollingUpgrade",
              "RestartBatchSize": 3,
              "PreApproved": true,
              "Timing": { "PollIntervalMs": 100 }
            }
            """;
        using var input = JsonDocument.Parse(json);
        var handle = await temporal.Client.StartWorkflowAsync(
            "ClusterUpgrade",
            [input.RootElement],
            new WorkflowOptions($"kafka-upgrade-{cluster.ClusterId}", cluster.Operations().TaskQueue));

        var result = await handle.GetResultAsync<JsonElement>();
        Assert.Equal(nameof(OperationOutcome.Completed), result.GetProperty("Outcome").GetString());
        Assert.Equal("3.9-IV0", cluster.Simulator.Snapshot().Features.InterBrokerProtocolVersion);
    }
}
