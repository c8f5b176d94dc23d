using System.Globalization;
using System.Text.Json;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Core.ServerProperties;

namespace KafkaUpgrade.Provisioning.Hooks;

/// <summary>
/// Reads what a describe hook prints: one JSON object (property names in any case), for example
/// <c>{"state":"Running","version":"3.9.0","roles":"broker","rack":"r1","serverProperties":"..."}</c>.
/// <list type="bullet">
/// <item><c>state</c> (required): Provisioning, Starting, Running, ShuttingDown, Stopped, Failed or Decommissioned, or the
/// systemd words active, activating, deactivating, inactive, failed.</item>
/// <item><c>version</c> (required): the Kafka version installed for the node.</item>
/// <item><c>roles</c>: broker, controller, broker,controller, or zookeeper (a ZooKeeper-mode broker).</item>
/// <item><c>rack</c>, <c>interBrokerProtocolVersion</c>, <c>zooKeeperMigrationEnabled</c>, <c>controllerQuorumVoters</c> (ids),
/// <c>diskCapacityBytes</c>, <c>directoryId</c> (the metadata log dir's directory.id), <c>failureReason</c>,
/// <c>controllerBootstrapIds</c> (ids the node's controller.quorum.bootstrap.servers names; from server.properties, the
/// entries that match the layout's controller address template, when all of them do).</item>
/// <item><c>serverProperties</c>: the node's server.properties text; roles, rack, IBP, the migration flag and the voters
/// not given above are read from it (so a hook can just print the file it deployed).</item>
/// <item><c>config</c>: an object with the same fields (what <c>kafka-upgrade simulate node describe</c> prints).</item>
/// </list>
/// Anything else (not JSON, no state, an unknown state) is a <see cref="FormatException"/> saying what is wrong.
/// </summary>
internal static class DescribeOutput
{
    public static NodeInfo Parse(int nodeId, string stdout, ServerPropertiesLayout? layout = null)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stdout.Trim());
        }
        catch (JsonException e)
        {
            throw new FormatException($"printed something that is not JSON ({e.Message}): '{Preview(stdout)}'", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"printed JSON that is not an object: '{Preview(stdout)}'");
            }

            var config = Property(root, "config") is { ValueKind: JsonValueKind.Object } c ? c : default;
            var properties = Text(root, config, "serverProperties") is { } text
                ? PropertiesText.Parse(text).Where(l => l.Key is not null).GroupBy(l => l.Key!).ToDictionary(g => g.Key, g => g.Last().Value!, StringComparer.Ordinal)
                : new Dictionary<string, string>(StringComparer.Ordinal);

            var stateText = Text(root, config, "state") ?? throw new FormatException($"printed no \"state\": '{Preview(stdout)}'");
            var state = State(stateText);
            var versionText = Text(root, config, "version") ?? throw new FormatException($"printed no \"version\": '{Preview(stdout)}'");
            var version = KafkaVersion.TryParse(versionText, out var v) ? v : throw new FormatException($"printed version '{versionText}', not a Kafka version");

            var roles = Text(root, config, "roles") ?? Text(root, config, "processRoles") ?? properties.GetValueOrDefault("process.roles");
            var rack = Text(root, config, "rack") ?? properties.GetValueOrDefault("broker.rack");
            var ibp = Text(root, config, "interBrokerProtocolVersion") ?? properties.GetValueOrDefault("inter.broker.protocol.version");
            var migration = Bool(root, config, "zooKeeperMigrationEnabled")
                ?? (properties.TryGetValue("zookeeper.metadata.migration.enable", out var flag) && flag.Trim().Equals("true", StringComparison.OrdinalIgnoreCase));
            var voters = Ints(root, config, "controllerQuorumVoters") ?? Voters(properties.GetValueOrDefault("controller.quorum.voters"));
            var disk = Long(root, config, "diskCapacityBytes");
            var directory = Text(root, config, "directoryId") is { } d ? DirectoryId(d) : Guid.Empty;
            var failure = Text(root, config, "failureReason");
            var processRoles = ParseRoles(roles);

            var bootstrap = Ints(root, config, "controllerBootstrapIds") ?? BootstrapIds(properties.GetValueOrDefault("controller.quorum.bootstrap.servers"), layout);
            var nodeConfig = new NodeConfig(version, processRoles, string.IsNullOrEmpty(rack) ? null : rack, processRoles is null ? ibp : null, migration, voters, disk,
                processRoles is null ? null : bootstrap);
            return new NodeInfo(nodeId, state, nodeConfig, directory, failure);
        }
    }

    private static NodeState State(string text) => text.Trim().ToLowerInvariant() switch
    {
        "provisioning" => NodeState.Provisioning,
        "starting" or "activating" or "reloading" => NodeState.Starting,
        "running" or "active" => NodeState.Running,
        "shuttingdown" or "shutting_down" or "deactivating" => NodeState.ShuttingDown,
        "stopped" or "inactive" => NodeState.Stopped,
        "failed" => NodeState.Failed,
        "decommissioned" => NodeState.Decommissioned,
        _ => throw new FormatException($"printed state '{text}'; expected Provisioning, Starting, Running, ShuttingDown, Stopped, Failed, Decommissioned (or systemd's active/activating/deactivating/inactive/failed)"),
    };

    /// <summary>
    /// A directory id as a UUID, or as Kafka writes it in meta.properties (<c>directory.id</c>: <c>Uuid.toString()</c>,
    /// 16 bytes in URL-safe base64 without padding), mapped to a <see cref="Guid"/> big-endian, as the protocol
    /// codec reads the Uuid fields of DescribeQuorum and AddRaftVoter.
    /// </summary>
    internal static Guid DirectoryId(string text)
    {
        var value = text.Trim();
        if (Guid.TryParse(value, out var guid))
        {
            return guid;
        }

        if (value.Length == 22)
        {
            var base64 = value.Replace('-', '+').Replace('_', '/') + "==";
            var bytes = new byte[18];
            if (Convert.TryFromBase64String(base64, bytes, out var written) && written == 16)
            {
                return new Guid(bytes.AsSpan(0, 16), bigEndian: true);
            }
        }

        throw new FormatException($"printed directoryId '{text}', neither a UUID nor a Kafka Uuid (22 characters of URL-safe base64)");
    }

    private static NodeRoles? ParseRoles(string? text)
    {
        var value = text?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(value) || value == "zookeeper")
        {
            return null;
        }

        var roles = NodeRoles.None;
        foreach (var role in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            roles |= role switch
            {
                "broker" => NodeRoles.Broker,
                "controller" => NodeRoles.Controller,
                "combined" => NodeRoles.Combined,
                _ => throw new FormatException($"printed roles '{text}'; expected broker, controller, broker,controller or zookeeper"),
            };
        }

        return roles;
    }

    private static List<int>? Voters(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(v =>
            int.TryParse(v.Split('@')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : throw new FormatException($"controller.quorum.voters entry '{v}' is not id@host:port"))];

    private static JsonElement? Property(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var p in obj.EnumerateObject())
        {
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return p.Value.ValueKind == JsonValueKind.Null ? null : p.Value;
            }
        }

        return null;
    }

    private static JsonElement? Find(JsonElement root, JsonElement config, string name) => Property(root, name) ?? Property(config, name);

    private static string? Text(JsonElement root, JsonElement config, string name) => Find(root, config, name) switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
        null => null,
        var other => throw new FormatException($"\"{name}\" is {other.Value.ValueKind}, expected a string"),
    };

    private static bool? Bool(JsonElement root, JsonElement config, string name) => Find(root, config, name) switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        { ValueKind: JsonValueKind.String } s when bool.TryParse(s.GetString(), out var b) => b,
        null => null,
        _ => throw new FormatException($"\"{name}\" is not true or false"),
    };

    private static long? Long(JsonElement root, JsonElement config, string name) => Find(root, config, name) switch
    {
        { ValueKind: JsonValueKind.Number } n when n.TryGetInt64(out var l) => l,
        null => null,
        _ => throw new FormatException($"\"{name}\" is not an integer"),
    };

    private static List<int>? Ints(JsonElement root, JsonElement config, string name) => Find(root, config, name) switch
    {
        { ValueKind: JsonValueKind.Array } a => [.. a.EnumerateArray().Select(e => e.TryGetInt32(out var i) ? i : throw new FormatException($"\"{name}\" holds '{e}', not a node id"))],
        null => null,
        _ => throw new FormatException($"\"{name}\" is not an array of node ids"),
    };

    /// <summary>
    /// The controller ids a <c>controller.quorum.bootstrap.servers</c> value names one by one, read back through the
    /// layout's address template (<c>kafka-ctl-{id}.example.com:9093</c>); null for the layout's own bootstrap name or
    /// any entry the template does not produce (a DNS name or VIP).
    /// </summary>
    internal static List<int>? BootstrapIds(string? value, ServerPropertiesLayout? layout)
    {
        if (string.IsNullOrWhiteSpace(value) || layout?.ControllerAddressTemplate is not { } template || !template.Contains("{id}", StringComparison.Ordinal) ||
            value.Trim() == layout.ControllerBootstrapServers?.Trim())
        {
            return null;
        }

        var at = template.IndexOf("{id}", StringComparison.Ordinal);
        var (prefix, suffix) = (template[..at], template[(at + 4)..]);
        var ids = new List<int>();
        foreach (var entry in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!entry.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || !entry.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) || entry.Length <= prefix.Length + suffix.Length ||
                !int.TryParse(entry[prefix.Length..^suffix.Length], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return null;
            }

            ids.Add(id);
        }

        return ids.Count > 0 ? ids : null;
    }

    private static string Preview(string text)
    {
        var flat = text.Replace('\n', ' ').Trim();
        return flat.Length <= 200 ? flat : flat[..200] + "...";
    }
}
