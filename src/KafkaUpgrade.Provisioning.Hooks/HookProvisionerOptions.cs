using KafkaUpgrade.Core.ServerProperties;

namespace KafkaUpgrade.Provisioning.Hooks;

/// <summary>One action's command: an executable and its arguments (no shell unless the command is one), with placeholders.</summary>
public sealed class HookCommandOptions
{
    /// <summary>The executable, e.g. <c>/etc/kafka-upgrade/hooks/provision.sh</c> or <c>bash</c>. Placeholders allowed.</summary>
    public string Command { get; set; } = string.Empty;

    /// <summary>Arguments, each templated: <c>{nodeId}</c>, <c>{roles}</c>, <c>{version}</c>, <c>{rack}</c>, <c>{clusterId}</c>, <c>{kafkaClusterId}</c>, <c>{propertiesFile}</c>, <c>{action}</c>, <c>{storageFormat}</c>, <c>{diskBytes}</c>.</summary>
    public List<string> Arguments { get; set; } = [];

    /// <summary>Timeout in seconds for this action; 0 uses <see cref="HookProvisionerOptions.DefaultTimeoutSeconds"/>.</summary>
    public int TimeoutSeconds { get; set; }
}

/// <summary>The commands per action. Describe is required: the workflows poll it to see a node's state.</summary>
public sealed class HookCommandsOptions
{
    /// <summary>Create and start a node.</summary>
    public HookCommandOptions? Provision { get; set; }

    /// <summary>Controlled shutdown.</summary>
    public HookCommandOptions? Stop { get; set; }

    /// <summary>Start a stopped node.</summary>
    public HookCommandOptions? Start { get; set; }

    /// <summary>Stop, apply a new version/configuration, start.</summary>
    public HookCommandOptions? Restart { get; set; }

    /// <summary>Stop and destroy with its disks.</summary>
    public HookCommandOptions? Decommission { get; set; }

    /// <summary>Print the node's state as JSON.</summary>
    public HookCommandOptions? Describe { get; set; }

    /// <summary>The command for <paramref name="action"/>, or null when none is configured.</summary>
    public HookCommandOptions? For(HookAction action) => action switch
    {
        HookAction.Provision => Provision,
        HookAction.Stop => Stop,
        HookAction.Start => Start,
        HookAction.Restart => Restart,
        HookAction.Decommission => Decommission,
        HookAction.Describe => Describe,
        _ => null,
    };
}

/// <summary>
/// Configuration of a <see cref="CommandHookProvisioner"/> for one cluster, as bound from the worker's
/// configuration (<c>Clusters:N:Hooks</c>). Holds no secrets itself: those live in the server.properties templates
/// it points to, which are redacted from every log line and error.
/// </summary>
public sealed class HookProvisionerOptions
{
    /// <summary>The cluster binding's id (logs, errors, <c>{clusterId}</c>).</summary>
    public string ClusterId { get; set; } = string.Empty;

    /// <summary>Kafka's <c>cluster.id</c> (<c>{kafkaClusterId}</c>, for <c>kafka-storage format --cluster-id</c>); optional.</summary>
    public string? KafkaClusterId { get; set; }

    /// <summary>The commands.</summary>
    public HookCommandsOptions Commands { get; set; } = new();

    /// <summary>Path of the operator's broker server.properties template.</summary>
    public string BrokerTemplateFile { get; set; } = string.Empty;

    /// <summary>Path of the controller-only template; empty to use the broker template.</summary>
    public string? ControllerTemplateFile { get; set; }

    /// <summary><c>zookeeper.connect</c> with its chroot (ZooKeeper brokers, migrating controllers).</summary>
    public string? ZooKeeperConnect { get; set; }

    /// <summary>Controller address for <c>controller.quorum.voters</c>, with <c>{id}</c>: e.g. <c>kafka-ctl-{id}.example.com:9093</c>.</summary>
    public string? ControllerAddressTemplate { get; set; }

    /// <summary><c>controller.quorum.bootstrap.servers</c> for a dynamic quorum.</summary>
    public string? ControllerBootstrapServers { get; set; }

    /// <summary><c>controller.listener.names</c>.</summary>
    public string ControllerListenerName { get; set; } = "CONTROLLER";

