using KafkaUpgrade.Activities;
using KafkaUpgrade.Activities.Identity;
using KafkaUpgrade.Workflows;
using KafkaUpgrade.Workflows.Support;
using Temporalio.Worker;

namespace KafkaUpgrade.Worker.Composition;

/// <summary>
/// Everything a worker runs, in one place, so the host, the CLI's <c>worker</c> command and the end-to-end tests
/// register exactly the same workflows and activities.
/// </summary>
public static class WorkerComposition
{
    /// <summary>The task queue workers poll unless configured otherwise.</summary>
    public const string DefaultTaskQueue = "kafka-upgrade";

    /// <summary>Every workflow type of the product.</summary>
    public static IReadOnlyList<Type> Workflows { get; } =
    [
        typeof(ClusterUpgradeWorkflow),
        typeof(NodeReplacementWorkflow),
        typeof(RollingUpgradeWorkflow),
        typeof(KRaftMigrationWorkflow),
        typeof(FinalizeMetadataWorkflow),
        typeof(ControllerReplacementWorkflow),
        typeof(ClusterRepairWorkflow),
        typeof(ClusterLeaseWorkflow),
    ];

    /// <summary>
    /// The interceptors every worker runs: the recorded Kafka cluster id put on what workflows schedule
    /// (<see cref="ClusterIdentityPropagation"/>) and checked before each activity (<see cref="ClusterIdentityCheck"/>).
    /// </summary>
    public static IReadOnlyList<Temporalio.Worker.Interceptors.IWorkerInterceptor> Interceptors(IClusterRegistry clusters) =>
        [new ClusterIdentityPropagation(), new ClusterIdentityCheck(clusters)];

    /// <summary>
    /// Adds every workflow, every activity (bound to <paramref name="clusters"/>) and the
    /// <see cref="Interceptors"/> (after any already set) to <paramref name="options"/>.
    /// </summary>
    public static TemporalWorkerOptions AddKafkaUpgrade(this TemporalWorkerOptions options, IClusterRegistry clusters)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Interceptors = [.. options.Interceptors ?? [], .. Interceptors(clusters)];
        options.AddAllActivities(new ClusterActivities(clusters));
        options.AddAllActivities(new NodeActivities(clusters));
        options.AddAllActivities(new ReassignmentActivities(clusters));
        options.AddAllActivities(new MetadataActivities(clusters));
        options.AddAllActivities(new RepairActivities(clusters));
        options.AddAllActivities(new WaitActivities(clusters));
        foreach (var workflow in Workflows)
        {
            options.AddWorkflow(workflow);
        }

        return options;
    }
}
