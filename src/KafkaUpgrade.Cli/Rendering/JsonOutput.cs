using System.Text.Json;
using System.Text.Json.Serialization;

namespace KafkaUpgrade.Cli.Rendering;

/// <summary>The one JSON style every <c>--json</c> output uses: camelCase, enums as strings, single line.</summary>
internal static class JsonOutput
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);
}
