using System.Globalization;
using System.Text.Json;

namespace KafkaUpgrade.ZooKeeper.Kafka;

/// <summary>
/// <c>/controller</c>: who is controller. Kafka writes
/// <c>{"version":2,"brokerid":N,"timestamp":"ms","kraftControllerEpoch":E}</c> (ZkData.scala <c>ControllerZNode</c>);
/// a ZooKeeper broker registers with epoch -1, a KRaft controller during the migration with its KRaft epoch, so
/// <see cref="IsKRaftController"/> tells the two apart. It is an ephemeral node of the controller's session.
/// </summary>
/// <param name="BrokerId">The controller's broker id (a KRaft controller's node id during the migration).</param>
/// <param name="KRaftControllerEpoch">The KRaft controller epoch, or null for a ZooKeeper controller (-1 or absent).</param>
/// <param name="TimestampMs">When it registered, ms since the epoch, when given.</param>
/// <param name="Stat">The znode's metadata (its version, its owning session).</param>
/// <param name="Json">The stored JSON as read.</param>
public sealed record ControllerZNode(int BrokerId, int? KRaftControllerEpoch, long? TimestampMs, ZNodeStat Stat, string Json)
{
    /// <summary>True when a KRaft controller (migration) holds the controllership.</summary>
    public bool IsKRaftController => KRaftControllerEpoch is not null;
}

/// <summary>
/// <c>/migration</c>: the KRaft controller's migration state (ZkData.scala <c>MigrationZNode</c>, Kafka 3.4-3.9):
/// <c>{"version":0,"kraft_metadata_offset":..,"kraft_metadata_epoch":..,"kraft_controller_id":..,"kraft_controller_epoch":..}</c>.
/// Fields Kafka did not write are null; the JSON is kept as read.
/// </summary>
/// <param name="KRaftControllerId">The KRaft controller that wrote it.</param>
/// <param name="KRaftControllerEpoch">Its epoch.</param>
/// <param name="KRaftMetadataOffset">The metadata log offset copied to ZooKeeper.</param>
/// <param name="KRaftMetadataEpoch">The metadata log epoch.</param>
/// <param name="Stat">The znode's metadata.</param>
/// <param name="Json">The stored JSON as read.</param>
public sealed record MigrationZNode(int? KRaftControllerId, int? KRaftControllerEpoch, long? KRaftMetadataOffset, int? KRaftMetadataEpoch, ZNodeStat Stat, string Json);

/// <summary><c>/brokers/ids/N</c>: a ZooKeeper-mode broker's registration (ZkData.scala <c>BrokerIdZNode</c>, JSON versions 1-5).</summary>
/// <param name="BrokerId">N.</param>
/// <param name="Endpoints">Advertised listeners, e.g. <c>PLAINTEXT://host:9092</c>.</param>
/// <param name="Rack">The rack, when registered.</param>
/// <param name="Host">Top-level host (the first PLAINTEXT endpoint's, for old clients), when given.</param>
/// <param name="Port">Top-level port, when given.</param>
/// <param name="JsonVersion">The registration's JSON version.</param>
/// <param name="Json">The stored JSON as read.</param>
public sealed record BrokerZNode(int BrokerId, IReadOnlyList<string> Endpoints, string? Rack, string? Host, int? Port, int JsonVersion, string Json);

/// <summary>What <see cref="KafkaZooKeeper.DeleteControllerAndMigrationAsync"/> found and removed.</summary>
/// <param name="Controller">The <c>/controller</c> it deleted, or null when there was none.</param>
/// <param name="Migration">The <c>/migration</c> it deleted, or null when there was none.</param>
/// <param name="NodesDeleted">Znodes this call deleted (0 when both were already gone).</param>
public sealed record ControllerResetResult(ControllerZNode? Controller, MigrationZNode? Migration, int NodesDeleted);

/// <summary>Kafka's znodes under the cluster's chroot, decoded as Kafka writes them.</summary>
public static class KafkaZNodePaths
{
    /// <summary><c>/controller</c>.</summary>
    public const string Controller = "/controller";

    /// <summary><c>/controller_epoch</c> (a decimal number).</summary>
    public const string ControllerEpoch = "/controller_epoch";

    /// <summary><c>/migration</c>.</summary>
    public const string Migration = "/migration";

    /// <summary><c>/brokers/ids</c>.</summary>
    public const string BrokerIds = "/brokers/ids";

    /// <summary><c>/cluster/id</c> (<c>{"version":"1","id":"..."}</c>).</summary>
    public const string ClusterId = "/cluster/id";
}

/// <summary>Decoders for Kafka's znode JSON; malformed content is a <see cref="FormatException"/> naming the znode.</summary>
internal static class KafkaZNodeJson
{
    public static ControllerZNode Controller(ZNodeData node)
    {
        var json = node.Text;
        return Parse(KafkaZNodePaths.Controller, json, root =>
        {
            var epoch = Int(root, "kraftControllerEpoch");
            return new ControllerZNode(
                Int(root, "brokerid") ?? throw new FormatException($"{KafkaZNodePaths.Controller} has no brokerid: {json}"),
                epoch is null or < 0 ? null : epoch,
                Long(root, "timestamp"),
                node.Stat,
                json);
        });
    }

    public static MigrationZNode Migration(ZNodeData node)
    {
        var json = node.Text;
        return Parse(KafkaZNodePaths.Migration, json, root => new MigrationZNode(
            Int(root, "kraft_controller_id"), Int(root, "kraft_controller_epoch"), Long(root, "kraft_metadata_offset"), Int(root, "kraft_metadata_epoch"), node.Stat, json));
    }

    public static BrokerZNode Broker(int id, ZNodeData node)
    {
        var json = node.Text;
        var path = $"{KafkaZNodePaths.BrokerIds}/{id}";
        return Parse(path, json, root =>
        {
            var endpoints = root.TryGetProperty("endpoints", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
                : [];
            var host = root.TryGetProperty("host", out var h) && h.ValueKind == JsonValueKind.String ? h.GetString() : null;
            var rack = root.TryGetProperty("rack", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            var port = Int(root, "port");
            if (endpoints.Count == 0 && host is not null && port is > 0)
            {
                endpoints = [$"PLAINTEXT://{host}:{port}"]; // version 1 registrations carry host and port only
            }

            return new BrokerZNode(id, endpoints, rack, host, port, Int(root, "version") ?? 0, json);
        });
    }

    public static string ClusterId(ZNodeData node)
    {
        var json = node.Text;
        return Parse(KafkaZNodePaths.ClusterId, json, root =>
            root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } value
                ? value
                : throw new FormatException($"{KafkaZNodePaths.ClusterId} has no id: {json}"));
    }

    public static int ControllerEpoch(ZNodeData node)
    {
        var text = node.Text.Trim();
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var epoch)
            ? epoch
            : throw new FormatException($"{KafkaZNodePaths.ControllerEpoch} is not a number: '{text}'");
    }

    private static T Parse<T>(string path, string json, Func<JsonElement, T> read)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"{path} is not a JSON object: {json}");
            }

            return read(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path} is not valid JSON ({e.Message}): {json}", e);
        }
    }

    // Kafka writes some numbers as JSON strings (timestamp, cluster id version): accept both forms.
    private static long? Long(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n
        : value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s) ? s
        : null;

    private static int? Int(JsonElement root, string name) =>
        Long(root, name) is { } v && v is >= int.MinValue and <= int.MaxValue ? (int)v : null;
}
