using System.Globalization;
using System.Text;

namespace KafkaUpgrade.Kafka.Protocol.Tests;

/// <summary>
/// Golden bytes for every admin API: the structure (field order, classic vs compact lengths, tagged sections,
/// nullable markers) is written by hand from Kafka's schemas; only string bytes use the helpers below.
/// </summary>
public sealed class AdminApiGoldenTests
{
    private static string S(string s) => (Encoding.UTF8.GetByteCount(s)).ToString("X4", CultureInfo.InvariantCulture) + Convert.ToHexString(Encoding.UTF8.GetBytes(s));

    private static string C(string s) => (Encoding.UTF8.GetByteCount(s) + 1).ToString("X2", CultureInfo.InvariantCulture) + Convert.ToHexString(Encoding.UTF8.GetBytes(s));

    private const string Uuid = "0123456789ABCDEF0123456789ABCDEF";
    private static readonly Guid UuidValue = Guid.Parse("01234567-89ab-cdef-0123-456789abcdef");

    [Fact]
    public void DescribeCluster_v1_request_and_v0_v1_responses()
    {
        Golden.Request(ApiKey.DescribeCluster, 1, "01 02 00", r =>
        {
            Assert.True(r.GetBool("IncludeClusterAuthorizedOperations"));
            Assert.Equal(2, r.GetInt8("EndpointType"));
        });
        Golden.Request(ApiKey.DescribeCluster, 0, "00 00", r => Assert.Equal(1, r.GetInt8("EndpointType")));
        var brokers = "02 00000001" + C("h1") + "00002384" + C("r1") + "00";
        Golden.Response(ApiKey.DescribeCluster, 0, "00000000 0000 00" + C("abc") + "00000002" + brokers + "80000000 00", r =>
        {
            Assert.Equal("abc", r.GetString("ClusterId"));
            Assert.Equal(2, r.GetInt32("ControllerId"));
            var b = Assert.Single(r.GetStructs("Brokers")!);
            Assert.Equal("r1", b.GetString("Rack"));
            Assert.Equal(9092, b.GetInt32("Port"));
            Assert.Equal(int.MinValue, r.GetInt32("ClusterAuthorizedOperations"));
        });
        Golden.Response(ApiKey.DescribeCluster, 1, "00000000 0000 00 02" + C("abc") + "00000002" + brokers + "80000000 00", r =>
            Assert.Equal(2, r.GetInt8("EndpointType")));
    }

    [Fact]
    public void DescribeTopicPartitions_v0_request_with_cursor_and_response()
    {
        Golden.Request(ApiKey.DescribeTopicPartitions, 0, "02" + C("orders") + "00 000007D0 01" + C("orders") + "00000005 00 00", r =>
        {
            Assert.Equal("orders", Assert.Single(r.GetStructs("Topics")!).GetString("Name"));
            Assert.Equal(2000, r.GetInt32("ResponsePartitionLimit"));
            Assert.Equal(5, r.GetStruct("Cursor")!.GetInt32("PartitionIndex"));
        });
        var partition = "0000 00000000 00000001 00000005 03 00000001 00000002 02 00000001 00 01 01 00";
        Golden.Response(ApiKey.DescribeTopicPartitions, 0,
            "00000000 02 0000" + C("orders") + Uuid + "00 02" + partition + "80000000 00 FF 00", r =>
            {
                var t = Assert.Single(r.GetStructs("Topics")!);
                Assert.Equal(UuidValue, t.GetUuid("TopicId"));
                var p = Assert.Single(t.GetStructs("Partitions")!);
                Assert.Equal(5, p.GetInt32("LeaderEpoch"));
                Assert.Equal(new[] { 1, 2 }, p.GetArray<int>("ReplicaNodes"));
                Assert.Equal(new[] { 1 }, p.GetArray<int>("IsrNodes"));
                Assert.Null(p.GetArray<int>("EligibleLeaderReplicas"));
                Assert.Empty(p.GetArray<int>("LastKnownElr")!);
                Assert.Null(r.GetStruct("NextCursor"));
            });
    }

