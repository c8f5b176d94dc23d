using System.Text.Json;
using System.Text.Json.Serialization;

namespace KafkaUpgrade.Core.Model;

/// <summary>
/// Writes a <see cref="KafkaVersion"/> as the string operators type (<c>"3.9.1"</c>), so workflow inputs and
/// results read the same from any language, and reads it back with the same validation as <see cref="KafkaVersion.Parse"/>.
/// </summary>
public sealed class KafkaVersionJsonConverter : JsonConverter<KafkaVersion>
{
    /// <inheritdoc />
    public override KafkaVersion Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return KafkaVersion.TryParse(text, out var version)
            ? version
            : throw new JsonException($"'{text}' is not a Kafka version: expected MAJOR.MINOR or MAJOR.MINOR.PATCH, e.g. 3.9 or 3.9.1");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, KafkaVersion value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }
}
