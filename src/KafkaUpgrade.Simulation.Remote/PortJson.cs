using System.Text.Json;
using System.Text.Json.Serialization;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;

namespace KafkaUpgrade.Simulation.Remote;

/// <summary>The JSON shapes the remote ports speak: Core records as they are, partitions as <c>topic:partition</c> keys, Kafka errors with their code.</summary>
internal static class PortJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new TopicPartitionConverter(), new KafkaApiExceptionConverter() },
    };

    /// <summary>Kafka topic names cannot contain ':', so <c>topic:partition</c> is unambiguous.</summary>
    private sealed class TopicPartitionConverter : JsonConverter<TopicPartition>
    {
        public override TopicPartition Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Parse(reader.GetString());

        public override void Write(Utf8JsonWriter writer, TopicPartition value, JsonSerializerOptions options) => writer.WriteStringValue($"{value.Topic}:{value.Partition}");

        public override TopicPartition ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Parse(reader.GetString());

        public override void WriteAsPropertyName(Utf8JsonWriter writer, TopicPartition value, JsonSerializerOptions options) =>
            writer.WritePropertyName($"{value.Topic}:{value.Partition}");

        private static TopicPartition Parse(string? text)
        {
            var colon = text?.LastIndexOf(':') ?? -1;
            return colon > 0 && int.TryParse(text![(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var partition)
                ? new TopicPartition(text[..colon], partition)
                : throw new JsonException($"'{text}' is not a topic:partition");
        }
    }

    private sealed class KafkaApiExceptionConverter : JsonConverter<KafkaApiException>
    {
        public override KafkaApiException Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var error = JsonSerializer.Deserialize<RemoteError>(ref reader, options) ?? throw new JsonException("empty error");
            return (KafkaApiException)error.ToException();
        }

        public override void Write(Utf8JsonWriter writer, KafkaApiException value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, RemoteError.From(value), options);
    }
}

/// <summary>An exception crossing the wire: Kafka's error, a provisioning refusal, or anything else.</summary>
/// <param name="Kind">kafka, provisioning, cancelled, or other.</param>
/// <param name="Code">Kafka error code.</param>
/// <param name="Name">Kafka error name.</param>
/// <param name="NodeId">Node of a provisioning refusal.</param>
/// <param name="Message">The message without Kafka's name prefix.</param>
internal sealed record RemoteError(string Kind, short Code, string? Name, int NodeId, string Message)
{
    public static RemoteError From(Exception exception) => exception switch
    {
        KafkaApiException k => new("kafka", k.Error.Code, k.Error.Name, 0, k.Message[(k.Error.Name.Length + 2)..]),
        NodeProvisioningException p => new("provisioning", 0, null, p.NodeId, p.Message[($"node {p.NodeId}: ".Length)..]),
        OperationCanceledException => new("cancelled", 0, null, 0, exception.Message),
        _ => new("other", 0, null, 0, exception.Message),
    };

    public Exception ToException() => Kind switch
    {
        "kafka" => new KafkaApiException(new KafkaError(Code, Name!), Message),
        "provisioning" => new NodeProvisioningException(NodeId, Message),
        "cancelled" => new OperationCanceledException(Message),
        _ => new InvalidOperationException($"The simulator failed: {Message}"),
    };
}
