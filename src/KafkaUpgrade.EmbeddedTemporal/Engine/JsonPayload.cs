using System.Text.Json;
using Google.Protobuf;
using Temporalio.Api.Common.V1;

namespace KafkaUpgrade.EmbeddedTemporal.Engine;

/// <summary>A value as a json/plain payload, the encoding every SDK's default converter reads.</summary>
internal static class JsonPayload
{
    public static Payload Of<T>(T value) => new()
    {
        Metadata = { ["encoding"] = ByteString.CopyFromUtf8("json/plain") },
        Data = ByteString.CopyFromUtf8(JsonSerializer.Serialize(value)),
    };
}