    [Fact]
    public void ListPartitionReassignments_v0()
    {
        Golden.Request(ApiKey.ListPartitionReassignments, 0, "0000EA60 00 00", r =>
        {
            Assert.Equal(60000, r.GetInt32("TimeoutMs"));
            Assert.Null(r.GetStructs("Topics"));
        });
        Golden.Response(ApiKey.ListPartitionReassignments, 0,
            "00000000 0000 00 02" + C("t") + "02 00000000 04 00000001 00000002 00000003 02 00000003 02 00000001 00 00 00", r =>
            {
                var p = Assert.Single(Assert.Single(r.GetStructs("Topics")!).GetStructs("Partitions")!);
                Assert.Equal(new[] { 1, 2, 3 }, p.GetArray<int>("Replicas"));
                Assert.Equal(new[] { 3 }, p.GetArray<int>("AddingReplicas"));
                Assert.Equal(new[] { 1 }, p.GetArray<int>("RemovingReplicas"));
            });
    }

    [Fact]
    public void AlterPartitionReassignments_v0_with_a_cancellation()
    {
        Golden.Request(ApiKey.AlterPartitionReassignments, 0,
            "0000EA60 02" + C("t") + "03 00000000 03 00000002 00000003 00 00000001 00 00 00 00", r =>
            {
                var parts = Assert.Single(r.GetStructs("Topics")!).GetStructs("Partitions")!;
                Assert.Equal(new[] { 2, 3 }, parts[0].GetArray<int>("Replicas"));
                Assert.Null(parts[1].GetArray<int>("Replicas"));   // null replicas cancel a reassignment
            });
        Golden.Response(ApiKey.AlterPartitionReassignments, 0,
            "00000000 0000 00 02" + C("t") + "02 00000001 0055" + C("none") + "00 00 00", r =>
            {
                var p = Assert.Single(Assert.Single(r.GetStructs("Responses")!).GetStructs("Partitions")!);
                Assert.Equal(85, p.GetInt16("ErrorCode"));
                Assert.Equal("none", p.GetString("ErrorMessage"));
            });
    }

    [Fact]
    public void ElectLeaders_v0_and_v2()
    {
        Golden.Request(ApiKey.ElectLeaders, 0, "00000001" + S("t") + "00000001 00000000 0000EA60", r =>
            Assert.Equal(new[] { 0 }, Assert.Single(r.GetStructs("TopicPartitions")!).GetArray<int>("Partitions")));
        Golden.Request(ApiKey.ElectLeaders, 2, "01 00 0000EA60 00", r =>
        {
            Assert.Equal(1, r.GetInt8("ElectionType"));
            Assert.Null(r.GetStructs("TopicPartitions"));
        });
        Golden.Response(ApiKey.ElectLeaders, 0, "00000000 00000001" + S("t") + "00000001 00000000 0054 FFFF", r =>
        {
            var p = Assert.Single(Assert.Single(r.GetStructs("ReplicaElectionResults")!).GetStructs("PartitionResult")!);
            Assert.Equal(84, p.GetInt16("ErrorCode"));
            Assert.Null(p.GetString("ErrorMessage"));
        });
        Golden.Response(ApiKey.ElectLeaders, 2, "00000000 0000 02" + C("t") + "02 00000000 0000 00 00 00 00", r =>
            Assert.Equal(0, Assert.Single(r.GetStructs("ReplicaElectionResults")!).GetStructs("PartitionResult")![0].GetInt32("PartitionId")));
    }

