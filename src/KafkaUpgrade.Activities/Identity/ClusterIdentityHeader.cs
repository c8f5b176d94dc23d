using Temporalio.Activities;
using Temporalio.Api.Common.V1;
using Temporalio.Converters;

namespace KafkaUpgrade.Activities.Identity;

/// <summary>
/// The Temporal header that carries the Kafka <c>cluster.id</c> an operation recorded when it started
/// (<see cref="ClusterActivities.ReadKafkaClusterIdAsync"/>) on every activity, child workflow and continued run it
/// schedules after that, so the worker that runs the activity can check that its binding still names that cluster.
/// A header, not an argument: no activity signature changes, and histories recorded before it (no header) replay as
/// they were, headers being no part of the commands replay compares.
/// </summary>
public static class ClusterIdentityHeader
{
    /// <summary>The header's key.</summary>
    public const string Name = "kafka-cluster-id";

    /// <summary>Failure type of an activity refused because its binding now names another Kafka cluster.</summary>
    public const string ChangedFailureType = "ClusterIdentityChanged";

    /// <summary>
    /// The activity type of <see cref="ClusterActivities.ReadKafkaClusterIdAsync"/> (the SDK's name for it), whose
    /// result is the id an operation records.
    /// </summary>
    public static string ReadActivityName { get; } = ActivityDefinition.Create(
        typeof(ClusterActivities).GetMethod(nameof(ClusterActivities.ReadKafkaClusterIdAsync))!,
        _ => throw new InvalidOperationException("name only")).Name!;

    /// <summary>
    /// The header's value. The SDK's default payload converter, whatever the worker's data converter: the value is a
    /// plain string read by our own interceptors on both sides, as Temporal's tracing interceptor does its context.
    /// </summary>
    public static Payload Encode(string kafkaClusterId) => DataConverter.Default.PayloadConverter.ToPayload(kafkaClusterId);

    /// <summary>The recorded id in <paramref name="headers"/>, or null when they carry none (a run from before the check).</summary>
    public static string? Read(IReadOnlyDictionary<string, Payload>? headers) =>
        headers is not null && headers.TryGetValue(Name, out var payload) ? DataConverter.Default.PayloadConverter.ToValue<string>(payload) : null;

    /// <summary><paramref name="headers"/> (any other interceptor's kept) with the recorded id added.</summary>
    public static IDictionary<string, Payload> With(IDictionary<string, Payload>? headers, string kafkaClusterId) =>
        new Dictionary<string, Payload>(headers ?? new Dictionary<string, Payload>(), StringComparer.Ordinal) { [Name] = Encode(kafkaClusterId) };
}
