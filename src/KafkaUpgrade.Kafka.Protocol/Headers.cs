using KafkaUpgrade.Kafka.Protocol.Primitives;

namespace KafkaUpgrade.Kafka.Protocol;

/// <summary>
/// A request header (RequestHeader.json). v1: api key, api version, correlation id, nullable client id (a classic
/// int16-length string even in v2). v2 adds a tagged-field section. v0 (no client id) is only ControlledShutdown v0,
/// which this library does not speak.
/// </summary>
/// <param name="ApiKey">The raw API key.</param>
/// <param name="ApiVersion">The request's version.</param>
/// <param name="CorrelationId">Echoed in the response header.</param>
/// <param name="ClientId">The client id, or null.</param>
public sealed record RequestHeader(short ApiKey, short ApiVersion, int CorrelationId, string? ClientId)
{
    /// <summary>Unknown tagged fields of a v2 header, kept as read.</summary>
    public IReadOnlyList<RawTaggedField> TaggedFields { get; init; } = [];

    /// <summary>Writes the header as <paramref name="headerVersion"/> (1 or 2).</summary>
    public void Write(KafkaWriter writer, short headerVersion)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteInt16(ApiKey);
        writer.WriteInt16(ApiVersion);
        writer.WriteInt32(CorrelationId);
        if (headerVersion >= 1)
        {
            writer.WriteNullableString(ClientId);
        }

        if (headerVersion >= 2)
        {
            WriteTagged(writer, TaggedFields);
        }
    }

    /// <summary>
    /// Reads a header; its version follows from the api key and version read first (<see cref="KafkaApis"/>),
    /// falling back to v1 for a key we do not speak (the caller then refuses it). The header version used is returned.
    /// </summary>
    public static RequestHeader Read(KafkaReader reader, out short headerVersion)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var apiKey = reader.ReadInt16("RequestHeader.RequestApiKey");
        var apiVersion = reader.ReadInt16("RequestHeader.RequestApiVersion");
        var correlationId = reader.ReadInt32("RequestHeader.CorrelationId");
        headerVersion = KafkaApis.TryGet(apiKey, out var api) ? api.RequestHeaderVersion(apiVersion) : (short)1;
        var clientId = reader.ReadNullableString("RequestHeader.ClientId");
        IReadOnlyList<RawTaggedField> tagged = [];
        if (headerVersion >= 2)
        {
            tagged = ReadTagged(reader, "RequestHeader");
        }

        return new RequestHeader(apiKey, apiVersion, correlationId, clientId) { TaggedFields = tagged };
    }

    internal static void WriteTagged(KafkaWriter writer, IReadOnlyList<RawTaggedField> fields)
    {
        writer.WriteUnsignedVarint((uint)fields.Count);
        foreach (var f in fields.OrderBy(f => f.Tag))
        {
            writer.WriteUnsignedVarint((uint)f.Tag);
            writer.WriteUnsignedVarint((uint)f.Data.Length);
            writer.WriteRaw(f.Data);
        }
    }

    internal static IReadOnlyList<RawTaggedField> ReadTagged(KafkaReader reader, string owner)
    {
        var count = reader.ReadUnsignedVarint($"{owner}._tagged_fields");
        if (count == 0)
        {
            return [];
        }

        // Each tagged field takes at least 2 bytes: bound the count before allocating.
        if (count > (uint)reader.Remaining / 2)
        {
            throw new KafkaProtocolException($"{count} tagged fields cannot fit in the {reader.Remaining} byte(s) left", $"{owner}._tagged_fields", reader.Position);
        }

        var list = new List<RawTaggedField>((int)count);
        for (var i = 0; i < count; i++)
        {
            var tag = reader.ReadUnsignedVarint($"{owner}._tagged_fields.tag");
            var size = reader.ReadUnsignedVarint($"{owner}._tagged_fields.size");
            list.Add(new RawTaggedField((int)tag, reader.ReadRaw(size > int.MaxValue ? -1 : (int)size, $"{owner}._tagged_fields")));
        }

        return list;
    }
}

/// <summary>A response header (ResponseHeader.json): v0 is the correlation id; v1 adds a tagged-field section.</summary>
/// <param name="CorrelationId">The request's correlation id.</param>
public sealed record ResponseHeader(int CorrelationId)
{
    /// <summary>Unknown tagged fields of a v1 header, kept as read.</summary>
    public IReadOnlyList<RawTaggedField> TaggedFields { get; init; } = [];

    /// <summary>Writes the header as <paramref name="headerVersion"/> (0 or 1).</summary>
    public void Write(KafkaWriter writer, short headerVersion)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteInt32(CorrelationId);
        if (headerVersion >= 1)
        {
            RequestHeader.WriteTagged(writer, TaggedFields);
        }
    }

    /// <summary>Reads a header of <paramref name="headerVersion"/> (0 or 1).</summary>
    public static ResponseHeader Read(KafkaReader reader, short headerVersion)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var correlationId = reader.ReadInt32("ResponseHeader.CorrelationId");
        IReadOnlyList<RawTaggedField> tagged = headerVersion >= 1 ? RequestHeader.ReadTagged(reader, "ResponseHeader") : [];
        return new ResponseHeader(correlationId) { TaggedFields = tagged };
    }
}
