using System.Collections;
using System.Globalization;
using System.Text;
using KafkaUpgrade.Kafka.Protocol.Schema;

namespace KafkaUpgrade.Kafka.Protocol;

/// <summary>A tagged field this version's schema does not know: kept as raw bytes and written back unchanged.</summary>
/// <param name="Tag">The tag.</param>
/// <param name="Data">The field's bytes.</param>
public sealed record RawTaggedField(int Tag, byte[] Data);

/// <summary>
/// A message or nested struct value: one slot per schema field, read and written by Kafka's field names. A new
/// value has every field at its default. Getters are typed; <see cref="Set"/> converts integers and sequences to the
/// field's representation (see <see cref="FieldType"/>) and rejects a wrong type at once.
/// </summary>
public sealed class KafkaStruct : IEquatable<KafkaStruct>
{
    private readonly object?[] _values;
    private List<RawTaggedField>? _unknownTaggedFields;

    /// <summary>A value of <paramref name="schema"/> with every field at its default.</summary>
    public KafkaStruct(StructSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        Schema = schema;
        _values = new object?[schema.Fields.Count];
        for (var i = 0; i < _values.Length; i++)
        {
            _values[i] = schema.Fields[i].CreateDefault();
        }
    }

    /// <summary>The struct's schema.</summary>
    public StructSchema Schema { get; }

    /// <summary>Tagged fields read that this schema does not know; written back as they were.</summary>
    public IList<RawTaggedField> UnknownTaggedFields => _unknownTaggedFields ??= [];

    internal bool HasUnknownTaggedFields => _unknownTaggedFields is { Count: > 0 };

    internal object? GetAt(int index) => _values[index];

    internal void SetAt(int index, object? value) => _values[index] = value;

    /// <summary>The raw value of a field (see <see cref="FieldType"/> for the CLR types).</summary>
    public object? this[string field]
    {
        get => _values[Schema.RequireIndex(field)];
        set => Set(field, value);
    }

    /// <summary>Sets a field, converting integers and sequences to the field's type; returns this for chaining.</summary>
    public KafkaStruct Set(string field, object? value)
    {
        var i = Schema.RequireIndex(field);
        var f = Schema.Fields[i];
        if (value is null && f.NullableVersions.IsEmpty)
        {
            throw new ArgumentException($"{Schema.Name}.{field} is never nullable", nameof(value));
        }

        _values[i] = FieldValues.Normalize(f.Type, value, $"{Schema.Name}.{field}");
        return this;
    }

    /// <summary>The value of a field as <typeparamref name="T"/>.</summary>
    public T Get<T>(string field) => (T)_values[Schema.RequireIndex(field)]!;

    /// <summary>A bool field.</summary>
    public bool GetBool(string field) => Get<bool>(field);

    /// <summary>An int8 field.</summary>
    public sbyte GetInt8(string field) => Get<sbyte>(field);

    /// <summary>An int16 field.</summary>
    public short GetInt16(string field) => Get<short>(field);

    /// <summary>A uint16 field.</summary>
    public ushort GetUInt16(string field) => Get<ushort>(field);

    /// <summary>An int32 field.</summary>
    public int GetInt32(string field) => Get<int>(field);

    /// <summary>A uint32 field.</summary>
    public uint GetUInt32(string field) => Get<uint>(field);

    /// <summary>An int64 field.</summary>
    public long GetInt64(string field) => Get<long>(field);

    /// <summary>A float64 field.</summary>
    public double GetFloat64(string field) => Get<double>(field);

    /// <summary>A uuid field.</summary>
    public Guid GetUuid(string field) => Get<Guid>(field);

    /// <summary>A string field (null when the field is null).</summary>
    public string? GetString(string field) => (string?)_values[Schema.RequireIndex(field)];

    /// <summary>A bytes field (null when the field is null).</summary>
    public byte[]? GetBytes(string field) => (byte[]?)_values[Schema.RequireIndex(field)];

    /// <summary>A nested struct field (null when the field is null).</summary>
    public KafkaStruct? GetStruct(string field) => (KafkaStruct?)_values[Schema.RequireIndex(field)];

    /// <summary>An array-of-structs field (null when the array is null).</summary>
    public List<KafkaStruct>? GetStructs(string field) => (List<KafkaStruct>?)_values[Schema.RequireIndex(field)];

    /// <summary>An array of primitives, e.g. <c>GetArray&lt;int&gt;("ReplicaNodes")</c> (null when null).</summary>
    public T[]? GetArray<T>(string field) => (T[]?)_values[Schema.RequireIndex(field)];

    /// <summary>Appends a new element (all defaults) to an array-of-structs field and returns it.</summary>
    public KafkaStruct Add(string arrayField)
    {
        var i = Schema.RequireIndex(arrayField);
        var f = Schema.Fields[i];
        if (!f.Type.IsStructArray)
        {
            throw new ArgumentException($"{Schema.Name}.{arrayField} is {f.Type}, not an array of structs", nameof(arrayField));
        }

        var list = (List<KafkaStruct>?)_values[i];
        if (list is null)
        {
            list = [];
            _values[i] = list;
        }

        var element = new KafkaStruct(f.Type.Struct!);
        list.Add(element);
        return element;
    }

    /// <summary>Sets a nested struct field to a new value (all defaults) and returns it.</summary>
    public KafkaStruct SetNew(string structField)
    {
        var i = Schema.RequireIndex(structField);
        var f = Schema.Fields[i];
        if (f.Type.Kind != FieldKind.Struct)
        {
            throw new ArgumentException($"{Schema.Name}.{structField} is {f.Type}, not a struct", nameof(structField));
        }

        var value = new KafkaStruct(f.Type.Struct!);
        _values[i] = value;
        return value;
    }

    /// <summary>Deep equality: same schema, equal field values and unknown tagged fields.</summary>
    public bool Equals(KafkaStruct? other)
    {
        if (other is null || !ReferenceEquals(Schema, other.Schema))
        {
            return false;
        }

        for (var i = 0; i < _values.Length; i++)
        {
            if (!FieldValues.ValueEquals(_values[i], other._values[i]))
            {
                return false;
            }
        }

        var mine = _unknownTaggedFields ?? [];
        var theirs = other._unknownTaggedFields ?? [];
        return mine.Count == theirs.Count
            && mine.Zip(theirs).All(p => p.First.Tag == p.Second.Tag && p.First.Data.AsSpan().SequenceEqual(p.Second.Data));
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is KafkaStruct s && Equals(s);

    /// <inheritdoc />
    public override int GetHashCode() => Schema.Name.GetHashCode(StringComparison.Ordinal);

    /// <summary>
    /// A readable rendering for logs and test failures. Bytes fields show only their length, so SASL tokens and
    /// other secrets never reach a log.
    /// </summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        Append(sb, this);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, object? value)
    {
        switch (value)
        {
            case null:
                sb.Append("null");
                break;
            case KafkaStruct s:
                sb.Append('{');
                for (var i = 0; i < s._values.Length; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }

                    sb.Append(s.Schema.Fields[i].Name).Append('=');
                    Append(sb, s._values[i]);
                }

                sb.Append('}');
                break;
            case string str:
                sb.Append('"').Append(str).Append('"');
                break;
            case byte[] bytes:
                sb.Append(CultureInfo.InvariantCulture, $"<{bytes.Length} bytes>");
                break;
            case IList list:
                sb.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }

                    Append(sb, list[i]);
                }

                sb.Append(']');
                break;
            case IFormattable f:
                sb.Append(f.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                sb.Append(value);
                break;
        }
    }
}
