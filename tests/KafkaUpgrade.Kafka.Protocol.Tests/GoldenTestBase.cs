using KafkaUpgrade.Kafka.Protocol.Schema;
using static KafkaUpgrade.Kafka.Protocol.Tests.TestData;

namespace KafkaUpgrade.Kafka.Protocol.Tests;

internal static class Golden
{
    /// <summary>Decodes hand-written body bytes, runs the assertions, and checks re-encoding gives the same bytes.</summary>
    public static KafkaStruct Request(ApiKey key, short version, string hex, Action<KafkaStruct>? check = null) =>
        Check(KafkaApis.Get(key), KafkaApis.Get(key).Request, version, hex, check);

    public static KafkaStruct Response(ApiKey key, short version, string hex, Action<KafkaStruct>? check = null) =>
        Check(KafkaApis.Get(key), KafkaApis.Get(key).Response, version, hex, check);

    private static KafkaStruct Check(ApiDefinition api, StructSchema schema, short version, string hex, Action<KafkaStruct>? check)
    {
        var bytes = Hex(hex);
        var value = KafkaMessages.DecodeBody(api, schema, version, bytes);
        check?.Invoke(value);
        Assert.Equal(ToHex(bytes), ToHex(KafkaMessages.EncodeBody(api, version, value)));
        return value;
    }

    /// <summary>Encodes a built value and checks the bytes equal the hand-written ones.</summary>
    public static void Encodes(ApiKey key, short version, KafkaStruct value, string hex) =>
        Assert.Equal(ToHex(Hex(hex)), ToHex(KafkaMessages.EncodeBody(KafkaApis.Get(key), version, value)));
}