    /// <summary>Security protocol of the controller listener, for <c>listener.security.protocol.map</c>.</summary>
    public string ControllerListenerSecurityProtocol { get; set; } = "PLAINTEXT";

    /// <summary>Where rendered server.properties files are written (mode 0600) for the commands; default a folder under the temp directory.</summary>
    public string? WorkDirectory { get; set; }

    /// <summary>Keep rendered files after the command ran (they hold the template's secrets; off by default).</summary>
    public bool KeepRenderedFiles { get; set; }

    /// <summary>Timeout for actions that set none. Default 600 s.</summary>
    public int DefaultTimeoutSeconds { get; set; } = 600;

    /// <summary>How often a silent command is reported as still running (heartbeats). Default 10 s.</summary>
    public int ProgressIntervalSeconds { get; set; } = 10;

    /// <summary>
    /// Seconds a describe answer is reused (0, the default: never). The workflows describe every node each time they
    /// look at the cluster; over SSH that is a second per node. Any action on a node forgets its answer at once.
    /// </summary>
    public int DescribeCacheSeconds { get; set; }

    /// <summary>Extra environment variables for every command (e.g. <c>KAFKA_SSH_USER</c>).</summary>
    public Dictionary<string, string> Environment { get; set; } = [];

    /// <summary>Problems with this configuration, each naming its key under <paramref name="prefix"/>; empty when valid.</summary>
    public IReadOnlyList<string> Validate(string prefix = "Hooks")
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ClusterId))
        {
            problems.Add($"{prefix}:ClusterId is empty");
        }

        foreach (var action in Enum.GetValues<HookAction>())
        {
            var command = Commands.For(action);
            if (command is null)
            {
                problems.Add($"{prefix}:Commands:{action}:Command is not set (every action needs a command; describe is how the workflows see a node)");
            }
            else if (string.IsNullOrWhiteSpace(command.Command))
            {
                problems.Add($"{prefix}:Commands:{action}:Command is empty");
            }
            else if (command.TimeoutSeconds < 0)
            {
                problems.Add($"{prefix}:Commands:{action}:TimeoutSeconds must be 0 (default) or positive, got {command.TimeoutSeconds}");
            }
        }

        if (string.IsNullOrWhiteSpace(BrokerTemplateFile))
        {
            problems.Add($"{prefix}:BrokerTemplateFile is not set");
        }
        else if (!File.Exists(BrokerTemplateFile))
        {
            problems.Add($"{prefix}:BrokerTemplateFile '{BrokerTemplateFile}' does not exist");
        }

        if (!string.IsNullOrWhiteSpace(ControllerTemplateFile) && !File.Exists(ControllerTemplateFile))
        {
            problems.Add($"{prefix}:ControllerTemplateFile '{ControllerTemplateFile}' does not exist");
        }

        if (DefaultTimeoutSeconds <= 0)
        {
            problems.Add($"{prefix}:DefaultTimeoutSeconds must be positive, got {DefaultTimeoutSeconds}");
        }

        if (DescribeCacheSeconds < 0)
        {
            problems.Add($"{prefix}:DescribeCacheSeconds must be 0 (no reuse) or positive, got {DescribeCacheSeconds}");
        }

        if (ProgressIntervalSeconds <= 0)
        {
            problems.Add($"{prefix}:ProgressIntervalSeconds must be positive, got {ProgressIntervalSeconds}");
        }

        if (ControllerAddressTemplate is { Length: > 0 } address && !address.Contains("{id}", StringComparison.Ordinal))
        {
            problems.Add($"{prefix}:ControllerAddressTemplate '{address}' has no {{id}} placeholder");
        }

        return problems;
    }

    /// <summary>The renderer's layout, reading the template files.</summary>
    internal ServerPropertiesLayout ReadLayout() => new(
        File.ReadAllText(BrokerTemplateFile),
        string.IsNullOrWhiteSpace(ControllerTemplateFile) ? null : File.ReadAllText(ControllerTemplateFile),
        ZooKeeperConnect,
        ControllerAddressTemplate,
        ControllerBootstrapServers,
        ControllerListenerName,
        ControllerListenerSecurityProtocol);
}
