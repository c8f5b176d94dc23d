using System.Globalization;

namespace KafkaUpgrade.Kafka.Protocol.Schema;

/// <summary>
/// One field of a message schema, with Kafka's schema attributes: the versions it exists in, the versions in which
/// it may be null, the versions in which it is a tagged field (and its tag), its default and whether it is
/// ignorable (may be silently dropped when written in a version that lacks it).
/// </summary>
public sealed class FieldSchema
{
    /// <summary>Declares a field.</summary>
    /// <param name="name">Kafka's field name, e.g. <c>ErrorCode</c>.</param>
    /// <param name="type">The field's type.</param>
    /// <param name="versions">The versions the field exists in, e.g. <c>"0+"</c>.</param>
    /// <param name="nullable">The versions in which it may be null.</param>
    /// <param name="tagged">The versions in which it is a tagged field.</param>
    /// <param name="tag">The tag, when tagged.</param>
    /// <param name="default">The default; null means the type's default (0, false, "", empty array, zero UUID).
    /// Use <see cref="Null"/> for a default of null.</param>
    /// <param name="ignorable">True when Kafka's schema marks it ignorable.</param>
    public FieldSchema(
        string name,
        FieldType type,
        string versions,
        string? nullable = null,
        string? tagged = null,
        int tag = -1,
        object? @default = null,
        bool ignorable = false)
    {
        Name = name;
        Type = type;
        Versions = ApiVersionRange.Parse(versions);
        NullableVersions = nullable is null ? ApiVersionRange.None : ApiVersionRange.Parse(nullable);
        TaggedVersions = tagged is null ? ApiVersionRange.None : ApiVersionRange.Parse(tagged);
        Tag = tag;
        Ignorable = ignorable;
        if (!TaggedVersions.IsEmpty && tag < 0)
        {
            throw new ArgumentException($"tagged field {name} needs a tag", nameof(tag));
        }

        if (ReferenceEquals(@default, Null))
        {
            if (NullableVersions.IsEmpty)
            {
                throw new ArgumentException($"field {name} has a null default but no nullable versions", nameof(@default));
            }

            DefaultIsNull = true;
        }
        else if (@default is not null)
        {
            ExplicitDefault = FieldValues.Normalize(type, @default, name);
        }
    }

    /// <summary>Marker for a default of null.</summary>
    public static readonly object Null = new();

    /// <summary>Kafka's field name.</summary>
    public string Name { get; }

    /// <summary>The field's type.</summary>
    public FieldType Type { get; }

    /// <summary>The versions the field exists in.</summary>
    public ApiVersionRange Versions { get; }

    /// <summary>The versions in which the field may be null.</summary>
    public ApiVersionRange NullableVersions { get; }

    /// <summary>The versions in which the field is tagged (none for a regular field).</summary>
    public ApiVersionRange TaggedVersions { get; }

    /// <summary>The tag of a tagged field, else -1.</summary>
    public int Tag { get; }

    /// <summary>True when writing a non-default value in a version without the field drops it silently.</summary>
    public bool Ignorable { get; }

    /// <summary>True when the default is null.</summary>
    public bool DefaultIsNull { get; }

    private object? ExplicitDefault { get; }

    /// <summary>True when the field is tagged in <paramref name="version"/>.</summary>
    public bool IsTaggedIn(short version) => TaggedVersions.Contains(version);

    /// <summary>A fresh default value (arrays and structs are new instances).</summary>
    public object? CreateDefault()
    {
        if (DefaultIsNull)
        {
            return null;
        }

        if (ExplicitDefault is not null)
        {
            return ExplicitDefault;
        }

        return Type.Kind switch
        {
            FieldKind.Bool => false,
            FieldKind.Int8 => (sbyte)0,
            FieldKind.Int16 => (short)0,
            FieldKind.UInt16 => (ushort)0,
            FieldKind.Int32 => 0,
            FieldKind.UInt32 => 0u,
            FieldKind.Int64 => 0L,
            FieldKind.Float64 => 0d,
            FieldKind.Uuid => Guid.Empty,
            FieldKind.String => string.Empty,
            FieldKind.Bytes => Array.Empty<byte>(),
            FieldKind.Struct => new KafkaStruct(Type.Struct!),
            FieldKind.Array => FieldValues.EmptyArray(Type),
            _ => throw new InvalidOperationException($"unknown kind {Type.Kind}"),
        };
    }

    /// <summary>True when <paramref name="value"/> equals the field's default (so it need not be written).</summary>
    public bool IsDefault(object? value)
    {
        if (DefaultIsNull)
        {
            return value is null;
        }

        if (value is null)
        {
            return false;
        }

        if (ExplicitDefault is not null)
        {
            return FieldValues.ValueEquals(ExplicitDefault, value);
        }

        return Type.Kind switch
        {
            FieldKind.Array => FieldValues.Count(value) == 0,
            FieldKind.Bytes => ((byte[])value).Length == 0,
            FieldKind.String => ((string)value).Length == 0,
            _ => FieldValues.ValueEquals(CreateDefault(), value),
        };
    }

    /// <summary>The field as Kafka's schema would describe it.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Name}:{Type} v{Versions}");
}
