namespace KafkaUpgrade.Core.Snapshots;

/// <summary>A snapshot file is malformed or contradicts itself; <see cref="Path"/> points at the offending field.</summary>
public sealed class SnapshotFormatException : Exception
{
    /// <summary>Creates the exception for the field at <paramref name="path"/> (JSONPath, e.g. <c>$.topics[2].partitions[0].isr</c>).</summary>
    public SnapshotFormatException(string path, string message, Exception? inner = null)
        : base($"{path}: {message}", inner)
    {
        Path = path;
    }

    /// <summary>JSONPath of the offending field, or of the item a consistency rule names.</summary>
    public string Path { get; }
}
