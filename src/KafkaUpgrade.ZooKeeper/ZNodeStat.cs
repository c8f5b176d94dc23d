namespace KafkaUpgrade.ZooKeeper;

/// <summary>A znode's metadata (<c>org.apache.zookeeper.data.Stat</c> in zookeeper.jute).</summary>
/// <param name="Czxid">Zxid of the create.</param>
/// <param name="Mzxid">Zxid of the last change.</param>
/// <param name="Ctime">Creation time, ms since the epoch.</param>
/// <param name="Mtime">Last change time, ms since the epoch.</param>
/// <param name="Version">Data version: what <c>setData</c>/<c>delete</c> with a version compare against.</param>
/// <param name="Cversion">Child version.</param>
/// <param name="Aversion">ACL version.</param>
/// <param name="EphemeralOwner">Owning session id for an ephemeral node, 0 otherwise.</param>
/// <param name="DataLength">Length of the data.</param>
/// <param name="NumChildren">Number of children.</param>
/// <param name="Pzxid">Zxid of the last child change.</param>
public sealed record ZNodeStat(
    long Czxid,
    long Mzxid,
    long Ctime,
    long Mtime,
    int Version,
    int Cversion,
    int Aversion,
    long EphemeralOwner,
    int DataLength,
    int NumChildren,
    long Pzxid)
{
    /// <summary>True for an ephemeral node (it disappears with its session).</summary>
    public bool IsEphemeral => EphemeralOwner != 0;
}

/// <summary>A znode's data with its metadata.</summary>
/// <param name="Data">The bytes stored (empty for a node created without data).</param>
/// <param name="Stat">Its metadata.</param>
public sealed record ZNodeData(byte[] Data, ZNodeStat Stat)
{
    /// <summary>The data as UTF-8 text (Kafka stores JSON or decimal strings).</summary>
    public string Text => System.Text.Encoding.UTF8.GetString(Data);
}

/// <summary>How a node is created (CreateRequest flags, <c>org.apache.zookeeper.CreateMode</c>).</summary>
public enum CreateMode
{
    /// <summary>Persistent node.</summary>
    Persistent = 0,

    /// <summary>Deleted when the creating session ends.</summary>
    Ephemeral = 1,

    /// <summary>Persistent, with a 10-digit sequence number appended by the server.</summary>
    PersistentSequential = 2,

    /// <summary>Ephemeral and sequential.</summary>
    EphemeralSequential = 3,
}

/// <summary>The match-any version for <c>delete</c> and <c>setData</c>.</summary>
public static class ZNodeVersion
{
    /// <summary>-1: apply whatever the node's version.</summary>
    public const int Any = -1;
}
