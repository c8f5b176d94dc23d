namespace KafkaUpgrade.Kafka.Protocol.Schema;

/// <summary>The kinds of field type in Kafka's message schemas.</summary>
public enum FieldKind
{
    /// <summary>bool: one byte.</summary>
    Bool,

    /// <summary>int8.</summary>
    Int8,

    /// <summary>int16, big-endian.</summary>
    Int16,

    /// <summary>uint16, big-endian.</summary>
    UInt16,

    /// <summary>int32, big-endian.</summary>
    Int32,

    /// <summary>uint32, big-endian.</summary>
    UInt32,

    /// <summary>int64, big-endian.</summary>
    Int64,

    /// <summary>float64, big-endian IEEE 754.</summary>
    Float64,

    /// <summary>uuid: 16 bytes.</summary>
    Uuid,

    /// <summary>string: int16 length (compact: unsigned varint length + 1) then UTF-8.</summary>
    String,

    /// <summary>bytes: int32 length (compact: unsigned varint length + 1) then the bytes.</summary>
    Bytes,

    /// <summary>A nested struct (a nullable one is preceded by an int8: -1 null, 1 present).</summary>
    Struct,

    /// <summary>An array of <see cref="FieldType.Element"/>.</summary>
    Array,
}

/// <summary>
/// The type of a schema field. CLR representation of values: bool, sbyte, short, ushort, int, uint, long, double,
/// <see cref="Guid"/>, string, byte[], <see cref="KafkaStruct"/>; arrays of structs are
/// <see cref="List{T}"/> of <see cref="KafkaStruct"/>, arrays of primitives are typed CLR arrays (int[], string[], ...).
/// </summary>
public sealed class FieldType
{
    private FieldType(FieldKind kind, FieldType? element = null, StructSchema? structSchema = null)
    {
        Kind = kind;
        Element = element;
        Struct = structSchema;
    }

    /// <summary>The kind of type.</summary>
    public FieldKind Kind { get; }

    /// <summary>The element type of an array.</summary>
    public FieldType? Element { get; }

    /// <summary>The schema of a struct, or of an array of structs' elements.</summary>
    public StructSchema? Struct { get; }

    /// <summary>bool.</summary>
    public static FieldType Bool { get; } = new(FieldKind.Bool);

    /// <summary>int8.</summary>
    public static FieldType Int8 { get; } = new(FieldKind.Int8);

    /// <summary>int16.</summary>
    public static FieldType Int16 { get; } = new(FieldKind.Int16);

    /// <summary>uint16.</summary>
    public static FieldType UInt16 { get; } = new(FieldKind.UInt16);

    /// <summary>int32.</summary>
    public static FieldType Int32 { get; } = new(FieldKind.Int32);

    /// <summary>uint32.</summary>
    public static FieldType UInt32 { get; } = new(FieldKind.UInt32);

    /// <summary>int64.</summary>
    public static FieldType Int64 { get; } = new(FieldKind.Int64);

    /// <summary>float64.</summary>
    public static FieldType Float64 { get; } = new(FieldKind.Float64);

    /// <summary>uuid.</summary>
    public static FieldType Uuid { get; } = new(FieldKind.Uuid);

    /// <summary>string.</summary>
    public static FieldType String { get; } = new(FieldKind.String);

    /// <summary>bytes.</summary>
    public static FieldType Bytes { get; } = new(FieldKind.Bytes);

    /// <summary>A nested struct.</summary>
    public static FieldType StructOf(StructSchema schema) => new(FieldKind.Struct, structSchema: schema);

    /// <summary>An array of <paramref name="element"/>.</summary>
    public static FieldType ArrayOf(FieldType element) =>
        new(FieldKind.Array, element, element.Kind == FieldKind.Struct ? element.Struct : null);

    /// <summary>An array of structs.</summary>
    public static FieldType ArrayOf(StructSchema element) => ArrayOf(StructOf(element));

    /// <summary>True for an array whose elements are structs.</summary>
    public bool IsStructArray => Kind == FieldKind.Array && Element!.Kind == FieldKind.Struct;

    /// <summary>The CLR type values of this type have.</summary>
    public Type ClrType => Kind switch
    {
        FieldKind.Bool => typeof(bool),
        FieldKind.Int8 => typeof(sbyte),
        FieldKind.Int16 => typeof(short),
        FieldKind.UInt16 => typeof(ushort),
        FieldKind.Int32 => typeof(int),
        FieldKind.UInt32 => typeof(uint),
        FieldKind.Int64 => typeof(long),
        FieldKind.Float64 => typeof(double),
        FieldKind.Uuid => typeof(Guid),
        FieldKind.String => typeof(string),
        FieldKind.Bytes => typeof(byte[]),
        FieldKind.Struct => typeof(KafkaStruct),
        FieldKind.Array => IsStructArray ? typeof(List<KafkaStruct>) : Element!.ClrType.MakeArrayType(),
        _ => throw new InvalidOperationException($"unknown kind {Kind}"),
    };

    /// <summary>Kafka's spelling of the type, e.g. <c>[]int32</c>.</summary>
    public override string ToString() => Kind switch
    {
        FieldKind.Array => "[]" + Element,
        FieldKind.Struct => Struct!.Name,
        FieldKind.UInt16 => "uint16",
        FieldKind.UInt32 => "uint32",
        _ => Kind.ToString().ToLowerInvariant(),
    };
}
