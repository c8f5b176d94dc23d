namespace KafkaUpgrade.Client.Tests;

/// <summary>The client library bound to a harness's Temporal and task queue.</summary>
internal static class HarnessExtensions
{
    public static KafkaUpgradeClient Operations(this UpgradeHarness harness) => new(harness.Client, harness.TaskQueue);
}
