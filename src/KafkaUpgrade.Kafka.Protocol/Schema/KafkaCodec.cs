using KafkaUpgrade.Kafka.Protocol.Primitives;

namespace KafkaUpgrade.Kafka.Protocol.Schema;

/// <summary>
/// The one codec: writes and reads any <see cref="KafkaStruct"/> against its schema in a given version. In flexible
/// versions strings, bytes and arrays are compact and every struct ends with a tagged-field section (KIP-482).
/// Like Kafka's generated code, writing a non-default value into a version that lacks the field fails with
/// <see cref="KafkaUnsupportedVersionException"/> unless the field is ignorable (then it is dropped); a field the
/// version lacks decodes as its default; unknown tagged fields are kept and written back.
/// </summary>
public static class KafkaCodec
{
    /// <summary>Writes <paramref name="value"/> as version <paramref name="version"/>.</summary>
    public static void Write(KafkaWriter writer, KafkaStruct value, short version, bool flexible)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        var schema = value.Schema;
        var fields = schema.Fields;
        var hasTagged = false;
        for (var i = 0; i < fields.Count; i++)
        {
            var f = fields[i];
            var v = value.GetAt(i);
            if (!f.Versions.Contains(version))
            {
                if (!f.Ignorable && !f.IsDefault(v))
                {
                    throw new KafkaUnsupportedVersionException(
                        $"{schema.Name}.{f.Name} has a non-default value but version {version} does not have the field (versions {f.Versions})");
                }

                continue;
            }

            if (flexible && f.IsTaggedIn(version))
            {
                hasTagged = true;
                continue;
            }

            WriteValue(writer, f.Type, v, version, flexible, f.NullableVersions.Contains(version), schema, f);
        }

