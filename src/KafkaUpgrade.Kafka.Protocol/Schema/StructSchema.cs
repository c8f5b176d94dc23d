namespace KafkaUpgrade.Kafka.Protocol.Schema;

/// <summary>
/// The schema of a message or of a nested struct: an ordered list of fields, looked up by Kafka's field names.
/// </summary>
public sealed class StructSchema
{
    private readonly Dictionary<string, int> _index;
    private readonly int[] _minSizeCache;

    /// <summary>Declares a struct.</summary>
    public StructSchema(string name, params FieldSchema[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        Name = name;
        Fields = fields;
        _index = new Dictionary<string, int>(fields.Length, StringComparer.Ordinal);
        for (var i = 0; i < fields.Length; i++)
        {
            if (!_index.TryAdd(fields[i].Name, i))
            {
                throw new ArgumentException($"duplicate field {fields[i].Name} in {name}", nameof(fields));
            }
        }

        var tags = new HashSet<int>();
        foreach (var f in fields)
        {
            if (f.Tag >= 0 && !tags.Add(f.Tag))
            {
                throw new ArgumentException($"duplicate tag {f.Tag} in {name}", nameof(fields));
            }
        }

        TaggedFields = fields.Where(f => f.Tag >= 0).OrderBy(f => f.Tag).ToArray();
        _minSizeCache = new int[64];
    }

    /// <summary>The struct's name in Kafka's schema, e.g. <c>MetadataResponseTopic</c>.</summary>
    public string Name { get; }

    /// <summary>The fields in wire order.</summary>
    public IReadOnlyList<FieldSchema> Fields { get; }

    /// <summary>The tagged fields, by ascending tag.</summary>
    public IReadOnlyList<FieldSchema> TaggedFields { get; }

    /// <summary>The index of a field by name, or -1.</summary>
    public int IndexOf(string fieldName) => _index.TryGetValue(fieldName, out var i) ? i : -1;

    /// <summary>The field called <paramref name="fieldName"/>; throws when there is none.</summary>
    public FieldSchema Field(string fieldName) => Fields[RequireIndex(fieldName)];

    internal int RequireIndex(string fieldName) =>
        _index.TryGetValue(fieldName, out var i)
            ? i
            : throw new ArgumentException($"{Name} has no field {fieldName}", nameof(fieldName));

    /// <summary>A new value of this struct with every field at its default.</summary>
    public KafkaStruct New() => new(this);

    /// <summary>
    /// The fewest bytes one instance can take on the wire in a version: bounds array lengths before allocating.
    /// </summary>
    internal int MinWireSize(short version, bool flexible)
    {
        var slot = (version * 2) + (flexible ? 1 : 0);
        if (slot >= 0 && slot < _minSizeCache.Length && _minSizeCache[slot] > 0)
        {
            return _minSizeCache[slot];
        }

        var size = flexible ? 1 : 0;
        foreach (var f in Fields)
        {
            if (!f.Versions.Contains(version) || (flexible && f.IsTaggedIn(version)))
            {
                continue;
            }

            size += MinWireSize(f.Type, version, flexible, f.NullableVersions.Contains(version));
        }

        size = Math.Max(1, size);
        if (slot >= 0 && slot < _minSizeCache.Length)
        {
            _minSizeCache[slot] = size;
        }

        return size;
    }

    internal static int MinWireSize(FieldType type, short version, bool flexible, bool nullable) => type.Kind switch
    {
        FieldKind.Bool or FieldKind.Int8 => 1,
        FieldKind.Int16 or FieldKind.UInt16 => 2,
        FieldKind.Int32 or FieldKind.UInt32 => 4,
        FieldKind.Int64 or FieldKind.Float64 => 8,
        FieldKind.Uuid => 16,
        FieldKind.String => flexible ? 1 : 2,
        FieldKind.Bytes or FieldKind.Array => flexible ? 1 : 4,
        FieldKind.Struct => nullable ? 1 : type.Struct!.MinWireSize(version, flexible),
        _ => 1,
    };

    /// <inheritdoc />
    public override string ToString() => Name;
}
