using System.Collections;
using System.Globalization;

namespace KafkaUpgrade.Kafka.Protocol.Schema;

/// <summary>Conversion of caller values to the CLR representation of a field type, and deep equality.</summary>
internal static class FieldValues
{
    public static object EmptyArray(FieldType type) =>
        type.IsStructArray ? new List<KafkaStruct>() : Array.CreateInstance(type.Element!.ClrType, 0);

    public static int Count(object value) => value switch
    {
        ICollection c => c.Count,
        _ => throw new InvalidOperationException($"not an array value: {value.GetType().Name}"),
    };

    /// <summary>Converts <paramref name="value"/> (any integral for integer fields, any sequence for arrays).</summary>
    public static object? Normalize(FieldType type, object? value, string field)
    {
        if (value is null)
        {
            return null;
        }

        try
        {
            return type.Kind switch
            {
                FieldKind.Bool => (bool)value,
                FieldKind.Int8 => value as sbyte? ?? Convert.ToSByte(value, CultureInfo.InvariantCulture),
                FieldKind.Int16 => value as short? ?? Convert.ToInt16(value, CultureInfo.InvariantCulture),
                FieldKind.UInt16 => value as ushort? ?? Convert.ToUInt16(value, CultureInfo.InvariantCulture),
                FieldKind.Int32 => value as int? ?? Convert.ToInt32(value, CultureInfo.InvariantCulture),
                FieldKind.UInt32 => value as uint? ?? Convert.ToUInt32(value, CultureInfo.InvariantCulture),
                FieldKind.Int64 => value as long? ?? Convert.ToInt64(value, CultureInfo.InvariantCulture),
                FieldKind.Float64 => value as double? ?? Convert.ToDouble(value, CultureInfo.InvariantCulture),
                FieldKind.Uuid => (Guid)value,
                FieldKind.String => (string)value,
                FieldKind.Bytes => value as byte[] ?? ((IEnumerable<byte>)value).ToArray(),
                FieldKind.Struct => CheckStruct(type.Struct!, (KafkaStruct)value, field),
                FieldKind.Array => NormalizeArray(type, value, field),
                _ => throw new InvalidOperationException($"unknown kind {type.Kind}"),
            };
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException)
        {
            throw new ArgumentException(
                $"field {field} is {type} and cannot take a {value.GetType().Name}: {e.Message}", nameof(value), e);
        }
    }

    private static KafkaStruct CheckStruct(StructSchema schema, KafkaStruct value, string field) =>
        ReferenceEquals(value.Schema, schema)
            ? value
            : throw new ArgumentException($"field {field} takes a {schema.Name}, not a {value.Schema.Name}", nameof(value));

    private static object NormalizeArray(FieldType type, object value, string field)
    {
        var element = type.Element!;
        if (type.IsStructArray)
        {
            var list = value as List<KafkaStruct> ?? ((IEnumerable<KafkaStruct>)value).ToList();
            foreach (var s in list)
            {
                CheckStruct(element.Struct!, s ?? throw new ArgumentException($"null element in {field}", nameof(value)), field);
            }

            return list;
        }

        var clr = element.ClrType;
        if (value.GetType() == clr.MakeArrayType())
        {
            return value;
        }

        var items = ((IEnumerable)value).Cast<object?>().Select(v => Normalize(element, v, field)).ToList();
        var array = Array.CreateInstance(clr, items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            array.SetValue(items[i], i);
        }

        return array;
    }

    public static bool ValueEquals(object? a, object? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        if (a is byte[] ba && b is byte[] bb)
        {
            return ba.AsSpan().SequenceEqual(bb);
        }

        if (a is string || b is string)
        {
            return Equals(a, b);
        }

        if (a is IList la && b is IList lb)
        {
            if (la.Count != lb.Count)
            {
                return false;
            }

            for (var i = 0; i < la.Count; i++)
            {
                if (!ValueEquals(la[i], lb[i]))
                {
                    return false;
                }
            }

            return true;
        }

        return a.Equals(b);
    }
}