    [Fact]
    public void DescribeConfigs_v0_and_v4()
    {
        Golden.Request(ApiKey.DescribeConfigs, 0, "00000001 02" + S("t") + "FFFFFFFF", r =>
            Assert.Null(Assert.Single(r.GetStructs("Resources")!).GetArray<string>("ConfigurationKeys")));
        Golden.Request(ApiKey.DescribeConfigs, 4, "02 02" + C("t") + "02" + C("retention.ms") + "00 01 00 00", r =>
        {
            Assert.Equal(new[] { "retention.ms" }, Assert.Single(r.GetStructs("Resources")!).GetArray<string>("ConfigurationKeys"));
            Assert.True(r.GetBool("IncludeSynonyms"));
        });
        Golden.Response(ApiKey.DescribeConfigs, 0,
            "00000000 00000001 0000 FFFF 02" + S("t") + "00000001" + S("retention.ms") + S("1000") + "00 01 00", r =>
            {
                var c = Assert.Single(Assert.Single(r.GetStructs("Results")!).GetStructs("Configs")!);
                Assert.Equal("1000", c.GetString("Value"));
                Assert.True(c.GetBool("IsDefault"));
                Assert.Equal(-1, c.GetInt8("ConfigSource"));
            });
        Golden.Response(ApiKey.DescribeConfigs, 4,
            "00000000 02 0000 00 02" + C("t") + "02" + C("retention.ms") + C("1000") + "00 01 00 02" + C("retention.ms") + C("1000") + "01 00 05 00 00 00 00", r =>
            {
                var c = Assert.Single(Assert.Single(r.GetStructs("Results")!).GetStructs("Configs")!);
                Assert.Equal(1, c.GetInt8("ConfigSource"));
                Assert.Equal(5, c.GetInt8("ConfigType"));
                Assert.Null(c.GetString("Documentation"));
                Assert.Equal(1, Assert.Single(c.GetStructs("Synonyms")!).GetInt8("Source"));
            });
    }

    [Fact]
    public void IncrementalAlterConfigs_v0_and_v1()
    {
        const string rate = "leader.replication.throttled.rate";
        Golden.Request(ApiKey.IncrementalAlterConfigs, 0, "00000001 04" + S("1") + "00000001" + S(rate) + "00" + S("1000") + "00", r =>
        {
            var res = Assert.Single(r.GetStructs("Resources")!);
            Assert.Equal(4, res.GetInt8("ResourceType"));
            Assert.Equal("1000", Assert.Single(res.GetStructs("Configs")!).GetString("Value"));
        });
        Golden.Request(ApiKey.IncrementalAlterConfigs, 1, "02 04" + C("1") + "02" + C(rate) + "01 00 00 00 01 00", r =>
        {
            var config = Assert.Single(Assert.Single(r.GetStructs("Resources")!).GetStructs("Configs")!);
            Assert.Equal(1, config.GetInt8("ConfigOperation"));
            Assert.Null(config.GetString("Value"));
            Assert.True(r.GetBool("ValidateOnly"));
        });
        Golden.Response(ApiKey.IncrementalAlterConfigs, 0, "00000000 00000001 0028" + S("bad") + "04" + S("1"), r =>
            Assert.Equal(40, Assert.Single(r.GetStructs("Responses")!).GetInt16("ErrorCode")));
        Golden.Response(ApiKey.IncrementalAlterConfigs, 1, "00000000 02 0000 00 04" + C("1") + "00 00", r =>
            Assert.Equal("1", Assert.Single(r.GetStructs("Responses")!).GetString("ResourceName")));
    }

    [Fact]
    public void DescribeLogDirs_v0_and_v4()
    {
        Golden.Request(ApiKey.DescribeLogDirs, 0, "FFFFFFFF", r => Assert.Null(r.GetStructs("Topics")));
        Golden.Request(ApiKey.DescribeLogDirs, 2, "02" + C("t") + "02 00000000 00 00", r =>
            Assert.Equal(new[] { 0 }, Assert.Single(r.GetStructs("Topics")!).GetArray<int>("Partitions")));
        Golden.Response(ApiKey.DescribeLogDirs, 0,
            "00000000 00000001 0000" + S("/data") + "00000001" + S("t") + "00000001 00000000 0000000000000400 0000000000000000 00", r =>
            {
                var dir = Assert.Single(r.GetStructs("Results")!);
                Assert.Equal("/data", dir.GetString("LogDir"));
                Assert.Equal(1024, Assert.Single(Assert.Single(dir.GetStructs("Topics")!).GetStructs("Partitions")!).GetInt64("PartitionSize"));
                Assert.Equal(-1, dir.GetInt64("TotalBytes"));
            });
        Golden.Response(ApiKey.DescribeLogDirs, 4,
            "00000000 0000 02 0000" + C("/data") + "02" + C("t") + "02 00000000 0000000000000400 0000000000000000 00 00 00 0000000000100000 0000000000080000 00 00", r =>
            {
                var dir = Assert.Single(r.GetStructs("Results")!);
                Assert.Equal(0x100000, dir.GetInt64("TotalBytes"));
                Assert.Equal(0x80000, dir.GetInt64("UsableBytes"));
            });
    }

