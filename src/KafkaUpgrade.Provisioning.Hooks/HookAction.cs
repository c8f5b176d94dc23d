namespace KafkaUpgrade.Provisioning.Hooks;

/// <summary>The node actions an operator supplies a command for (one per <see cref="Core.Ports.INodeProvisioner"/> call).</summary>
public enum HookAction
{
    /// <summary>Create and start a node (install the version, write server.properties, format storage, start).</summary>
    Provision,

    /// <summary>Controlled shutdown; the log stays on disk.</summary>
    Stop,

    /// <summary>Start a stopped node with its current configuration.</summary>
    Start,

    /// <summary>Stop, apply a new version and/or server.properties, start.</summary>
    Restart,

    /// <summary>Stop and destroy the node with its disks.</summary>
    Decommission,

    /// <summary>Print the node's state as JSON (exit <see cref="HookExitCodes.NotFound"/> when there is no such node).</summary>
    Describe,
}

/// <summary>Exit codes with a meaning beyond "0 ok, anything else failed".</summary>
public static class HookExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>Describe only: the node does not exist (never provisioned, or destroyed).</summary>
    public const int NotFound = 44;

    /// <summary>Any action: refused and nothing changed (e.g. the id is taken by a different machine); not retried.</summary>
    public const int Refused = 45;
}