        if (flexible)
        {
            WriteTaggedFields(writer, value, version, hasTagged);
        }
    }

    private static void WriteTaggedFields(KafkaWriter writer, KafkaStruct value, short version, bool hasTagged)
    {
        var schema = value.Schema;
        List<(int Tag, byte[] Data)>? entries = null;
        if (hasTagged)
        {
            foreach (var f in schema.TaggedFields)
            {
                if (!f.IsTaggedIn(version))
                {
                    continue;
                }

                var v = value.GetAt(schema.IndexOf(f.Name));
                if (f.IsDefault(v))
                {
                    continue;
                }

                var inner = new KafkaWriter(64);
                WriteValue(inner, f.Type, v, version, true, f.NullableVersions.Contains(version), schema, f);
                (entries ??= []).Add((f.Tag, inner.ToArray()));
            }
        }

        if (value.HasUnknownTaggedFields)
        {
            foreach (var raw in value.UnknownTaggedFields)
            {
                (entries ??= []).Add((raw.Tag, raw.Data));
            }
        }

        if (entries is null)
        {
            writer.WriteUnsignedVarint(0);
            return;
        }

        entries.Sort((a, b) => a.Tag.CompareTo(b.Tag));
        writer.WriteUnsignedVarint((uint)entries.Count);
        foreach (var (tag, data) in entries)
        {
            writer.WriteUnsignedVarint((uint)tag);
            writer.WriteUnsignedVarint((uint)data.Length);
            writer.WriteRaw(data);
        }
    }

    private static void WriteValue(
        KafkaWriter w, FieldType type, object? v, short version, bool flexible, bool nullable, StructSchema owner, FieldSchema f)
    {
        if (v is null && !nullable && type.Kind is FieldKind.String or FieldKind.Bytes or FieldKind.Struct or FieldKind.Array)
        {
            throw new KafkaUnsupportedVersionException(
                $"{owner.Name}.{f.Name} is null but is not nullable in version {version} (nullable versions {f.NullableVersions})");
        }

        switch (type.Kind)
        {
            case FieldKind.Bool: w.WriteBool((bool)v!); break;
            case FieldKind.Int8: w.WriteInt8((sbyte)v!); break;
            case FieldKind.Int16: w.WriteInt16((short)v!); break;
            case FieldKind.UInt16: w.WriteUInt16((ushort)v!); break;
            case FieldKind.Int32: w.WriteInt32((int)v!); break;
            case FieldKind.UInt32: w.WriteUInt32((uint)v!); break;
            case FieldKind.Int64: w.WriteInt64((long)v!); break;
            case FieldKind.Float64: w.WriteFloat64((double)v!); break;
            case FieldKind.Uuid: w.WriteUuid((Guid)v!); break;
            case FieldKind.String:
                if (flexible)
                {
                    w.WriteCompactNullableString((string?)v);
                }
                else
                {
                    w.WriteNullableString((string?)v);
                }

                break;
            case FieldKind.Bytes:
                if (flexible)
                {
                    w.WriteCompactNullableBytes((byte[]?)v, v is null);
                }
                else
                {
                    w.WriteNullableBytes((byte[]?)v, v is null);
                }

                break;
            case FieldKind.Struct:
                if (nullable)
                {
                    w.WriteInt8(v is null ? (sbyte)-1 : (sbyte)1);
                }

                if (v is not null)
                {
                    Write(w, (KafkaStruct)v, version, flexible);
                }

                break;
            case FieldKind.Array:
                WriteArray(w, type, v, version, flexible, owner, f);
                break;
            default:
                throw new InvalidOperationException($"unknown kind {type.Kind}");
        }
    }

    private static void WriteArray(KafkaWriter w, FieldType type, object? v, short version, bool flexible, StructSchema owner, FieldSchema f)
    {
        if (v is null)
        {
            w.WriteArrayLength(-1, flexible);
            return;
        }

        var element = type.Element!;
        switch (v)
        {
            case List<KafkaStruct> structs:
                w.WriteArrayLength(structs.Count, flexible);
                foreach (var s in structs)
                {
                    Write(w, s, version, flexible);
                }

                break;
            case int[] ints:
                w.WriteArrayLength(ints.Length, flexible);
                foreach (var x in ints)
                {
                    w.WriteInt32(x);
                }

                break;
            case Array array:
                w.WriteArrayLength(array.Length, flexible);
                foreach (var x in array)
                {
                    WriteValue(w, element, x, version, flexible, false, owner, f);
                }

                break;
            default:
                throw new InvalidOperationException($"{owner.Name}.{f.Name}: not an array value");
        }
    }

    /// <summary>Reads a <paramref name="schema"/> value written as version <paramref name="version"/>.</summary>
    public static KafkaStruct Read(KafkaReader reader, StructSchema schema, short version, bool flexible)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(schema);
        var value = new KafkaStruct(schema);
        var fields = schema.Fields;
        for (var i = 0; i < fields.Count; i++)
        {
            var f = fields[i];
            if (!f.Versions.Contains(version) || (flexible && f.IsTaggedIn(version)))
            {
                continue;
            }

            value.SetAt(i, ReadValue(reader, f.Type, version, flexible, f.NullableVersions.Contains(version), schema, f));
        }

        if (flexible)
        {
            ReadTaggedFields(reader, value, version);
        }

        return value;
    }

    private static void ReadTaggedFields(KafkaReader r, KafkaStruct value, short version)
    {
        var schema = value.Schema;
        var count = r.ReadUnsignedVarint($"{schema.Name}._tagged_fields");
        for (var n = 0u; n < count; n++)
        {
            var at = r.Position;

            // Kafka's generated readers accept tags in any order and let a repeated tag overwrite: so do we.
            var tag = r.ReadUnsignedVarint($"{schema.Name}._tagged_fields.tag");
            var size = r.ReadUnsignedVarint($"{schema.Name}._tagged_fields.size");
            if (size > r.Remaining)
            {
                throw new KafkaProtocolException(
                    $"tagged field {tag} of {size} byte(s) exceeds the {r.Remaining} byte(s) left", $"{schema.Name}._tagged_fields", at);
            }

            FieldSchema? known = null;
            foreach (var f in schema.TaggedFields)
            {
                if (f.Tag == tag && f.IsTaggedIn(version))
                {
                    known = f;
                    break;
                }
            }

            if (known is null)
            {
                value.UnknownTaggedFields.Add(new RawTaggedField((int)tag, r.ReadRaw((int)size)));
                continue;
            }

            var sub = r.Slice((int)size, $"{schema.Name}.{known.Name}");
            var v = ReadValue(sub, known.Type, version, true, known.NullableVersions.Contains(version), schema, known);
            if (sub.Remaining != 0)
            {
                throw new KafkaProtocolException(
                    $"tagged field {tag} has {sub.Remaining} unread byte(s) of {size}", $"{schema.Name}.{known.Name}", at);
            }

            value.SetAt(schema.IndexOf(known.Name), v);
        }
    }

    private static object? ReadValue(
        KafkaReader r, FieldType type, short version, bool flexible, bool nullable, StructSchema owner, FieldSchema f)
    {
        var name = owner.Name + "." + f.Name;
        var at = r.Position;
        switch (type.Kind)
        {
            case FieldKind.Bool: return r.ReadBool(name);
            case FieldKind.Int8: return r.ReadInt8(name);
            case FieldKind.Int16: return r.ReadInt16(name);
            case FieldKind.UInt16: return r.ReadUInt16(name);
            case FieldKind.Int32: return r.ReadInt32(name);
            case FieldKind.UInt32: return r.ReadUInt32(name);
            case FieldKind.Int64: return r.ReadInt64(name);
            case FieldKind.Float64: return r.ReadFloat64(name);
            case FieldKind.Uuid: return r.ReadUuid(name);
            case FieldKind.String:
            {
                var s = flexible ? r.ReadCompactNullableString(name) : r.ReadNullableString(name);
                return s is null && !nullable ? throw new KafkaProtocolException("null in a non-nullable string", name, at) : s;
            }

            case FieldKind.Bytes:
            {
                var b = flexible ? r.ReadCompactNullableBytes(name) : r.ReadNullableBytes(name);
                return b is null && !nullable ? throw new KafkaProtocolException("null in non-nullable bytes", name, at) : b;
            }

            case FieldKind.Struct:
                if (nullable)
                {
                    var marker = r.ReadInt8(name);
                    if (marker < 0)
                    {
                        return null;
                    }
                }

                return Read(r, type.Struct!, version, flexible);
            case FieldKind.Array:
                return ReadArray(r, type, version, flexible, nullable, name, at, owner, f);
            default:
                throw new InvalidOperationException($"unknown kind {type.Kind}");
        }
    }

    private static object? ReadArray(
        KafkaReader r, FieldType type, short version, bool flexible, bool nullable, string name, int at, StructSchema owner, FieldSchema f)
    {
        var element = type.Element!;
        var minSize = StructSchema.MinWireSize(element, version, flexible, false);
        var length = r.ReadArrayLength(flexible, minSize, name);
        if (length < 0)
        {
            return nullable ? null : throw new KafkaProtocolException("null in a non-nullable array", name, at);
        }

        if (type.IsStructArray)
        {
            var list = new List<KafkaStruct>(length);
            for (var i = 0; i < length; i++)
            {
                list.Add(Read(r, element.Struct!, version, flexible));
            }

            return list;
        }

        if (element.Kind == FieldKind.Int32)
        {
            var ints = new int[length];
            for (var i = 0; i < length; i++)
            {
                ints[i] = r.ReadInt32(name);
            }

            return ints;
        }

        var array = Array.CreateInstance(element.ClrType, length);
        for (var i = 0; i < length; i++)
        {
            array.SetValue(ReadValue(r, element, version, flexible, false, owner, f), i);
        }

        return array;
    }
}
