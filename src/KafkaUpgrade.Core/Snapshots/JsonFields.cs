using System.Text.Json;

namespace KafkaUpgrade.Core.Snapshots;

/// <summary>Typed reads of JSON fields that fail with the field's path instead of a bare parse error.</summary>
internal static class JsonFields
{
    public static JsonElement Required(JsonElement obj, string name, string path)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            throw new SnapshotFormatException(path, $"expected an object, found {Describe(obj)}");
        }

        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw new SnapshotFormatException($"{path}.{name}", "is required");
        }

        return value;
    }

    public static JsonElement? Optional(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public static string String(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new SnapshotFormatException(path, $"expected a string, found {Describe(value)}");

    public static int Int(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var result)
            ? result
            : throw new SnapshotFormatException(path, $"expected a 32-bit integer, found {Describe(value)}");

    public static long Long(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var result)
            ? result
            : throw new SnapshotFormatException(path, $"expected an integer, found {Describe(value)}");

    public static IReadOnlyList<T> Array<T>(JsonElement value, string path, Func<JsonElement, string, T> item)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new SnapshotFormatException(path, $"expected an array, found {Describe(value)}");
        }

        var result = new List<T>(value.GetArrayLength());
        var index = 0;
        foreach (var element in value.EnumerateArray())
        {
            result.Add(item(element, $"{path}[{index}]"));
            index++;
        }

        return result;
    }

    public static TEnum Enum<TEnum>(JsonElement value, string path)
        where TEnum : struct, System.Enum
    {
        var text = String(value, path);
        return System.Enum.TryParse<TEnum>(text, ignoreCase: true, out var result) && System.Enum.IsDefined(result) && !int.TryParse(text, out _)
            ? result
            : throw new SnapshotFormatException(path, $"'{text}' is not one of {string.Join(", ", System.Enum.GetNames<TEnum>())}");
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{value.GetString()}\"",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };
}
