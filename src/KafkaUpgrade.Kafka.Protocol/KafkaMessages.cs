using KafkaUpgrade.Kafka.Protocol.Primitives;
using KafkaUpgrade.Kafka.Protocol.Schema;

namespace KafkaUpgrade.Kafka.Protocol;

/// <summary>A decoded request: its header, its API and its body.</summary>
/// <param name="Header">The request header.</param>
/// <param name="Api">The API the header names.</param>
/// <param name="Body">The request body, a value of <see cref="ApiDefinition.Request"/>.</param>
public sealed record DecodedRequest(RequestHeader Header, ApiDefinition Api, KafkaStruct Body)
{
    /// <summary>The request's version.</summary>
    public short Version => Header.ApiVersion;
}

/// <summary>
/// Whole messages: header + body, for both sides. Clients encode requests and decode responses; servers decode
/// requests and encode responses. Frames returned by the <c>Encode*Frame</c> methods include the 4-byte size;
/// <c>Decode*</c> methods take the payload after it (what <see cref="KafkaFrame.ReadAsync"/> returns). A body must
/// be read to its last byte: unread bytes fail, as strict peers (kafka-ts) also fail.
/// </summary>
public static class KafkaMessages
{
    /// <summary>Encodes a request frame (size prefix, header, body) for the API <paramref name="body"/> belongs to.</summary>
    public static byte[] EncodeRequestFrame(ApiKey apiKey, short version, int correlationId, string? clientId, KafkaStruct body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var api = KafkaApis.Get(apiKey);
        api.RequireVersion(version);
        RequireSchema(api.Request, body, api, "request");
        var writer = new KafkaWriter(256);
        writer.WriteInt32(0);
        new RequestHeader((short)apiKey, version, correlationId, clientId).Write(writer, api.RequestHeaderVersion(version));
        KafkaCodec.Write(writer, body, version, api.IsFlexible(version));
        writer.PatchInt32(0, writer.Length - 4);
        return writer.ToArray();
    }

    /// <summary>Encodes a response frame (size prefix, header, body).</summary>
    public static byte[] EncodeResponseFrame(ApiKey apiKey, short version, int correlationId, KafkaStruct body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var api = KafkaApis.Get(apiKey);
        api.RequireVersion(version);
        RequireSchema(api.Response, body, api, "response");
        var writer = new KafkaWriter(256);
        writer.WriteInt32(0);
        new ResponseHeader(correlationId).Write(writer, api.ResponseHeaderVersion(version));
        KafkaCodec.Write(writer, body, version, api.IsFlexible(version));
        writer.PatchInt32(0, writer.Length - 4);
        return writer.ToArray();
    }

    /// <summary>Encodes a body alone (no header, no size), e.g. for golden tests.</summary>
    public static byte[] EncodeBody(ApiDefinition api, short version, KafkaStruct body)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(body);
        api.RequireVersion(version);
        var writer = new KafkaWriter(256);
        KafkaCodec.Write(writer, body, version, api.IsFlexible(version));
        return writer.ToArray();
    }

    /// <summary>Decodes a body alone (no header), requiring every byte to be read.</summary>
    public static KafkaStruct DecodeBody(ApiDefinition api, StructSchema schema, short version, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.RequireVersion(version);
        var reader = new KafkaReader(body);
        var value = KafkaCodec.Read(reader, schema, version, api.IsFlexible(version));
        RequireEnd(reader, schema, api, version);
        return value;
    }

    /// <summary>
    /// Reads a request's header only. A server uses it to answer a request it cannot decode (an ApiVersions of an
    /// unknown version is answered as v0 with UNSUPPORTED_VERSION) or to refuse an unknown API key.
    /// </summary>
    /// <param name="payload">The frame payload.</param>
    /// <param name="bodyOffset">Where the body starts in <paramref name="payload"/>.</param>
    public static RequestHeader ReadRequestHeader(ReadOnlyMemory<byte> payload, out int bodyOffset)
    {
        var reader = new KafkaReader(payload);
        var header = RequestHeader.Read(reader, out _);
        bodyOffset = reader.Position;
        return header;
    }

    /// <summary>
    /// Decodes a whole request. Throws <see cref="KafkaUnsupportedVersionException"/> for an API key or version we
    /// do not speak, <see cref="KafkaProtocolException"/> for malformed bytes.
    /// </summary>
    public static DecodedRequest DecodeRequest(ReadOnlyMemory<byte> payload)
    {
        var header = ReadRequestHeader(payload, out var offset);
        if (!KafkaApis.TryGet(header.ApiKey, out var api))
        {
            throw new KafkaUnsupportedVersionException($"API key {header.ApiKey} is not supported");
        }

        var body = DecodeBody(api, api.Request, header.ApiVersion, payload[offset..]);
        return new DecodedRequest(header, api, body);
    }

    /// <summary>The correlation id of a response payload (the first 4 bytes of every response header version).</summary>
    public static int PeekCorrelationId(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 4)
        {
            throw new KafkaProtocolException($"response of {payload.Length} byte(s) has no correlation id", "ResponseHeader.CorrelationId", 0);
        }

        return System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(payload);
    }

    /// <summary>Decodes a response payload of <paramref name="apiKey"/> <paramref name="version"/>.</summary>
    public static KafkaStruct DecodeResponse(ApiKey apiKey, short version, ReadOnlyMemory<byte> payload, out ResponseHeader header)
    {
        var api = KafkaApis.Get(apiKey);
        api.RequireVersion(version);
        var reader = new KafkaReader(payload);
        header = ResponseHeader.Read(reader, api.ResponseHeaderVersion(version));
        var body = KafkaCodec.Read(reader, api.Response, version, api.IsFlexible(version));
        RequireEnd(reader, api.Response, api, version);
        return body;
    }

    /// <summary>
    /// Decodes an ApiVersions response the way Kafka's client does (ApiVersionsResponse.parse): a broker that does
    /// not support the version we sent answers with a v0 body and UNSUPPORTED_VERSION, so when the body does not
    /// decode as <paramref name="version"/> it is decoded again as v0. <paramref name="decodedVersion"/> tells which.
    /// </summary>
    public static KafkaStruct DecodeApiVersionsResponse(ReadOnlyMemory<byte> payload, short version, out ResponseHeader header, out short decodedVersion)
    {
        try
        {
            decodedVersion = version;
            return DecodeResponse(ApiKey.ApiVersions, version, payload, out header);
        }
        catch (KafkaProtocolException) when (version != 0)
        {
            decodedVersion = 0;
            return DecodeResponse(ApiKey.ApiVersions, 0, payload, out header);
        }
    }

    private static void RequireEnd(KafkaReader reader, StructSchema schema, ApiDefinition api, short version)
    {
        if (reader.Remaining != 0)
        {
            throw new KafkaProtocolException(
                $"{reader.Remaining} unread byte(s) after {schema.Name} v{version} ({api.Name})", schema.Name, reader.Position);
        }
    }

    private static void RequireSchema(StructSchema expected, KafkaStruct body, ApiDefinition api, string what)
    {
        if (!ReferenceEquals(expected, body.Schema))
        {
            throw new ArgumentException($"a {api.Name} {what} must be a {expected.Name}, not a {body.Schema.Name}", nameof(body));
        }
    }
}
