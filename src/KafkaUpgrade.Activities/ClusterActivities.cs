using KafkaUpgrade.Activities.Contracts;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Planning.Upgrade;
using KafkaUpgrade.Core.Safety;
using Temporalio.Activities;

namespace KafkaUpgrade.Activities;

/// <summary>Reading the cluster: summaries, health gates, plans and lag. Read-only, so always safe to repeat.</summary>
public sealed class ClusterActivities(IClusterRegistry clusters)
{
    /// <summary>A summary of the cluster now.</summary>
    [Activity]
    public Task<ClusterSummary> DescribeClusterAsync(string clusterId) => ActivityFailures.Translate(async () =>
        Summarize(await clusters.Resolve(clusterId).Admin.DescribeClusterAsync(Token).ConfigureAwait(false)));

    /// <summary>
    /// Kafka's own cluster id (<c>cluster.id</c>, from Metadata/DescribeCluster) of the cluster the binding
    /// <paramref name="clusterId"/> reaches: the key of the operation lease, so two configured names for one Kafka
    /// cluster cannot run two operations at once.
    /// </summary>
    [Activity]
    public Task<string> ReadKafkaClusterIdAsync(string clusterId) => ActivityFailures.Translate(async () =>
        (await clusters.Resolve(clusterId).Admin.DescribeClusterAsync(Token).ConfigureAwait(false)).ClusterId);

    /// <summary>The cluster health gate (Core's <see cref="ClusterHealthGate"/>) on the cluster as it is now, its lists bounded (<see cref="PayloadBounds"/>).</summary>
    [Activity]
    public Task<GateVerdict> CheckHealthAsync(HealthCheckRequest request) => ActivityFailures.Translate(async () =>
    {
        ArgumentNullException.ThrowIfNull(request);
        var state = await clusters.Resolve(request.ClusterId).Admin.DescribeClusterAsync(Token).ConfigureAwait(false);
        var own = request.AllowInFlightReassignments ? state.InFlightReassignments.Select(r => r.Partition).ToList() : [];
        return PayloadBounds.Bounded(ClusterHealthGate.Evaluate(state, new HealthExpectation(request.ExpectedRunningNodes, own)));
    });

    /// <summary>The full upgrade plan (Core's <see cref="UpgradePlanBuilder"/>) for the cluster as it is now, its verdicts bounded (<see cref="PayloadBounds"/>).</summary>
    [Activity]
    public Task<UpgradePlan> PlanUpgradeAsync(PlanRequest request) => ActivityFailures.Translate(async () =>
    {
        ArgumentNullException.ThrowIfNull(request);
        var state = await clusters.Resolve(request.ClusterId).Admin.DescribeClusterAsync(Token).ConfigureAwait(false);
        return PayloadBounds.Bounded(new UpgradePlanBuilder().Build(state, KafkaVersion.Parse(request.TargetVersion), request.Options));
    });

    /// <summary>Restart batches (Core's <see cref="Core.Planning.Restarts.RestartBatchPlanner"/>) for the nodes, or all nodes.</summary>
    [Activity]
    public Task<Core.Planning.Restarts.RestartPlan> PlanRestartsAsync(NodesRequest request, int maxBatchSize) => ActivityFailures.Translate(async () =>
    {
        ArgumentNullException.ThrowIfNull(request);
        var state = await clusters.Resolve(request.ClusterId).Admin.DescribeClusterAsync(Token).ConfigureAwait(false);
        return Core.Planning.Restarts.RestartBatchPlanner.Plan(state, maxBatchSize, request.NodeIds.Count == 0 ? null : request.NodeIds);
    });

    /// <summary>Total consumer lag now.</summary>
    [Activity]
    public Task<LagMeasurement> MeasureConsumerLagAsync(string clusterId) => ActivityFailures.Translate(async () =>
    {
        var lags = await clusters.Resolve(clusterId).Admin.DescribeConsumerGroupLagAsync(Token).ConfigureAwait(false);
        return new LagMeasurement(lags.Sum(l => l.Lag), lags.Count);
    });

    /// <summary>The busiest broker's produce rate in bytes per second (BytesInPerSec), 0 without traffic.</summary>
    [Activity]
    public Task<double> MeasurePeakBytesInPerSecondAsync(string clusterId) => ActivityFailures.Translate(async () =>
        (await clusters.Resolve(clusterId).Admin.DescribeBytesInPerSecondAsync(Token).ConfigureAwait(false)).Values.DefaultIfEmpty(0).Max());

    internal static ClusterSummary Summarize(ClusterState state)
    {
        // One indexed pass instead of three LINQ enumerations of every partition (100,000 on the large cluster).
        long bytes = 0;
        int partitionCount = 0, underReplicated = 0, offline = 0;
        foreach (var topic in state.Topics)
        {
            var partitions = topic.Partitions;
            partitionCount += partitions.Count;
            for (var i = 0; i < partitions.Count; i++)
            {
                var p = partitions[i];
                bytes += p.SizeBytes * p.ReplicationFactor;
                underReplicated += p.IsUnderReplicated ? 1 : 0;
                offline += p.IsOffline ? 1 : 0;
            }
        }

        return new(
            state.ClusterId,
            state.MetadataMode,
            state.Features,
            state.Nodes,
            partitionCount,
            bytes,
            state.ActiveControllerId,
            underReplicated,
            offline,
            state.InFlightReassignments.Count);
    }

    private static CancellationToken Token => ActivityExecutionContext.HasCurrent ? ActivityExecutionContext.Current.CancellationToken : CancellationToken.None;
}
