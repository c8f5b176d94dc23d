namespace KafkaUpgrade.Kafka.Protocol.Tests;

public sealed class ApiVersionsAndMetadataGoldenTests
{
    // "metadata.version" as a compact string: length 16 + 1 = 0x11.
    private const string MetadataVersionCompact = "11 6D657461646174612E76657273696F6E";

    [Fact]
    public void ApiVersions_v0_request_is_empty_and_v3_carries_client_software()
    {
        Golden.Request(ApiKey.ApiVersions, 0, "", r => Assert.Equal("", r.GetString("ClientSoftwareName")));
        Golden.Request(ApiKey.ApiVersions, 3, "03 6B74 06 312E352E30 00", r =>
        {
            Assert.Equal("kt", r.GetString("ClientSoftwareName"));
            Assert.Equal("1.5.0", r.GetString("ClientSoftwareVersion"));
        });
    }

    [Fact]
    public void ApiVersions_v0_response_non_flexible()
    {
        Golden.Response(ApiKey.ApiVersions, 0, "0000 00000001 0012 0000 0004", r =>
        {
            Assert.Equal(0, r.GetInt16("ErrorCode"));
            var key = Assert.Single(r.GetStructs("ApiKeys")!);
            Assert.Equal(18, key.GetInt16("ApiKey"));
            Assert.Equal(4, key.GetInt16("MaxVersion"));
        });
    }

    [Fact]
    public void ApiVersions_v1_unsupported_version_answer_with_throttle()
    {
        Golden.Response(ApiKey.ApiVersions, 1, "0023 00000001 0012 0000 0002 00000064", r =>
        {
            Assert.Equal(35, r.GetInt16("ErrorCode"));
            Assert.Equal(100, r.GetInt32("ThrottleTimeMs"));
        });
    }

    [Fact]
    public void ApiVersions_v3_response_with_every_tagged_feature_field()
    {
        var hex =
            "0000" +                                       // ErrorCode
            "03" +                                         // ApiKeys: 2 entries
            "0012 0000 0004 00" +                          // ApiVersions 0-4, no tags
            "0003 0000 000C 00" +                          // Metadata 0-12
            "00000000" +                                   // ThrottleTimeMs
            "04" +                                         // 4 tagged fields
            "00 17 02" + MetadataVersionCompact + "0001 0015 00" +   // tag 0 SupportedFeatures: metadata.version 1-21
            "01 08 0000000000000005" +                     // tag 1 FinalizedFeaturesEpoch 5
            "02 17 02" + MetadataVersionCompact + "0015 0001 00" +   // tag 2 FinalizedFeatures: max 21, min 1
            "03 01 01";                                    // tag 3 ZkMigrationReady true
        var r = Golden.Response(ApiKey.ApiVersions, 3, hex, r =>
        {
            Assert.Equal(2, r.GetStructs("ApiKeys")!.Count);
            var supported = Assert.Single(r.GetStructs("SupportedFeatures")!);
            Assert.Equal("metadata.version", supported.GetString("Name"));
            Assert.Equal(1, supported.GetInt16("MinVersion"));
            Assert.Equal(21, supported.GetInt16("MaxVersion"));
            Assert.Equal(5, r.GetInt64("FinalizedFeaturesEpoch"));
            var finalized = Assert.Single(r.GetStructs("FinalizedFeatures")!);
            Assert.Equal(21, finalized.GetInt16("MaxVersionLevel"));
            Assert.Equal(1, finalized.GetInt16("MinVersionLevel"));
            Assert.True(r.GetBool("ZkMigrationReady"));
        });

        // Built from scratch, the same bytes.
        var built = KafkaApis.ApiVersions.NewResponse();
        built.Add("ApiKeys").Set("ApiKey", 18).Set("MinVersion", 0).Set("MaxVersion", 4);
        built.Add("ApiKeys").Set("ApiKey", 3).Set("MinVersion", 0).Set("MaxVersion", 12);
        built.Add("SupportedFeatures").Set("Name", "metadata.version").Set("MinVersion", 1).Set("MaxVersion", 21);
        built.Set("FinalizedFeaturesEpoch", 5L);
        built.Add("FinalizedFeatures").Set("Name", "metadata.version").Set("MaxVersionLevel", 21).Set("MinVersionLevel", 1);
        built.Set("ZkMigrationReady", true);
        Assert.Equal(r, built);
        Golden.Encodes(ApiKey.ApiVersions, 3, built, hex);
    }

