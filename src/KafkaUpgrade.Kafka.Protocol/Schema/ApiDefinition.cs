namespace KafkaUpgrade.Kafka.Protocol.Schema;

/// <summary>
/// One Kafka API: its key, the versions we speak, the flexible versions (compact encodings, tagged fields, header
/// v2/v1) and the request and response schemas.
/// </summary>
public sealed class ApiDefinition
{
    /// <summary>Declares an API.</summary>
    public ApiDefinition(ApiKey key, string validVersions, string flexibleVersions, StructSchema request, StructSchema response)
    {
        Key = key;
        ValidVersions = ApiVersionRange.Parse(validVersions);
        FlexibleVersions = ApiVersionRange.Parse(flexibleVersions);
        Request = request;
        Response = response;
    }

    /// <summary>The API key.</summary>
    public ApiKey Key { get; }

    /// <summary>The API's name, e.g. <c>Metadata</c>.</summary>
    public string Name => Key.ToString();

    /// <summary>The versions this library encodes and decodes.</summary>
    public ApiVersionRange ValidVersions { get; }

    /// <summary>The flexible versions (KIP-482), open-ended as in Kafka's schemas.</summary>
    public ApiVersionRange FlexibleVersions { get; }

    /// <summary>The request schema.</summary>
    public StructSchema Request { get; }

    /// <summary>The response schema.</summary>
    public StructSchema Response { get; }

    /// <summary>True when <paramref name="version"/> is flexible.</summary>
    public bool IsFlexible(short version) => FlexibleVersions.Contains(version);

    /// <summary>
    /// The request header version: 2 for flexible versions, else 1. Follows the open-ended flexible range even for
    /// versions above <see cref="ValidVersions"/>, as Kafka's generated ApiMessageType does, so a server can still
    /// read the correlation id of a request whose version it does not support.
    /// </summary>
    public short RequestHeaderVersion(short version) => IsFlexible(version) ? (short)2 : (short)1;

    /// <summary>
    /// The response header version: 1 for flexible versions, else 0; ApiVersions always answers with header v0
    /// (ApiVersionsResponse.json: a client must be able to read it before it knows which versions the broker speaks).
    /// </summary>
    public short ResponseHeaderVersion(short version) =>
        Key == ApiKey.ApiVersions ? (short)0 : IsFlexible(version) ? (short)1 : (short)0;

    /// <summary>A new request value with every field at its default.</summary>
    public KafkaStruct NewRequest() => Request.New();

    /// <summary>A new response value with every field at its default.</summary>
    public KafkaStruct NewResponse() => Response.New();

    /// <summary>Throws <see cref="KafkaUnsupportedVersionException"/> when <paramref name="version"/> is not valid.</summary>
    public void RequireVersion(short version)
    {
        if (!ValidVersions.Contains(version))
        {
            throw new KafkaUnsupportedVersionException(
                $"{Name} (key {(short)Key}) version {version} is not supported; supported versions are {ValidVersions}");
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name}({(short)Key}) v{ValidVersions}";
}