    [Fact]
    public void DescribeQuorum_v0_and_v2()
    {
        const string topic = "__cluster_metadata";
        Golden.Request(ApiKey.DescribeQuorum, 0, "02" + C(topic) + "02 00000000 00 00 00", r =>
            Assert.Equal(topic, Assert.Single(r.GetStructs("Topics")!).GetString("TopicName")));
        Golden.Response(ApiKey.DescribeQuorum, 0,
            "0000 02" + C(topic) + "02 00000000 0000 00000001 00000003 0000000000000064 02 00000001 0000000000000064 00 01 00 00 00", r =>
            {
                var p = Assert.Single(Assert.Single(r.GetStructs("Topics")!).GetStructs("Partitions")!);
                Assert.Equal(1, p.GetInt32("LeaderId"));
                Assert.Equal(100, p.GetInt64("HighWatermark"));
                var voter = Assert.Single(p.GetStructs("CurrentVoters")!);
                Assert.Equal(-1, voter.GetInt64("LastFetchTimestamp"));
            });
        var voterV2 = "00000001" + Uuid + "0000000000000064 0000000000000010 0000000000000011 00";
        Golden.Response(ApiKey.DescribeQuorum, 2,
            "0000 00 02" + C(topic) + "02 00000000 0000 00 00000001 00000003 0000000000000064 02" + voterV2 + "01 00 00" +
            "02 00000001 02" + C("CONTROLLER") + C("h") + "2384 00 00 00", r =>
            {
                var voter = Assert.Single(Assert.Single(Assert.Single(r.GetStructs("Topics")!).GetStructs("Partitions")!).GetStructs("CurrentVoters")!);
                Assert.Equal(UuidValue, voter.GetUuid("ReplicaDirectoryId"));
                Assert.Equal(0x11, voter.GetInt64("LastCaughtUpTimestamp"));
                var listener = Assert.Single(Assert.Single(r.GetStructs("Nodes")!).GetStructs("Listeners")!);
                Assert.Equal(9092, listener.GetUInt16("Port"));
                Assert.Equal("CONTROLLER", listener.GetString("Name"));
            });
    }

    [Fact]
    public void AddRaftVoter_and_RemoveRaftVoter_v0()
    {
        Golden.Request(ApiKey.AddRaftVoter, 0, C("abc") + "0000EA60 00000004" + Uuid + "02" + C("CONTROLLER") + C("h") + "2385 00 00", r =>
        {
            Assert.Equal(4, r.GetInt32("VoterId"));
            Assert.Equal(UuidValue, r.GetUuid("VoterDirectoryId"));
            Assert.Equal(9093, Assert.Single(r.GetStructs("Listeners")!).GetUInt16("Port"));
        });
        Golden.Response(ApiKey.AddRaftVoter, 0, "00000000 0000 00 00", r => Assert.Null(r.GetString("ErrorMessage")));
        Golden.Request(ApiKey.RemoveRaftVoter, 0, "00 00000004" + Uuid + "00", r =>
        {
            Assert.Null(r.GetString("ClusterId"));
            Assert.Equal(4, r.GetInt32("VoterId"));
        });
        Golden.Response(ApiKey.RemoveRaftVoter, 0, "00000000 007F" + C("not a voter") + "00", r =>
            Assert.Equal(127, r.GetInt16("ErrorCode")));
    }

