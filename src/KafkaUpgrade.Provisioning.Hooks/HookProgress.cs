namespace KafkaUpgrade.Provisioning.Hooks;

/// <summary>
/// A running hook, reported when it starts, for its output lines and periodically while it is silent, so the
/// activity layer can heartbeat (Temporal) without this project depending on Temporal. Never carries secrets:
/// <see cref="LastOutput"/> is redacted.
/// </summary>
/// <param name="ClusterId">The cluster binding.</param>
/// <param name="NodeId">The node.</param>
/// <param name="Action">What the hook does.</param>
/// <param name="Elapsed">Time since the command started.</param>
/// <param name="LastOutput">The last line it printed (redacted), or null.</param>
public sealed record HookProgress(string ClusterId, int NodeId, HookAction Action, TimeSpan Elapsed, string? LastOutput);
