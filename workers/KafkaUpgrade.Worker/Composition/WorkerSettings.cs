namespace KafkaUpgrade.Worker.Composition;

/// <summary>Where the worker finds Temporal (section <c>Temporal</c> of configuration; env <c>Temporal__Address</c>, ...).</summary>
public sealed class TemporalSettings
{
    /// <summary>host:port of the Temporal frontend (default: the embedded server's 127.0.0.1:7233).</summary>
    public string Address { get; set; } = "127.0.0.1:7233";

    /// <summary>Namespace.</summary>
    public string Namespace { get; set; } = "default";

    /// <summary>Task queue the workers poll.</summary>
    public string TaskQueue { get; set; } = WorkerComposition.DefaultTaskQueue;
}

/// <summary>
/// One cluster the worker can operate on (section <c>Clusters</c>): a real cluster (<c>kafka</c>: admin protocol,
/// metrics, command hooks) or an in-process simulator. Credentials never go in workflow inputs: they belong here,
/// resolved by cluster id.
/// </summary>
public sealed class ClusterSettings
{
    /// <summary>Cluster id workflows name.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>Adapter: <c>kafka</c> (a real cluster, or one served over Kafka's protocol) or <c>simulator</c> (in-process).</summary>
    public string Adapter { get; set; } = "simulator";

    /// <summary>Simulator: snapshot file to load.</summary>
    public string Snapshot { get; set; } = string.Empty;

    /// <summary>Simulator: speed of simulated time relative to real time.</summary>
    public double Speed { get; set; } = 1;

    /// <summary>Simulator: seed.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>kafka: how to reach the cluster.</summary>
    public KafkaSettings? Kafka { get; set; }

    /// <summary>kafka: the nodes' metrics; without it the checks that need metrics refuse.</summary>
    public MetricsSettings? Metrics { get; set; }

    /// <summary>kafka: the command hooks that provision nodes (<c>KafkaUpgrade.Provisioning.Hooks</c>).</summary>
    public Provisioning.Hooks.HookProvisionerOptions? Hooks { get; set; }

    /// <summary>kafka, ZooKeeper clusters: <c>zookeeper.connect</c>, for the migration rollback's deletion of /controller and /migration.</summary>
    public string? ZooKeeperConnect { get; set; }
}