    [Fact]
    public void UpdateFeatures_v0_v1_v2()
    {
        const string mv = "metadata.version";
        Golden.Request(ApiKey.UpdateFeatures, 0, "0000EA60 02" + C(mv) + "0015 00 00 00", r =>
        {
            var u = Assert.Single(r.GetStructs("FeatureUpdates")!);
            Assert.Equal(21, u.GetInt16("MaxVersionLevel"));
            Assert.False(u.GetBool("AllowDowngrade"));
        });
        Golden.Request(ApiKey.UpdateFeatures, 1, "0000EA60 02" + C(mv) + "0015 01 00 01 00", r =>
        {
            Assert.Equal(1, Assert.Single(r.GetStructs("FeatureUpdates")!).GetInt8("UpgradeType"));
            Assert.True(r.GetBool("ValidateOnly"));
        });
        Golden.Response(ApiKey.UpdateFeatures, 0, "00000000 0000 00 02" + C(mv) + "005F" + C("x") + "00 00", r =>
            Assert.Equal(95, Assert.Single(r.GetStructs("Results")!).GetInt16("ErrorCode")));
        Golden.Response(ApiKey.UpdateFeatures, 2, "00000000 005F" + C("x") + "00", r => Assert.Equal(95, r.GetInt16("ErrorCode")));
    }

    [Fact]
    public void UnregisterBroker_v0()
    {
        Golden.Request(ApiKey.UnregisterBroker, 0, "00000003 00", r => Assert.Equal(3, r.GetInt32("BrokerId")));
        Golden.Response(ApiKey.UnregisterBroker, 0, "00000000 0066 00 00", r => Assert.Equal(102, r.GetInt16("ErrorCode")));
    }

    [Fact]
    public void ListGroups_v0_and_v5()
    {
        Golden.Request(ApiKey.ListGroups, 0, "");
        Golden.Request(ApiKey.ListGroups, 4, "02" + C("Stable") + "00", r => Assert.Equal(new[] { "Stable" }, r.GetArray<string>("StatesFilter")));
        Golden.Request(ApiKey.ListGroups, 5, "01 02" + C("consumer") + "00", r => Assert.Equal(new[] { "consumer" }, r.GetArray<string>("TypesFilter")));
        Golden.Response(ApiKey.ListGroups, 0, "0000 00000001" + S("g") + S("consumer"), r =>
            Assert.Equal("consumer", Assert.Single(r.GetStructs("Groups")!).GetString("ProtocolType")));
        Golden.Response(ApiKey.ListGroups, 5, "00000000 0000 02" + C("g") + C("consumer") + C("Stable") + C("classic") + "00 00", r =>
        {
            var g = Assert.Single(r.GetStructs("Groups")!);
            Assert.Equal("Stable", g.GetString("GroupState"));
            Assert.Equal("classic", g.GetString("GroupType"));
        });
    }

    [Fact]
    public void DescribeGroups_v0_and_v5()
    {
        Golden.Request(ApiKey.DescribeGroups, 0, "00000001" + S("g"), r => Assert.Equal(new[] { "g" }, r.GetArray<string>("Groups")));
        Golden.Request(ApiKey.DescribeGroups, 5, "02" + C("g") + "01 00", r => Assert.True(r.GetBool("IncludeAuthorizedOperations")));
        Golden.Response(ApiKey.DescribeGroups, 0,
            "00000001 0000" + S("g") + S("Stable") + S("consumer") + S("range") + "00000001" + S("m") + S("c") + S("/h") + "00000001 AA 00000000", r =>
            {
                var m = Assert.Single(Assert.Single(r.GetStructs("Groups")!).GetStructs("Members")!);
                Assert.Equal(new byte[] { 0xAA }, m.GetBytes("MemberMetadata"));
                Assert.Empty(m.GetBytes("MemberAssignment")!);
                Assert.Null(m.GetString("GroupInstanceId"));
            });
        Golden.Response(ApiKey.DescribeGroups, 5,
            "00000000 02 0000" + C("g") + C("Stable") + C("consumer") + C("range") + "02" + C("m") + C("i") + C("c") + C("/h") + "02 AA 01 00 00000008 00 00", r =>
            {
                var g = Assert.Single(r.GetStructs("Groups")!);
                Assert.Equal(8, g.GetInt32("AuthorizedOperations"));
                Assert.Equal("i", Assert.Single(g.GetStructs("Members")!).GetString("GroupInstanceId"));
            });
    }

