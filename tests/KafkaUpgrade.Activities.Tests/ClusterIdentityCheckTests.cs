using System.Reflection;
using KafkaUpgrade.Activities.Contracts;
using KafkaUpgrade.Activities.Identity;
using KafkaUpgrade.Simulation;
using Temporalio.Activities;
using Temporalio.Api.Common.V1;
using Temporalio.Exceptions;
using Temporalio.Worker.Interceptors;

namespace KafkaUpgrade.Activities.Tests;

/// <summary>
/// Issue 12, point 11: an activity carrying the Kafka cluster id its operation recorded runs only when the worker's
/// binding for its cluster still names that id; one without the header (a run from before the check) runs as before.
/// </summary>
public class ClusterIdentityCheckTests
{
    private static readonly KafkaSimulator Simulator = KafkaSimulator.LoadSnapshot(Path.Combine(AppContext.BaseDirectory, "samples", "small-zk-3.8.json"));

    [Fact]
    public async Task An_activity_whose_binding_now_names_another_kafka_cluster_fails_non_retryably_before_it_runs()
    {
        var next = new Recording();
        var check = Check("prod-eu-1", kafkaClusterId: "new-cluster-id").InterceptActivity(next);

        var failure = await Assert.ThrowsAsync<ApplicationFailureException>(() =>
            check.ExecuteActivityAsync(Input(nameof(ReassignmentActivities.SetThrottleAsync), new ThrottleRequest("prod-eu-1", 1, [1]), recorded: "old-cluster-id")));

        Assert.Equal(ClusterIdentityHeader.ChangedFailureType, failure.ErrorType);
        Assert.True(failure.NonRetryable);
        Assert.Contains("binding 'prod-eu-1'", failure.Message, StringComparison.Ordinal);
        Assert.Contains("recorded Kafka cluster id 'old-cluster-id'", failure.Message, StringComparison.Ordinal);
        Assert.Contains("now for Kafka cluster id 'new-cluster-id'", failure.Message, StringComparison.Ordinal);
        Assert.Contains("SetThrottle", failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, next.Calls);
    }

    [Fact]
    public async Task An_activity_whose_binding_still_names_the_recorded_cluster_runs()
    {
        var next = new Recording();
        var check = Check("prod-eu-1", kafkaClusterId: "the-id").InterceptActivity(next);

        await check.ExecuteActivityAsync(Input(nameof(ClusterActivities.DescribeClusterAsync), "prod-eu-1", recorded: "the-id"));

        Assert.Equal(1, next.Calls);
    }

    [Fact]
    public async Task A_header_less_activity_from_a_run_before_the_check_runs_as_before_whatever_the_binding_names()
    {
        var next = new Recording();
        var check = Check("prod-eu-1", kafkaClusterId: "new-cluster-id").InterceptActivity(next);

        await check.ExecuteActivityAsync(Input(nameof(ReassignmentActivities.ClearThrottleAsync), "prod-eu-1", recorded: null));

        Assert.Equal(1, next.Calls);
    }

    [Fact]
    public async Task A_name_the_worker_does_not_serve_or_a_binding_naming_no_cluster_is_left_to_the_activity()
    {
        var next = new Recording();
        var check = Check("prod-eu-1", kafkaClusterId: null).InterceptActivity(next);

        await check.ExecuteActivityAsync(Input(nameof(ClusterActivities.DescribeClusterAsync), "prod-eu-1", recorded: "the-id"));
        await check.ExecuteActivityAsync(Input(nameof(ClusterActivities.DescribeClusterAsync), "elsewhere", recorded: "the-id"));

        Assert.Equal(2, next.Calls);
    }

    [Fact]
    public void Every_activity_names_its_cluster_first_so_the_check_can_find_its_binding()
    {
        var activities = new[] { typeof(ClusterActivities), typeof(NodeActivities), typeof(ReassignmentActivities), typeof(MetadataActivities), typeof(RepairActivities), typeof(WaitActivities) }
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            .Where(m => m.GetCustomAttribute<ActivityAttribute>() is not null)
            .ToList();

        Assert.NotEmpty(activities);
        Assert.All(activities, m => Assert.True(
            m.GetParameters() is [var first, ..] && (first.ParameterType == typeof(string) && first.Name == "clusterId" || typeof(IClusterRequest).IsAssignableFrom(first.ParameterType)),
            $"{m.DeclaringType!.Name}.{m.Name}: the first parameter must be the cluster id or an IClusterRequest"));
    }

    [Fact]
    public void The_header_round_trips_and_keeps_other_interceptors_headers()
    {
        var other = new Payload();
        var headers = ClusterIdentityHeader.With(new Dictionary<string, Payload> { ["traceparent"] = other }, "Sfr7YvlkRHSHrmSrwq9mug");

        Assert.Same(other, headers["traceparent"]);
        Assert.Equal("Sfr7YvlkRHSHrmSrwq9mug", ClusterIdentityHeader.Read(headers.AsReadOnly()));
        Assert.Null(ClusterIdentityHeader.Read(null));
        Assert.Equal("ReadKafkaClusterId", ClusterIdentityHeader.ReadActivityName);
    }

    private static ClusterIdentityCheck Check(string binding, string? kafkaClusterId) =>
        new(new StaticClusterRegistry(new Dictionary<string, ClusterConnection> { [binding] = new(Simulator.Admin, Simulator.Provisioner, kafkaClusterId) }));

    private static ExecuteActivityInput Input(string method, object argument, string? recorded)
    {
        var type = new[] { typeof(ClusterActivities), typeof(ReassignmentActivities) }.First(t => t.GetMethod(method) is not null);
        var definition = ActivityDefinition.Create(type.GetMethod(method)!, _ => throw new InvalidOperationException("the check runs nothing itself"));
        var headers = recorded is null ? null : ClusterIdentityHeader.With(null, recorded).AsReadOnly();
        return new ExecuteActivityInput(definition, [argument], headers);
    }

    /// <summary>The end of the chain (so no next; the SDK's own end is internal): counts the activities the check let through.</summary>
    private sealed class Recording() : ActivityInboundInterceptor(null!)
    {
        public int Calls { get; private set; }

        public override Task<object?> ExecuteActivityAsync(ExecuteActivityInput input)
        {
            Calls++;
            return Task.FromResult<object?>(null);
        }
    }
}
