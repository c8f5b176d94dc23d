namespace KafkaUpgrade.Core.Versions;

/// <summary>Whether a release can run with ZooKeeper.</summary>
public enum ZooKeeperSupport
{
    /// <summary>ZooKeeper mode is supported.</summary>
    Supported,

    /// <summary>Still works, but deprecated (3.5 to 3.9).</summary>
    Deprecated,

    /// <summary>Gone (4.0 and later).</summary>
    Removed,
}

/// <summary>How far KRaft mode had come in a release.</summary>
public enum KRaftReadiness
{
    /// <summary>Early access (2.8).</summary>
    EarlyAccess,

    /// <summary>Preview, not for production (3.0 to 3.2).</summary>
    Preview,

    /// <summary>Production ready (3.3 and later, KIP-833).</summary>
    Production,
}

/// <summary>Whether a release can migrate a ZooKeeper cluster to KRaft (KIP-866).</summary>
public enum MigrationSupport
{
    /// <summary>No migration path in this release.</summary>
    None,

    /// <summary>Early access (3.4 to 3.7).</summary>
    EarlyAccess,

    /// <summary>Production (3.8, and 3.9 as the bridge release).</summary>
    Production,
}
