using Temporalio.Common;

namespace KafkaUpgrade.Workflows.Support;

/// <summary>
/// Custom search attributes the workflows upsert so operators can filter in the Temporal UI, e.g.
/// <c>KafkaClusterId = "prod-eu-1" AND KafkaUpgradePhase = "AwaitingApproval"</c>. The worker registers them at
/// start-up when missing; on a real cluster: <c>temporal operator search-attribute create --name KafkaClusterId --type Keyword</c>.
/// </summary>
public static class UpgradeSearchAttributes
{
    /// <summary>The cluster being operated on.</summary>
    public static readonly SearchAttributeKey<string> ClusterId = SearchAttributeKey.CreateKeyword("KafkaClusterId");

    /// <summary>The current phase.</summary>
    public static readonly SearchAttributeKey<string> Phase = SearchAttributeKey.CreateKeyword("KafkaUpgradePhase");

    /// <summary>The target version.</summary>
    public static readonly SearchAttributeKey<string> TargetVersion = SearchAttributeKey.CreateKeyword("KafkaTargetVersion");

    /// <summary>All of them, for registration.</summary>
    public static IReadOnlyList<SearchAttributeKey> All { get; } = [ClusterId, Phase, TargetVersion];
}
