using System.Globalization;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;

namespace KafkaUpgrade.Simulation.Wire.Control;

/// <summary>
/// Reads the part of a Kafka <c>server.properties</c> file that decides how a simulated node runs, the way a
/// provisioning hook hands a node's configuration to its machine: <c>process.roles</c> (absent: a ZooKeeper-mode
/// broker), <c>node.id</c>/<c>broker.id</c>, <c>broker.rack</c>, <c>inter.broker.protocol.version</c>,
/// <c>zookeeper.metadata.migration.enable</c> and <c>controller.quorum.voters</c> (<c>id@host:port,...</c>; absent
/// with <c>controller.quorum.bootstrap.servers</c>: a dynamic quorum). Other keys are accepted and ignored.
/// </summary>
public static class ServerProperties
{
    /// <summary>Parses <c>key=value</c> / <c>key: value</c> lines; <c>#</c> and <c>!</c> start comments (java.util.Properties, without line continuations).</summary>
    public static IReadOnlyDictionary<string, string> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or '!')
            {
                continue;
            }

            var split = line.IndexOfAny(['=', ':']);
            if (split <= 0)
            {
                continue;
            }

            values[line[..split].Trim()] = line[(split + 1)..].Trim();
        }

        return values;
    }

    /// <summary>The node configuration the properties describe, running <paramref name="version"/>.</summary>
    /// <exception cref="FormatException">A value is malformed, or the node id in the file is not <paramref name="nodeId"/>.</exception>
    public static NodeConfig ToNodeConfig(IReadOnlyDictionary<string, string> properties, int nodeId, KafkaVersion version, long? diskCapacityBytes = null)
    {
        ArgumentNullException.ThrowIfNull(properties);
        foreach (var idKey in new[] { "node.id", "broker.id" })
        {
            if (properties.TryGetValue(idKey, out var idText) && (!int.TryParse(idText, CultureInfo.InvariantCulture, out var id) || id != nodeId))
            {
                throw new FormatException($"{idKey}={idText} in the properties does not match node {nodeId}");
            }
        }

        NodeRoles? roles = null;
        if (properties.TryGetValue("process.roles", out var rolesText))
        {
            roles = NodeRoles.None;
            foreach (var role in rolesText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                roles |= role switch
                {
                    "broker" => NodeRoles.Broker,
                    "controller" => NodeRoles.Controller,
                    _ => throw new FormatException($"process.roles: '{role}' is not broker or controller"),
                };
            }

            if (roles == NodeRoles.None)
            {
                throw new FormatException("process.roles is empty");
            }
        }

        IReadOnlyList<int>? voters = null;
        if (properties.TryGetValue("controller.quorum.voters", out var votersText) && votersText.Length > 0)
        {
            voters = [.. votersText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(v =>
            {
                var at = v.IndexOf('@', StringComparison.Ordinal);
                return at > 0 && int.TryParse(v[..at], CultureInfo.InvariantCulture, out var id)
                    ? id
                    : throw new FormatException($"controller.quorum.voters: '{v}' is not id@host:port");
            })];
        }

        var migration = properties.TryGetValue("zookeeper.metadata.migration.enable", out var m) && bool.TryParse(m, out var enabled) && enabled;
        return new NodeConfig(
            version,
            roles,
            properties.GetValueOrDefault("broker.rack"),
            properties.GetValueOrDefault("inter.broker.protocol.version"),
            migration,
            voters,
            diskCapacityBytes);
    }
}
