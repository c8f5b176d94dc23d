using KafkaUpgrade.Activities.Contracts;
using Temporalio.Exceptions;
using Temporalio.Worker.Interceptors;

namespace KafkaUpgrade.Activities.Identity;

/// <summary>
/// Checks every activity against the Kafka cluster its operation recorded (<see cref="ClusterIdentityHeader"/>)
/// before it does anything: the worker's binding for the activity's cluster name must still be for that
/// <c>cluster.id</c>. An operator who re-points a binding (a new ExpectedClusterId and bootstrap, another simulator)
/// and restarts the worker mid-operation would otherwise have the rest of the operation act on another cluster, and
/// the kafka adapter's own check would pass, its expectation having moved with the binding. The refusal is
/// non-retryable (type <see cref="ClusterIdentityHeader.ChangedFailureType"/>): no retry brings the old binding back,
/// and the workflow fails saying so instead of waiting.
/// <para>
/// What is not checked, and why: an activity without the header (scheduled by a run started before this check, or
/// before its operation read the id, as the read itself and a dry-run repair are) runs as before; a binding that
/// names no Kafka cluster (<see cref="ClusterConnection.KafkaClusterId"/> null) and a name this worker does not serve
/// (the activity itself fails <c>UnknownCluster</c>, retried for another worker) are left to the activity.
/// </para>
/// </summary>
/// <param name="clusters">The worker's bindings.</param>
public sealed class ClusterIdentityCheck(IClusterRegistry clusters) : IWorkerInterceptor
{
    /// <inheritdoc />
    public ActivityInboundInterceptor InterceptActivity(ActivityInboundInterceptor nextInterceptor) => new Inbound(clusters, nextInterceptor);

    /// <summary>The cluster name an activity is about: its first argument, a name or a request (<see cref="IClusterRequest"/>).</summary>
    internal static string? ClusterNameOf(IReadOnlyList<object?> args) => args.Count == 0 ? null : args[0] switch
    {
        string name => name,
        IClusterRequest request => request.ClusterId,
        _ => null,
    };

    /// <summary>The refusal, or null when the activity may run.</summary>
    internal static ApplicationFailureException? Refusal(IClusterRegistry clusters, string activity, IReadOnlyList<object?> args, string? recorded)
    {
        if (recorded is null || ClusterNameOf(args) is not { } binding)
        {
            return null;
        }

        string? answers;
        try
        {
            answers = clusters.Resolve(binding).KafkaClusterId;
        }
        catch (UnknownClusterException)
        {
            return null;
        }

        return answers is null || string.Equals(answers, recorded, StringComparison.Ordinal)
            ? null
            : new ApplicationFailureException(
                $"Cluster '{binding}': this operation recorded Kafka cluster id '{recorded}' when it started, but this worker's binding '{binding}' " +
                $"is now for Kafka cluster id '{answers}' (re-pointed?). Refused {activity} before it did anything: the operation will not act on another cluster. " +
                $"Restore the binding to finish it, or start a new operation on the cluster the binding now names.",
                ClusterIdentityHeader.ChangedFailureType,
                nonRetryable: true);
    }

    private sealed class Inbound(IClusterRegistry clusters, ActivityInboundInterceptor next) : ActivityInboundInterceptor(next)
    {
        public override Task<object?> ExecuteActivityAsync(ExecuteActivityInput input)
        {
            var refusal = Refusal(clusters, input.Activity.Name ?? "the activity", input.Args, ClusterIdentityHeader.Read(input.Headers));
            return refusal is null ? base.ExecuteActivityAsync(input) : Task.FromException<object?>(refusal);
        }
    }
}
