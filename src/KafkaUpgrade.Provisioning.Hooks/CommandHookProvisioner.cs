using System.Globalization;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Core.ServerProperties;
using Serilog;

namespace KafkaUpgrade.Provisioning.Hooks;

/// <summary>
/// <see cref="INodeProvisioner"/> over operator-supplied commands, one per action (see the README for the
/// contract). Provision and restart render the node's server.properties from the operator's template
/// (<see cref="ServerPropertiesRenderer"/>) into a file the command receives. A call returns once the command
/// exits; readiness is judged from the cluster (registered, unfenced, back in every ISR), which the workflows poll,
/// never from an exit code.
/// </summary>
public sealed class CommandHookProvisioner : INodeProvisioner
{
    private readonly HookProvisionerOptions _options;
    private readonly ServerPropertiesLayout _layout;
    private readonly IReadOnlyList<string> _templateSecrets;
    private readonly HookRunner _runner;
    private readonly string _workDirectory;
    private readonly ILogger _logger;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, (NodeInfo? Info, long AtMs)> _described = new();

    /// <summary>Creates the provisioner; throws <see cref="ArgumentException"/> listing every configuration problem, each naming its key.</summary>
    /// <param name="options">The cluster's hook configuration.</param>
    /// <param name="logger">Structured log for the commands' output (redacted).</param>
    /// <param name="progress">Told when a command starts, prints, or stays silent for a while: the activity layer turns it into heartbeats.</param>
    public CommandHookProvisioner(HookProvisionerOptions options, ILogger logger, IProgress<HookProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid hook configuration: " + string.Join("; ", problems), nameof(options));
        }

