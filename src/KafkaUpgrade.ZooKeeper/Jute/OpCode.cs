namespace KafkaUpgrade.ZooKeeper.Jute;

/// <summary>Request types (<c>org.apache.zookeeper.ZooDefs.OpCode</c>) and the reserved xids the client uses.</summary>
internal static class OpCode
{
    public const int Create = 1;
    public const int Delete = 2;
    public const int Exists = 3;
    public const int GetData = 4;
    public const int SetData = 5;
    public const int GetChildren = 8;
    public const int Ping = 11;
    public const int GetChildren2 = 12;
    public const int Check = 13;
    public const int Multi = 14;
    public const int CloseSession = -11;
    public const int Error = -1;

    /// <summary>xid of watch notifications the server pushes.</summary>
    public const int NotificationXid = -1;

    /// <summary>xid of pings (ClientCnxn uses -2).</summary>
    public const int PingXid = -2;

    /// <summary>xid of auth packets.</summary>
    public const int AuthXid = -4;

    /// <summary>xid of SetWatches after a reconnect.</summary>
    public const int SetWatchesXid = -8;
}
