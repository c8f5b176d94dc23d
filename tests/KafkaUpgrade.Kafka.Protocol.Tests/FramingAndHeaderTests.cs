using KafkaUpgrade.Kafka.Protocol.Primitives;
using static KafkaUpgrade.Kafka.Protocol.Tests.TestData;

namespace KafkaUpgrade.Kafka.Protocol.Tests;

public sealed class FramingAndHeaderTests
{
    [Fact]
    public void Request_header_v1_has_classic_client_id_and_no_tags()
    {
        var w = new KafkaWriter();
        new RequestHeader(3, 1, 7, "c").Write(w, 1);
        Assert.Equal("0003" + "0001" + "00000007" + "000163", ToHex(w.WrittenSpan));
        var h = RequestHeader.Read(new KafkaReader(w.ToArray()), out var hv);
        Assert.Equal(1, hv);
        Assert.Equal(new RequestHeader(3, 1, 7, "c"), h with { TaggedFields = [] });
    }

    [Fact]
    public void Request_header_v2_keeps_a_classic_client_id_then_tags()
    {
        var w = new KafkaWriter();
        new RequestHeader(18, 3, 7, null).Write(w, 2);
        Assert.Equal("0012" + "0003" + "00000007" + "FFFF" + "00", ToHex(w.WrittenSpan));
        var h = RequestHeader.Read(new KafkaReader(w.ToArray()), out var hv);
        Assert.Equal(2, hv);
        Assert.Null(h.ClientId);
        Assert.Equal(7, h.CorrelationId);
    }

    [Fact]
    public void Request_header_version_follows_flexible_versions_even_above_the_valid_range()
    {
        Assert.Equal(1, KafkaApis.ApiVersions.RequestHeaderVersion(2));
        Assert.Equal(2, KafkaApis.ApiVersions.RequestHeaderVersion(3));
        Assert.Equal(2, KafkaApis.ApiVersions.RequestHeaderVersion(99));
        Assert.Equal(1, KafkaApis.Metadata.RequestHeaderVersion(8));
        Assert.Equal(2, KafkaApis.Metadata.RequestHeaderVersion(9));
        Assert.Equal(1, KafkaApis.Get(ApiKey.SaslHandshake).RequestHeaderVersion(1));
    }

    [Fact]
    public void Response_header_v1_only_for_flexible_versions_and_never_for_api_versions()
    {
        Assert.Equal(0, KafkaApis.Metadata.ResponseHeaderVersion(8));
        Assert.Equal(1, KafkaApis.Metadata.ResponseHeaderVersion(12));
        Assert.Equal(0, KafkaApis.ApiVersions.ResponseHeaderVersion(3));
        Assert.Equal(0, KafkaApis.ApiVersions.ResponseHeaderVersion(4));
        Assert.Equal(1, KafkaApis.Get(ApiKey.DescribeCluster).ResponseHeaderVersion(0));
        Assert.Equal(0, KafkaApis.Get(ApiKey.SaslHandshake).ResponseHeaderVersion(1));
    }

    [Fact]
    public void Response_header_v1_carries_tags()
    {
        var w = new KafkaWriter();
        new ResponseHeader(9).Write(w, 1);
        Assert.Equal("00000009" + "00", ToHex(w.WrittenSpan));
        var withTag = Hex("00000009 01 05 02 AABB");
        var h = ResponseHeader.Read(new KafkaReader(withTag), 1);
        Assert.Equal(9, h.CorrelationId);
        Assert.Equal(5, Assert.Single(h.TaggedFields).Tag);
    }

    [Fact]
    public void Encoded_request_frame_is_size_header_body()
    {
        var frame = KafkaMessages.EncodeRequestFrame(ApiKey.ApiVersions, 0, 1, "x", KafkaApis.ApiVersions.NewRequest());
        Assert.Equal("0000000B" + "0012" + "0000" + "00000001" + "000178", ToHex(frame));
        var decoded = KafkaMessages.DecodeRequest(frame.AsMemory(4));
        Assert.Equal(ApiKey.ApiVersions, decoded.Api.Key);
        Assert.Equal("x", decoded.Header.ClientId);
    }

    [Fact]
    public async Task Frame_reader_returns_payload_then_null_at_clean_end()
    {
        using var stream = new MemoryStream([.. Hex("00000002 AABB"), .. Hex("00000000")]);
        Assert.Equal(Hex("AABB"), await KafkaFrame.ReadAsync(stream));
        Assert.Empty((await KafkaFrame.ReadAsync(stream))!);
        Assert.Null(await KafkaFrame.ReadAsync(stream));
    }

    [Fact]
    public async Task Frame_over_the_maximum_fails_before_reading_it()
    {
        using var stream = new MemoryStream(Hex("06400001"));
        var e = await Assert.ThrowsAsync<KafkaProtocolException>(async () => await KafkaFrame.ReadAsync(stream));
        Assert.Contains("104857600", e.Message, StringComparison.Ordinal);
        using var small = new MemoryStream(Hex("00000011"));
        await Assert.ThrowsAsync<KafkaProtocolException>(async () => await KafkaFrame.ReadAsync(small, maxFrameSize: 16));
        using var negative = new MemoryStream(Hex("80000000"));
        await Assert.ThrowsAsync<KafkaProtocolException>(async () => await KafkaFrame.ReadAsync(negative));
    }

    [Fact]
    public async Task Frame_cut_mid_way_fails_and_does_not_allocate_the_announced_size()
    {
        using var stream = new MemoryStream(Hex("05000000 0102"));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = await Assert.ThrowsAsync<KafkaProtocolException>(async () => await KafkaFrame.ReadAsync(stream));
        Assert.Contains("mid-frame", e.Message, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 10_000_000);
        using var shortSize = new MemoryStream(Hex("0000"));
        await Assert.ThrowsAsync<KafkaProtocolException>(async () => await KafkaFrame.ReadAsync(shortSize));
    }

    [Fact]
    public void Frame_length_check_on_buffers()
    {
        Assert.False(KafkaFrame.TryGetFrameLength(Hex("000000"), 100, out _));
        Assert.False(KafkaFrame.TryGetFrameLength(Hex("00000003 0102"), 100, out var partial));
        Assert.Equal(3, partial);
        Assert.True(KafkaFrame.TryGetFrameLength(Hex("00000003 010203"), 100, out var full));
        Assert.Equal(3, full);
        Assert.Throws<KafkaProtocolException>(() => KafkaFrame.TryGetFrameLength(Hex("00000065"), 100, out _));
    }

    [Fact]
    public void Unknown_api_key_is_refused_after_reading_the_header()
    {
        var w = new KafkaWriter();
        new RequestHeader(999, 0, 42, "c").Write(w, 1);
        var header = KafkaMessages.ReadRequestHeader(w.ToArray(), out _);
        Assert.Equal(42, header.CorrelationId);
        Assert.Throws<KafkaUnsupportedVersionException>(() => KafkaMessages.DecodeRequest(w.ToArray()));
    }

    [Fact]
    public void Unsupported_version_header_still_reads_for_api_versions()
    {
        var w = new KafkaWriter();
        new RequestHeader(18, 9, 5, "c").Write(w, 2);
        w.WriteUnsignedVarint(0);
        var header = KafkaMessages.ReadRequestHeader(w.ToArray(), out _);
        Assert.Equal(5, header.CorrelationId);
        var e = Assert.Throws<KafkaUnsupportedVersionException>(() => KafkaMessages.DecodeRequest(w.ToArray()));
        Assert.Contains("ApiVersions", e.Message, StringComparison.Ordinal);
    }
}
