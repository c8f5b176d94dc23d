using KafkaUpgrade.Kafka.Protocol.Schema;

namespace KafkaUpgrade.Kafka.Protocol.Tests;

public sealed class RoundTripAndFuzzTests
{
    public static IEnumerable<object[]> AllApiVersions() => TestData.AllApiVersions();

    [Theory]
    [MemberData(nameof(AllApiVersions))]
    public void Every_api_and_version_round_trips_populated_values(ApiKey key, short version)
    {
        var api = KafkaApis.Get(key);
        var random = new Random((((short)key) * 100) + version);
        for (var i = 0; i < 20; i++)
        {
            foreach (var schema in new[] { api.Request, api.Response })
            {
                var value = TestData.Populate(schema, version, random);
                var bytes = KafkaMessages.EncodeBody(api, version, value);
                var decoded = KafkaMessages.DecodeBody(api, schema, version, bytes);
                Assert.True(value.Equals(decoded), $"{TestData.Describe(key, version)} {schema.Name}:\n{value}\n!=\n{decoded}");
                Assert.Equal(bytes, KafkaMessages.EncodeBody(api, version, decoded));
            }
        }
    }

    [Theory]
    [MemberData(nameof(AllApiVersions))]
    public void Whole_frames_round_trip_with_headers(ApiKey key, short version)
    {
        var api = KafkaApis.Get(key);
        var random = new Random(7 + version);
        var request = TestData.Populate(api.Request, version, random);
        var frame = KafkaMessages.EncodeRequestFrame(key, version, 1234, "client-1", request);
        var decoded = KafkaMessages.DecodeRequest(frame.AsMemory(4));
        Assert.Equal(1234, decoded.Header.CorrelationId);
        Assert.Equal("client-1", decoded.Header.ClientId);
        Assert.Equal(request, decoded.Body);

        var response = TestData.Populate(api.Response, version, random);
        var responseFrame = KafkaMessages.EncodeResponseFrame(key, version, 99, response);
        Assert.Equal(99, KafkaMessages.PeekCorrelationId(responseFrame.AsSpan(4)));
        var body = KafkaMessages.DecodeResponse(key, version, responseFrame.AsMemory(4), out var header);
        Assert.Equal(99, header.CorrelationId);
        Assert.Equal(response, body);
    }

    [Theory]
    [MemberData(nameof(AllApiVersions))]
    public void Fuzzed_bytes_decode_or_fail_with_a_protocol_error(ApiKey key, short version)
    {
        var api = KafkaApis.Get(key);
        var random = new Random(31 * (short)key + version);
        foreach (var schema in new[] { api.Request, api.Response })
        {
            for (var round = 0; round < 40; round++)
            {
                var bytes = KafkaMessages.EncodeBody(api, version, TestData.Populate(schema, version, random));
                var mutated = Mutate(bytes, random);
                var before = GC.GetAllocatedBytesForCurrentThread();
                try
                {
                    KafkaMessages.DecodeBody(api, schema, version, mutated);
                }
                catch (KafkaProtocolException)
                {
                    // expected for most mutations
                }

                var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.True(allocated < 4_000_000, $"{schema.Name} v{version}: {allocated} bytes allocated for a {mutated.Length}-byte input");
            }
        }
    }

    private static byte[] Mutate(byte[] bytes, Random random)
    {
        var copy = bytes.ToArray();
        switch (random.Next(4))
        {
            case 0 when copy.Length > 0:
                return copy[..random.Next(copy.Length)];
            case 1 when copy.Length > 0:
                for (var i = 0; i < 1 + random.Next(3); i++)
                {
                    copy[random.Next(copy.Length)] = (byte)random.Next(256);
                }

                return copy;
            case 2 when copy.Length >= 4:
                // Plant a huge length (2^31-1 or 2^31) somewhere.
                var at = random.Next(copy.Length - 3);
                copy[at] = random.Next(2) == 0 ? (byte)0x7F : (byte)0x80;
                copy[at + 1] = 0xFF;
                copy[at + 2] = 0xFF;
                copy[at + 3] = 0xFF;
                return copy;
            default:
                var extra = new byte[random.Next(1, 8)];
                random.NextBytes(extra);
                return [.. copy, .. extra];
        }
    }

    [Fact]
    public void Registry_lists_every_api_of_the_issue_with_kafka_versions()
    {
        var expected = new Dictionary<ApiKey, string>
        {
            [ApiKey.ApiVersions] = "0-4", [ApiKey.Metadata] = "0-12", [ApiKey.DescribeCluster] = "0-1",
            [ApiKey.DescribeTopicPartitions] = "0", [ApiKey.ListPartitionReassignments] = "0",
            [ApiKey.AlterPartitionReassignments] = "0", [ApiKey.ElectLeaders] = "0-2", [ApiKey.DescribeConfigs] = "0-4",
            [ApiKey.IncrementalAlterConfigs] = "0-1", [ApiKey.DescribeLogDirs] = "0-4", [ApiKey.DescribeQuorum] = "0-2",
            [ApiKey.AddRaftVoter] = "0", [ApiKey.RemoveRaftVoter] = "0", [ApiKey.UpdateFeatures] = "0-2",
            [ApiKey.UnregisterBroker] = "0", [ApiKey.ListGroups] = "0-5", [ApiKey.DescribeGroups] = "0-5",
            [ApiKey.OffsetFetch] = "0-9", [ApiKey.ListOffsets] = "0-10", [ApiKey.FindCoordinator] = "0-6",
            [ApiKey.SaslHandshake] = "0-1", [ApiKey.SaslAuthenticate] = "0-2",
        };
        Assert.Equal(expected.Count, KafkaApis.All.Count);
        foreach (var (key, versions) in expected)
        {
            Assert.Equal(ApiVersionRange.Parse(versions), KafkaApis.Get(key).ValidVersions);
        }

        Assert.True(KafkaApis.Get(ApiKey.SaslHandshake).FlexibleVersions.IsEmpty);
        Assert.Equal(ApiVersionRange.Parse("9+"), KafkaApis.Metadata.FlexibleVersions);
    }

    [Fact]
    public void Bytes_fields_never_print_their_content()
    {
        var r = KafkaApis.Get(ApiKey.SaslAuthenticate).NewRequest().Set("AuthBytes", "\0user\0secret"u8.ToArray());
        Assert.DoesNotContain("secret", r.ToString(), StringComparison.Ordinal);
        Assert.Contains("<12 bytes>", r.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_schema_field_has_a_version_within_the_api_or_is_open()
    {
        foreach (var api in KafkaApis.All)
        {
            foreach (var f in Walk(api.Request).Concat(Walk(api.Response)))
            {
                Assert.False(f.Versions.IsEmpty, $"{api.Name}.{f.Name}");
                Assert.True(f.TaggedVersions.IsEmpty || api.FlexibleVersions.Contains(f.TaggedVersions.Min), $"{api.Name}.{f.Name}");
            }
        }
    }

    private static IEnumerable<FieldSchema> Walk(StructSchema s) =>
        s.Fields.SelectMany(f => new[] { f }.Concat(f.Type.Struct is { } inner ? Walk(inner) : []));
}