    [Fact]
    public void ApiVersions_v3_tagged_fields_at_default_are_not_written()
    {
        var r = Golden.Response(ApiKey.ApiVersions, 3, "0000 01 00000000 00", r =>
        {
            Assert.Equal(-1, r.GetInt64("FinalizedFeaturesEpoch"));
            Assert.False(r.GetBool("ZkMigrationReady"));
            Assert.Empty(r.GetStructs("SupportedFeatures")!);
        });
        Assert.Empty(r.GetStructs("ApiKeys")!);
    }

    [Fact]
    public void Unknown_tagged_fields_are_kept_and_written_back()
    {
        Golden.Response(ApiKey.ApiVersions, 3, "0000 01 00000000 02 03 01 01 07 02 BEEF", r =>
        {
            Assert.True(r.GetBool("ZkMigrationReady"));
            var unknown = Assert.Single(r.UnknownTaggedFields);
            Assert.Equal(7, unknown.Tag);
            Assert.Equal(new byte[] { 0xBE, 0xEF }, unknown.Data);
        });
    }

    [Fact]
    public void Tagged_field_with_a_wrong_size_fails()
    {
        // ZkMigrationReady announced with 2 bytes.
        Assert.Throws<KafkaProtocolException>(() =>
            Golden.Response(ApiKey.ApiVersions, 3, "0000 01 00000000 01 03 02 0101"));
        // Tagged size beyond the end.
        Assert.Throws<KafkaProtocolException>(() =>
            Golden.Response(ApiKey.ApiVersions, 3, "0000 01 00000000 01 07 7F 00"));
    }

    [Fact]
    public void Metadata_v0_request_empty_array_means_all_topics_and_v1_null()
    {
        Golden.Request(ApiKey.Metadata, 0, "00000000", r => Assert.Empty(r.GetStructs("Topics")!));
        Golden.Request(ApiKey.Metadata, 1, "FFFFFFFF", r => Assert.Null(r.GetStructs("Topics")));
        Golden.Request(ApiKey.Metadata, 4, "00000001 0006 6F7264657273 00", r =>
        {
            Assert.Equal("orders", Assert.Single(r.GetStructs("Topics")!).GetString("Name"));
            Assert.False(r.GetBool("AllowAutoTopicCreation"));
        });
    }

    [Fact]
    public void Metadata_v0_rejects_a_null_topic_array()
    {
        var e = Assert.Throws<KafkaProtocolException>(() => Golden.Request(ApiKey.Metadata, 0, "FFFFFFFF"));
        Assert.Equal("MetadataRequest.Topics", e.Field);
        var value = KafkaApis.Metadata.NewRequest().Set("Topics", null);
        Assert.Throws<KafkaUnsupportedVersionException>(() => KafkaMessages.EncodeBody(KafkaApis.Metadata, 0, value));
    }

    [Fact]
    public void Metadata_v9_request_flexible()
    {
        Golden.Request(ApiKey.Metadata, 9, "02 07 6F7264657273 00 01 00 01 00", r =>
        {
            Assert.Equal("orders", Assert.Single(r.GetStructs("Topics")!).GetString("Name"));
            Assert.True(r.GetBool("AllowAutoTopicCreation"));
            Assert.False(r.GetBool("IncludeClusterAuthorizedOperations"));
            Assert.True(r.GetBool("IncludeTopicAuthorizedOperations"));
        });
    }

    [Fact]
    public void Metadata_v12_request_has_topic_id_and_nullable_name()
    {
        var id = "00112233445566778899AABBCCDDEEFF";
        Golden.Request(ApiKey.Metadata, 12, "02 " + id + " 00 00 00 00 00", r =>
        {
            var t = Assert.Single(r.GetStructs("Topics")!);
            Assert.Equal(Guid.Parse("00112233-4455-6677-8899-aabbccddeeff"), t.GetUuid("TopicId"));
            Assert.Null(t.GetString("Name"));
        });
    }