        _options = options;
        _layout = options.ReadLayout();
        _templateSecrets = SecretValues(_layout.BrokerTemplate).Concat(_layout.ControllerTemplate is null ? [] : SecretValues(_layout.ControllerTemplate)).ToList();
        _logger = logger.ForContext<CommandHookProvisioner>();
        _runner = new HookRunner(options, _logger, progress);
        _workDirectory = options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), "kafka-upgrade-hooks");
    }

    /// <inheritdoc />
    /// <remarks>Describes first: the same node with the same configuration is returned without running the hook; an id taken by a different configuration is refused.</remarks>
    public async Task<NodeInfo> ProvisionAsync(int nodeId, NodeConfig config, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (await DescribeFreshAsync(nodeId, cancellationToken).ConfigureAwait(false) is { State: not NodeState.Decommissioned } existing)
        {
            if (existing.Config.SameAs(config))
            {
                _logger.Information("Node {NodeId} of {ClusterId} already exists with this configuration ({State}); provision hook not run", nodeId, _options.ClusterId, existing.State);
                return existing;
            }

            throw new NodeProvisioningException(nodeId, $"already exists in cluster {_options.ClusterId} with a different configuration (version {existing.Config.Version}, roles {Roles(existing.Config)}); refusing to provision over it");
        }

        await RunWithPropertiesAsync(HookAction.Provision, nodeId, config, cancellationToken).ConfigureAwait(false);
        return await DescribeAfterAsync(HookAction.Provision, nodeId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task StopAsync(int nodeId, CancellationToken cancellationToken = default) => RunSimpleAsync(HookAction.Stop, nodeId, cancellationToken);

    /// <inheritdoc />
    public Task StartAsync(int nodeId, CancellationToken cancellationToken = default) => RunSimpleAsync(HookAction.Start, nodeId, cancellationToken);

    /// <inheritdoc />
    public Task RestartAsync(int nodeId, NodeConfig config, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        return RunWithPropertiesAsync(HookAction.Restart, nodeId, config, cancellationToken);
    }

    /// <inheritdoc />
    public Task DecommissionAsync(int nodeId, CancellationToken cancellationToken = default) => RunSimpleAsync(HookAction.Decommission, nodeId, cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// The workflows describe every node each time they look at the cluster. With
    /// <see cref="HookProvisionerOptions.DescribeCacheSeconds"/> set, an answer younger than that is reused (a describe
    /// over SSH takes a second); every action on a node forgets its answer, and an action's own describes always run.
    /// </remarks>
    public async Task<NodeInfo?> DescribeNodeAsync(int nodeId, CancellationToken cancellationToken = default)
    {
        if (_options.DescribeCacheSeconds > 0 && _described.TryGetValue(nodeId, out var kept) && Environment.TickCount64 - kept.AtMs < _options.DescribeCacheSeconds * 1000L)
        {
            return kept.Info;
        }

        return await DescribeFreshAsync(nodeId, cancellationToken).ConfigureAwait(false);
    }

    private async Task<NodeInfo?> DescribeFreshAsync(int nodeId, CancellationToken cancellationToken)
    {
        _described.TryRemove(nodeId, out _);
        var asked = Environment.TickCount64;
        var info = await DescribeHookAsync(nodeId, cancellationToken).ConfigureAwait(false);
        _described[nodeId] = (info, asked);
        return info;
    }

    private async Task<NodeInfo?> DescribeHookAsync(int nodeId, CancellationToken cancellationToken)
    {
        var invocation = Invocation(HookAction.Describe, nodeId, null, null);
        var result = await _runner.RunAsync(invocation, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode == HookExitCodes.NotFound)
        {
            return null;
        }

        ThrowIfFailed(invocation, result);
        try
        {
            return DescribeOutput.Parse(nodeId, result.Stdout, _layout);
        }
        catch (FormatException e)
        {
            throw _runner.Failed(invocation, HookRunner.Redact(e.Message, _templateSecrets), result.ExitCode, stderr: result.StderrTail);
        }
    }

    private async Task RunSimpleAsync(HookAction action, int nodeId, CancellationToken cancellationToken)
    {
        _described.TryRemove(nodeId, out _);
        var invocation = Invocation(action, nodeId, null, null);
        ThrowIfFailed(invocation, await _runner.RunAsync(invocation, cancellationToken).ConfigureAwait(false));
    }

    private async Task RunWithPropertiesAsync(HookAction action, int nodeId, NodeConfig config, CancellationToken cancellationToken)
    {
        RenderedServerProperties rendered;
        try
        {
            rendered = ServerPropertiesRenderer.Render(nodeId, config, _layout);
        }
        catch (ServerPropertiesException e)
        {
            // The binding lacks what this step needs: nothing ran, nothing changed.
            throw new NodeProvisioningException(nodeId, $"cluster {_options.ClusterId}: {e.Message}");
        }

        _described.TryRemove(nodeId, out _);
        var file = WriteProperties(action, nodeId, rendered);
        try
        {
            _logger.Information("Rendered {Rendered} for {HookAction} into {File}", rendered.ToString(), action, file);
            var invocation = Invocation(action, nodeId, config, file, rendered.SecretValues);
            ThrowIfFailed(invocation, await _runner.RunAsync(invocation, cancellationToken).ConfigureAwait(false));
        }
        finally
        {
            if (!_options.KeepRenderedFiles)
            {
                File.Delete(file);
            }
        }
    }

    private async Task<NodeInfo> DescribeAfterAsync(HookAction action, int nodeId, CancellationToken cancellationToken) =>
        await DescribeFreshAsync(nodeId, cancellationToken).ConfigureAwait(false)
            ?? throw new HookFailedException(_options.ClusterId, nodeId, action, "succeeded but the describe hook does not know the node (exit 44)");

    private void ThrowIfFailed(HookInvocation invocation, HookResult result)
    {
        if (result.ExitCode == HookExitCodes.Ok)
        {
            return;
        }

        if (result.ExitCode == HookExitCodes.Refused)
        {
            throw new NodeProvisioningException(invocation.NodeId, $"cluster {_options.ClusterId}: {invocation.Action.ToString().ToLowerInvariant()} hook refused (exit 45, nothing changed): {string.Join(" | ", result.StderrTail)}");
        }

        throw _runner.Failed(invocation, $"exited with {result.ExitCode}", result.ExitCode, stderr: result.StderrTail);
    }

    private HookInvocation Invocation(HookAction action, int nodeId, NodeConfig? config, string? propertiesFile, IReadOnlyList<string>? secrets = null)
    {
        var command = _options.Commands.For(action)!;
        var values = Placeholders(action, nodeId, config, propertiesFile);
        var environment = new Dictionary<string, string>(_options.Environment, StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            environment["KAFKA_UPGRADE_" + EnvironmentName(key)] = value;
        }

        var timeout = TimeSpan.FromSeconds(command.TimeoutSeconds > 0 ? command.TimeoutSeconds : _options.DefaultTimeoutSeconds);
        return new HookInvocation(
            action,
            nodeId,
            Expand(command.Command, values),
            [.. command.Arguments.Select(a => Expand(a, values))],
            environment,
            timeout,
            [.. _templateSecrets, .. secrets ?? []]);
    }

    private Dictionary<string, string> Placeholders(HookAction action, int nodeId, NodeConfig? config, string? propertiesFile) => new(StringComparer.Ordinal)
    {
        ["action"] = action.ToString().ToLowerInvariant(),
        ["nodeId"] = nodeId.ToString(CultureInfo.InvariantCulture),
        ["clusterId"] = _options.ClusterId,
        ["kafkaClusterId"] = _options.KafkaClusterId ?? string.Empty,
        ["version"] = config?.Version.ToString() ?? string.Empty,
        ["roles"] = config is null ? string.Empty : Roles(config),
        ["rack"] = config?.Rack ?? string.Empty,
        ["propertiesFile"] = propertiesFile ?? string.Empty,
        ["storageFormat"] = config is null ? string.Empty : StorageFormat(config),
        ["diskBytes"] = config?.DiskCapacityBytes?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
    };

    /// <summary>
    /// The <c>kafka-storage format</c> flag a brand-new node of this configuration needs (Kafka 3.9 ops guide,
    /// "Provisioning Nodes" / KIP-853): none for a ZooKeeper broker (it does not format) or a static quorum
    /// (<c>controller.quorum.voters</c> is set); <c>--no-initial-controllers</c> for a node joining a dynamic quorum.
    /// Founding a new dynamic quorum (<c>--standalone</c>, <c>--initial-controllers</c>) never happens in an upgrade.
    /// </summary>
    internal static string StorageFormat(NodeConfig config) =>
        config.IsZooKeeperBroker || config.ControllerQuorumVoters is { Count: > 0 } ? string.Empty : "--no-initial-controllers";

    private static string Roles(NodeConfig config) => config.ProcessRoles switch
    {
        null => "zookeeper",
        NodeRoles.Broker => "broker",
        NodeRoles.Controller => "controller",
        NodeRoles.Combined => "broker,controller",
        var other => other.Value.ToString().ToLowerInvariant(),
    };

    private static string Expand(string template, IReadOnlyDictionary<string, string> values)
    {
        var text = template;
        foreach (var (key, value) in values)
        {
            text = text.Replace("{" + key + "}", value, StringComparison.Ordinal);
        }

        return text;
    }

    private static string EnvironmentName(string key) => string.Concat(key.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + c : char.ToUpperInvariant(c).ToString()));

    private string WriteProperties(HookAction action, int nodeId, RenderedServerProperties rendered)
    {
        var directory = Path.Combine(_workDirectory, Safe(_options.ClusterId));
        Directory.CreateDirectory(directory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var file = Path.Combine(directory, $"node-{nodeId.ToString(CultureInfo.InvariantCulture)}-{action.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}.properties");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(file, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(rendered.Text);
        }

        return file;
    }

    private static string Safe(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));

    private static IEnumerable<string> SecretValues(string template) =>
        PropertiesText.Parse(template).Where(l => l.Key is not null).SelectMany(l => SecretProperties.SecretAtoms(l.Key!, l.Value!));
}
