using System.Collections;
using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace KafkaUpgrade.EmbeddedTemporal.Http;

/// <summary>
/// Sets a request field from a path variable or query parameter as grpc-gateway does: a dotted path of field names
/// (proto or JSON names), intermediate messages created, the text converted to the field's scalar type, repeated
/// fields appended to.
/// </summary>
internal static class RequestFields
{
    /// <summary>Sets <paramref name="path"/> to <paramref name="text"/>; false when no such field exists.</summary>
    public static bool Set(IMessage message, string path, string text)
    {
        var names = path.Split('.');
        for (var i = 0; i < names.Length; i++)
        {
            var field = Find(message.Descriptor, names[i]);
            if (field is null)
            {
                return false;
            }

            if (i < names.Length - 1)
            {
                if (field.FieldType != FieldType.Message || field.IsRepeated)
                {
                    return false;
                }

                var child = (IMessage?)field.Accessor.GetValue(message);
                if (child is null)
                {
                    child = field.MessageType.Parser.ParseFrom(ByteString.Empty);
                    field.Accessor.SetValue(message, child);
                }

                message = child;
                continue;
            }

            var value = Convert(field, text);
            if (field.IsRepeated)
            {
                ((IList)field.Accessor.GetValue(message)).Add(value);
            }
            else
            {
                field.Accessor.SetValue(message, value);
            }
        }

        return true;
    }

    /// <summary>grpc-gateway accepts standard and URL-safe base64 for bytes in a path or query string.</summary>
    private static string StandardBase64(string text)
    {
        var standard = text.Replace('-', '+').Replace('_', '/');
        return standard.PadRight(standard.Length + ((4 - (standard.Length % 4)) % 4), '=');
    }

    private static FieldDescriptor? Find(MessageDescriptor descriptor, string name) =>
        descriptor.FindFieldByName(name) ?? descriptor.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == name);

    private static object Convert(FieldDescriptor field, string text)
    {
        var invariant = CultureInfo.InvariantCulture;
        return field.FieldType switch
        {
            FieldType.String => text,
            FieldType.Bool => bool.Parse(text),
            FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => int.Parse(text, invariant),
            FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => long.Parse(text, invariant),
            FieldType.UInt32 or FieldType.Fixed32 => uint.Parse(text, invariant),
            FieldType.UInt64 or FieldType.Fixed64 => ulong.Parse(text, invariant),
            FieldType.Double => double.Parse(text, invariant),
            FieldType.Float => float.Parse(text, invariant),
            FieldType.Bytes => ByteString.FromBase64(StandardBase64(text)),
            FieldType.Enum => Enum.ToObject(
                field.EnumType.ClrType,
                field.EnumType.FindValueByName(text)?.Number
                    ?? (int.TryParse(text, NumberStyles.Integer, invariant, out var n) ? n : throw new FormatException($"invalid value \"{text}\" for enum {field.EnumType.FullName} ({field.Name})"))),
            _ => throw new FormatException($"field {field.Name} cannot be set from the path or query string"),
        };
    }
}
