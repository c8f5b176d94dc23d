namespace KafkaUpgrade.Kafka.Protocol.Tests;

/// <summary>
/// Bytes written by other people's Kafka clients: kafka-python 2.0.2 (Debian python3-kafka) and @platformatic/kafka
/// 2.12.1 (npm), captured once from their encoders with the arguments noted in the report. Each must decode with
/// our schema and re-encode to the very same bytes. Left out, because those encoders disagree with Kafka's schemas:
/// kafka-python's ListOffsets v4/v5 requests (an int64 current_leader_epoch where Kafka has int32) and its
/// FindCoordinator v1 response (no throttle_time_ms, which Kafka added in v1).
/// </summary>
public sealed class ThirdPartyVectorTests
{
    public static TheoryData<string, short, short, bool, string> Vectors() => new()
    {
        { "kafka-python-2.0.2", (short)3, (short)0, true, "0000000200066f7264657273000178" },
        { "kafka-python-2.0.2", (short)3, (short)1, true, "0000000200066f7264657273000178" },
        { "kafka-python-2.0.2", (short)3, (short)2, true, "0000000200066f7264657273000178" },
        { "kafka-python-2.0.2", (short)3, (short)3, true, "0000000200066f7264657273000178" },
        { "kafka-python-2.0.2", (short)3, (short)4, true, "0000000100066f726465727301" },
        { "kafka-python-2.0.2", (short)3, (short)5, true, "ffffffff00" },
        { "kafka-python-2.0.2", (short)3, (short)5, false, "0000000300000002000000010001680000238400027231000000020002683200002385ffff00036369640000000100000001000000066f726465727300000000010000000000000000000100000002000000010000000200000001000000010000000100000002" },
        { "kafka-python-2.0.2", (short)32, (short)0, true, "0000000102000174ffffffff" },
        { "kafka-python-2.0.2", (short)32, (short)1, true, "000000010200017400000001000c726574656e74696f6e2e6d7301" },
        { "kafka-python-2.0.2", (short)16, (short)0, true, "" },
        { "kafka-python-2.0.2", (short)16, (short)1, true, "" },
        { "kafka-python-2.0.2", (short)16, (short)2, true, "" },
        { "kafka-python-2.0.2", (short)15, (short)0, true, "000000020002673100026732" },
        { "kafka-python-2.0.2", (short)17, (short)1, true, "000d534352414d2d5348412d323536" },
        { "kafka-python-2.0.2", (short)36, (short)0, true, "0000000400750070" },
        { "kafka-python-2.0.2", (short)18, (short)0, true, "" },
        { "kafka-python-2.0.2", (short)18, (short)1, true, "" },
        { "kafka-python-2.0.2", (short)18, (short)2, true, "" },
        { "kafka-python-2.0.2", (short)18, (short)0, false, "00000000000200120000000300030000000c" },
        { "kafka-python-2.0.2", (short)18, (short)1, false, "00000000000100120000000300000005" },
        { "kafka-python-2.0.2", (short)2, (short)0, true, "ffffffff000000010001740000000100000000ffffffffffffffff00000001" },
        { "kafka-python-2.0.2", (short)2, (short)1, true, "ffffffff000000010001740000000100000000ffffffffffffffff" },
        { "kafka-python-2.0.2", (short)2, (short)2, true, "ffffffff01000000010001740000000100000000ffffffffffffffff" },
        { "kafka-python-2.0.2", (short)2, (short)3, true, "ffffffff01000000010001740000000100000000ffffffffffffffff" },
        { "kafka-python-2.0.2", (short)9, (short)1, true, "00016700000001000174000000020000000000000001" },
        { "kafka-python-2.0.2", (short)10, (short)0, true, "000167" },
        { "kafka-python-2.0.2", (short)10, (short)1, true, "00016700" },
        { "kafka-python-2.0.2", (short)32, (short)1, false, "00000000000000010000ffff0200017400000001000c726574656e74696f6e2e6d7300043130303000010000000001000c726574656e74696f6e2e6d7300043130303005" },
        { "kafka-python-2.0.2", (short)16, (short)2, false, "000000010000000000010001670008636f6e73756d6572" },
        { "kafka-python-2.0.2", (short)15, (short)0, false, "0000000100000001670006537461626c650008636f6e73756d6572000572616e67650000000100016d00016300022f6800000001aa00000000" },
        { "kafka-python-2.0.2", (short)17, (short)1, false, "0000000000020005504c41494e000d534352414d2d5348412d353132" },
        { "kafka-python-2.0.2", (short)9, (short)3, false, "00000000000000010001740000000100000000000000000000002a000000000000" },
        { "kafka-python-2.0.2", (short)2, (short)1, false, "0000000100017400000001000000000000ffffffffffffffff000000000000002a" },
        { "kafka-python-2.0.2", (short)36, (short)1, false, "0000ffff00000000000000000036ee80" },
        { "platformatic-kafka-2.12.1", (short)3, (short)12, true, "0300000000000000000000000000000000076f72646572730000000000000000000000000000000000027800010100" },
        { "platformatic-kafka-2.12.1", (short)60, (short)1, true, "010100" },
        { "platformatic-kafka-2.12.1", (short)55, (short)2, true, "02135f5f636c75737465725f6d657461646174610200000000000000" },
        { "platformatic-kafka-2.12.1", (short)45, (short)1, true, "00007530000202740200000000030000000100000002000000" },
        { "platformatic-kafka-2.12.1", (short)45, (short)0, true, "000075300202740300000000030000000100000002000000000100000000" },
        { "platformatic-kafka-2.12.1", (short)46, (short)0, true, "000075300202740300000000000000010000" },
        { "platformatic-kafka-2.12.1", (short)35, (short)4, true, "0202740300000000000000010000" },
        { "platformatic-kafka-2.12.1", (short)57, (short)1, true, "0000753002116d657461646174612e76657273696f6e001501000000" },
        { "platformatic-kafka-2.12.1", (short)64, (short)0, true, "0000000300" },
        { "platformatic-kafka-2.12.1", (short)75, (short)0, true, "02027400000007d0ff00" },
        { "platformatic-kafka-2.12.1", (short)32, (short)4, true, "02020274020d726574656e74696f6e2e6d7300010100" },
        { "platformatic-kafka-2.12.1", (short)44, (short)1, true, "0204023102026100023100000000" },
        { "platformatic-kafka-2.12.1", (short)16, (short)5, true, "0207537461626c650208636c617373696300" },
        { "platformatic-kafka-2.12.1", (short)15, (short)5, true, "0202670100" },
        { "platformatic-kafka-2.12.1", (short)9, (short)9, true, "02026700ffffffff020274020000000000000000" },
        { "platformatic-kafka-2.12.1", (short)2, (short)9, true, "ffffffff000202740200000000ffffffffffffffffffffffff000000" },
        { "platformatic-kafka-2.12.1", (short)10, (short)6, true, "0002026700" },
        { "platformatic-kafka-2.12.1", (short)17, (short)1, true, "0005504c41494e" },
        { "platformatic-kafka-2.12.1", (short)36, (short)2, true, "0401020300" },
        { "platformatic-kafka-2.12.1", (short)18, (short)4, true, "036b7404312e3000" },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Other_clients_bytes_decode_and_re_encode_identically(string source, short key, short version, bool request, string hex)
    {
        var api = KafkaApis.Get((ApiKey)key);
        var bytes = TestData.Hex(hex);
        var value = KafkaMessages.DecodeBody(api, request ? api.Request : api.Response, version, bytes);
        Assert.True(bytes.AsSpan().SequenceEqual(KafkaMessages.EncodeBody(api, version, value)), $"{source}: {api.Name} v{version}");
    }

    [Fact]
    public void A_few_decoded_values_from_other_clients()
    {
        var metadata = KafkaMessages.DecodeBody(KafkaApis.Metadata, KafkaApis.Metadata.Response, 5, TestData.Hex(Find(3, 5, false)));
        Assert.Equal("cid", metadata.GetString("ClusterId"));
        Assert.Null(metadata.GetStructs("Brokers")![1].GetString("Rack"));
        Assert.Equal(new[] { 2 }, metadata.GetStructs("Topics")![0].GetStructs("Partitions")![0].GetArray<int>("OfflineReplicas"));
        var api = KafkaApis.Get(ApiKey.AlterPartitionReassignments);
        var alter = KafkaMessages.DecodeBody(api, api.Request, 1, TestData.Hex(Find(45, 1, true)));
        Assert.False(alter.GetBool("AllowReplicationFactorChange"));
        Assert.Equal(new[] { 1, 2 }, alter.GetStructs("Topics")![0].GetStructs("Partitions")![0].GetArray<int>("Replicas"));
    }

    private static string Find(short key, short version, bool request) =>
        (string)Vectors().Select(v => v).First(v => (short)v[1] == key && (short)v[2] == version && (bool)v[3] == request)[4];
}