    [Fact]
    public void OffsetFetch_v1_v8_v9()
    {
        Golden.Request(ApiKey.OffsetFetch, 1, S("g") + "00000001" + S("t") + "00000001 00000000", r =>
        {
            Assert.Equal("g", r.GetString("GroupId"));
            Assert.Equal(new[] { 0 }, Assert.Single(r.GetStructs("Topics")!).GetArray<int>("PartitionIndexes"));
        });
        Golden.Request(ApiKey.OffsetFetch, 8, "02" + C("g") + "00 00 01 00", r =>
        {
            Assert.Null(Assert.Single(r.GetStructs("Groups")!).GetStructs("Topics"));
            Assert.True(r.GetBool("RequireStable"));
        });
        Golden.Request(ApiKey.OffsetFetch, 9, "02" + C("g") + C("member") + "00000007 00 00 00 00", r =>
        {
            var g = Assert.Single(r.GetStructs("Groups")!);
            Assert.Equal("member", g.GetString("MemberId"));
            Assert.Equal(7, g.GetInt32("MemberEpoch"));
        });
        Golden.Response(ApiKey.OffsetFetch, 1, "00000001" + S("t") + "00000001 00000000 000000000000002A 0000 0000", r =>
            Assert.Equal(42, Assert.Single(Assert.Single(r.GetStructs("Topics")!).GetStructs("Partitions")!).GetInt64("CommittedOffset")));
        Golden.Response(ApiKey.OffsetFetch, 8,
            "00000000 02" + C("g") + "02" + C("t") + "02 00000000 000000000000002A FFFFFFFF 00 0000 00 00 0000 00 00", r =>
            {
                var p = Assert.Single(Assert.Single(Assert.Single(r.GetStructs("Groups")!).GetStructs("Topics")!).GetStructs("Partitions")!);
                Assert.Equal(-1, p.GetInt32("CommittedLeaderEpoch"));
                Assert.Null(p.GetString("Metadata"));
            });
    }

    [Fact]
    public void ListOffsets_v0_and_v6()
    {
        Golden.Request(ApiKey.ListOffsets, 0, "FFFFFFFF 00000001" + S("t") + "00000001 00000000 FFFFFFFFFFFFFFFF 00000001", r =>
        {
            Assert.Equal(-1, r.GetInt32("ReplicaId"));
            var p = Assert.Single(Assert.Single(r.GetStructs("Topics")!).GetStructs("Partitions")!);
            Assert.Equal(-1, p.GetInt64("Timestamp"));
            Assert.Equal(1, p.GetInt32("MaxNumOffsets"));
        });
        Golden.Request(ApiKey.ListOffsets, 6, "FFFFFFFF 01 02" + C("t") + "02 00000000 00000003 FFFFFFFFFFFFFFFE 00 00 00", r =>
        {
            Assert.Equal(1, r.GetInt8("IsolationLevel"));
            Assert.Equal(-2, Assert.Single(Assert.Single(r.GetStructs("Topics")!).GetStructs("Partitions")!).GetInt64("Timestamp"));
        });
        Golden.Response(ApiKey.ListOffsets, 0, "00000001" + S("t") + "00000001 00000000 0000 00000001 000000000000002A", r =>
            Assert.Equal(new[] { 42L }, Assert.Single(Assert.Single(r.GetStructs("Topics")!).GetStructs("Partitions")!).GetArray<long>("OldStyleOffsets")));
        Golden.Response(ApiKey.ListOffsets, 6,
            "00000000 02" + C("t") + "02 00000000 0000 FFFFFFFFFFFFFFFF 000000000000002A 00000004 00 00 00", r =>
            {
                var p = Assert.Single(Assert.Single(r.GetStructs("Topics")!).GetStructs("Partitions")!);
                Assert.Equal(42, p.GetInt64("Offset"));
                Assert.Equal(4, p.GetInt32("LeaderEpoch"));
            });
    }