    [Fact]
    public void Metadata_v0_response()
    {
        var hex =
            "00000001 00000001 0002 6231 00002384" +      // broker 1 b1:9092
            "00000001 0000 0006 6F7264657273" +           // topic orders, no error
            "00000001 0000 00000000 00000001" +           // partition 0 leader 1
            "00000001 00000001 00000001 00000001";        // replicas [1], isr [1]
        Golden.Response(ApiKey.Metadata, 0, hex, r =>
        {
            var b = Assert.Single(r.GetStructs("Brokers")!);
            Assert.Equal(1, b.GetInt32("NodeId"));
            Assert.Equal("b1", b.GetString("Host"));
            Assert.Equal(9092, b.GetInt32("Port"));
            Assert.Null(b.GetString("Rack"));
            Assert.Equal(-1, r.GetInt32("ControllerId"));
            var p = Assert.Single(Assert.Single(r.GetStructs("Topics")!).GetStructs("Partitions")!);
            Assert.Equal(1, p.GetInt32("LeaderId"));
            Assert.Equal(-1, p.GetInt32("LeaderEpoch"));
            Assert.Equal(new[] { 1 }, p.GetArray<int>("ReplicaNodes"));
            Assert.Equal(new[] { 1 }, p.GetArray<int>("IsrNodes"));
        });
    }

    [Fact]
    public void Metadata_v12_response_flexible_with_unknown_topic_error()
    {
        var hex =
            "00000000" +                                   // ThrottleTimeMs
            "02 00000001 03 6231 00002384 00 00" +         // brokers: 1 b1:9092 rack null
            "03 6331" +                                    // ClusterId "c1"
            "00000001" +                                   // ControllerId
            "02 0003 02 78 00000000000000000000000000000000 00 01 80000000 00" + // topic x: error 3, no partitions
            "00";
        Golden.Response(ApiKey.Metadata, 12, hex, r =>
        {
            Assert.Equal("c1", r.GetString("ClusterId"));
            Assert.Equal(1, r.GetInt32("ControllerId"));
            var t = Assert.Single(r.GetStructs("Topics")!);
            Assert.Equal(3, t.GetInt16("ErrorCode"));
            Assert.Equal("x", t.GetString("Name"));
            Assert.Equal(Guid.Empty, t.GetUuid("TopicId"));
            Assert.Equal(int.MinValue, t.GetInt32("TopicAuthorizedOperations"));
            Assert.Empty(t.GetStructs("Partitions")!);
        });
    }

    [Fact]
    public void Non_default_value_in_a_version_without_the_field()
    {
        // ClusterAuthorizedOperations exists in 8-10 only and is not ignorable: writing it in v11 fails ...
        var r = KafkaApis.Metadata.NewResponse().Set("ClusterAuthorizedOperations", 5);
        var e = Assert.Throws<KafkaUnsupportedVersionException>(() => KafkaMessages.EncodeBody(KafkaApis.Metadata, 11, r));
        Assert.Contains("ClusterAuthorizedOperations", e.Message, StringComparison.Ordinal);

        // ... while the ignorable ClusterId is dropped silently in v1.
        var ignorable = KafkaApis.Metadata.NewResponse().Set("ClusterId", "c1");
        Assert.Equal("00000000 FFFFFFFF 00000000".Replace(" ", "", StringComparison.Ordinal),
            TestData.ToHex(KafkaMessages.EncodeBody(KafkaApis.Metadata, 1, ignorable)));
    }

    [Fact]
    public void Setting_a_wrong_type_fails_at_once()
    {
        var r = KafkaApis.Metadata.NewResponse();
        Assert.Throws<ArgumentException>(() => r.Set("ControllerId", "one"));
        Assert.Throws<ArgumentException>(() => r.Set("NoSuchField", 1));
        Assert.Throws<ArgumentException>(() => r.Set("Brokers", null));
        Assert.Throws<ArgumentException>(() => r.Add("Brokers").Set("Port", long.MaxValue));
    }
}