    [Fact]
    public void FindCoordinator_v0_v3_v4()
    {
        Golden.Request(ApiKey.FindCoordinator, 0, S("g"), r => Assert.Equal("g", r.GetString("Key")));
        Golden.Request(ApiKey.FindCoordinator, 3, C("g") + "01 00", r => Assert.Equal(1, r.GetInt8("KeyType")));
        Golden.Request(ApiKey.FindCoordinator, 4, "00 02" + C("g") + "00", r => Assert.Equal(new[] { "g" }, r.GetArray<string>("CoordinatorKeys")));
        Golden.Response(ApiKey.FindCoordinator, 0, "0000 00000001" + S("h") + "00002384", r => Assert.Equal("h", r.GetString("Host")));
        Golden.Response(ApiKey.FindCoordinator, 3, "00000000 000F 00 FFFFFFFF" + C("") + "FFFFFFFF 00", r =>
            Assert.Equal(15, r.GetInt16("ErrorCode")));
        Golden.Response(ApiKey.FindCoordinator, 4, "00000000 02" + C("g") + "00000001" + C("h") + "00002384 0000 00 00 00", r =>
        {
            var c = Assert.Single(r.GetStructs("Coordinators")!);
            Assert.Equal("g", c.GetString("Key"));
            Assert.Equal(9092, c.GetInt32("Port"));
        });
    }

    [Fact]
    public void SaslHandshake_v1_and_SaslAuthenticate_v0_v2()
    {
        Golden.Request(ApiKey.SaslHandshake, 1, S("PLAIN"), r => Assert.Equal("PLAIN", r.GetString("Mechanism")));
        Golden.Response(ApiKey.SaslHandshake, 1, "0021 00000002" + S("PLAIN") + S("SCRAM-SHA-256"), r =>
        {
            Assert.Equal(33, r.GetInt16("ErrorCode"));
            Assert.Equal(new[] { "PLAIN", "SCRAM-SHA-256" }, r.GetArray<string>("Mechanisms"));
        });
        Golden.Request(ApiKey.SaslAuthenticate, 0, "00000003 010203", r => Assert.Equal(new byte[] { 1, 2, 3 }, r.GetBytes("AuthBytes")));
        Golden.Request(ApiKey.SaslAuthenticate, 2, "04 010203 00");
        Golden.Response(ApiKey.SaslAuthenticate, 1, "0000 FFFF 00000000 000000000036EE80", r =>
            Assert.Equal(3_600_000, r.GetInt64("SessionLifetimeMs")));
        Golden.Response(ApiKey.SaslAuthenticate, 2, "003A" + C("bad") + "01 0000000000000000 00", r =>
            Assert.Equal(58, r.GetInt16("ErrorCode")));
    }

    [Fact]
    public void Kafka_error_table_names_and_retriability()
    {
        Assert.Equal("NONE", Errors.KafkaErrors.NameOf(0));
        Assert.Equal("UNKNOWN_TOPIC_OR_PARTITION", Errors.KafkaErrors.NameOf(3));
        Assert.True(Errors.KafkaErrors.IsRetriable(3));
        Assert.True(Errors.KafkaErrors.IsRetriable(6));    // NOT_LEADER_OR_FOLLOWER
        Assert.True(Errors.KafkaErrors.IsRetriable(7));    // REQUEST_TIMED_OUT
        Assert.True(Errors.KafkaErrors.IsRetriable(41));   // NOT_CONTROLLER
        Assert.False(Errors.KafkaErrors.IsRetriable(35));  // UNSUPPORTED_VERSION
        Assert.Equal("NO_REASSIGNMENT_IN_PROGRESS", Errors.KafkaErrors.NameOf(85));
        Assert.Equal("INVALID_UPDATE_VERSION", Errors.KafkaErrors.NameOf(95));
        Assert.Equal("UNKNOWN_SERVER_ERROR", Errors.KafkaErrors.NameOf(-1));
        Assert.Equal((short)41, (short)Errors.KafkaErrorCode.NotController);
        Assert.Equal(Errors.KafkaErrors.All.Count, Errors.KafkaErrors.All.Select(e => e.Code).Distinct().Count());
        Assert.StartsWith("UNKNOWN_ERROR_CODE_", Errors.KafkaErrors.NameOf(9999), StringComparison.Ordinal);
        var response = KafkaApis.Get(ApiKey.ListPartitionReassignments).NewResponse().Set("ErrorCode", 41);
        var error = Errors.KafkaStructErrors.Error(response);
        Assert.Equal("NOT_CONTROLLER", error.Name);
        Assert.True(error.Retriable);
    }

    [Fact]
    public void Kafka_4_versions_golden()
    {
        // Metadata v13: the top-level ErrorCode after the topics (KIP-1102).
        Golden.Response(ApiKey.Metadata, 13, "00000000 01 00 FFFFFFFF 01 0081 00", r => Assert.Equal(129, r.GetInt16("ErrorCode")));

        // DescribeGroups v6: ErrorMessage right after ErrorCode (KIP-1043).
        Golden.Response(ApiKey.DescribeGroups, 6,
            "00000000 02 0045" + C("not found") + C("g") + C("Dead") + C("") + C("") + "01 80000000 00 00", r =>
            {
                var g = Assert.Single(r.GetStructs("Groups")!);
                Assert.Equal(69, g.GetInt16("ErrorCode"));
                Assert.Equal("not found", g.GetString("ErrorMessage"));
            });

        // DescribeCluster v2: IncludeFencedBrokers and IsFenced (KIP-1073).
        Golden.Request(ApiKey.DescribeCluster, 2, "00 01 01 00", r => Assert.True(r.GetBool("IncludeFencedBrokers")));
        Golden.Response(ApiKey.DescribeCluster, 2,
            "00000000 0000 00 01" + C("abc") + "00000001 02 00000003" + C("h3") + "00002384 00 01 00 80000000 00", r =>
                Assert.True(Assert.Single(r.GetStructs("Brokers")!).GetBool("IsFenced")));

        // AddRaftVoter v1: AckWhenCommitted after the listeners; v0 cannot carry false.
        Golden.Request(ApiKey.AddRaftVoter, 1, "00 0000EA60 00000004" + Uuid + "01 00 00", r => Assert.False(r.GetBool("AckWhenCommitted")));
        var noAck = KafkaApis.Get(ApiKey.AddRaftVoter).NewRequest().Set("AckWhenCommitted", false);
        Assert.Throws<KafkaUnsupportedVersionException>(() => KafkaMessages.EncodeBody(KafkaApis.Get(ApiKey.AddRaftVoter), 0, noAck));

        // AlterPartitionReassignments v1: AllowReplicationFactorChange in both directions (KIP-860).
        Golden.Request(ApiKey.AlterPartitionReassignments, 1, "0000EA60 00 01 00", r => Assert.False(r.GetBool("AllowReplicationFactorChange")));
        Golden.Response(ApiKey.AlterPartitionReassignments, 1, "00000000 01 0000 00 01 00", r => Assert.True(r.GetBool("AllowReplicationFactorChange")));

        // OffsetFetch v10: topics by id (KIP-848), names no longer on the wire.
        Golden.Request(ApiKey.OffsetFetch, 10, "02" + C("g") + "00 FFFFFFFF 02" + Uuid + "02 00000000 00 00 00 00", r =>
        {
            var t = Assert.Single(Assert.Single(r.GetStructs("Groups")!).GetStructs("Topics")!);
            Assert.Equal(UuidValue, t.GetUuid("TopicId"));
            Assert.Equal("", t.GetString("Name"));
        });
        Golden.Response(ApiKey.OffsetFetch, 10,
            "00000000 02" + C("g") + "02" + Uuid + "02 00000000 000000000000002A FFFFFFFF 00 0000 00 00 0000 00 00", r =>
                Assert.Equal(UuidValue, Assert.Single(Assert.Single(r.GetStructs("Groups")!).GetStructs("Topics")!).GetUuid("TopicId")));

        // DescribeLogDirs v5: IsCordoned after UsableBytes (KIP-1066).
        Golden.Response(ApiKey.DescribeLogDirs, 5,
            "00000000 0000 02 0000" + C("/data") + "01 0000000000100000 0000000000080000 01 00 00", r =>
                Assert.True(Assert.Single(r.GetStructs("Results")!).GetBool("IsCordoned")));
    }
}
