using KafkaUpgrade.Kafka.Protocol.Primitives;
using static KafkaUpgrade.Kafka.Protocol.Tests.TestData;

namespace KafkaUpgrade.Kafka.Protocol.Tests;

public sealed class PrimitivesTests
{
    [Theory]
    [InlineData(0u, "00")]
    [InlineData(1u, "01")]
    [InlineData(127u, "7F")]
    [InlineData(128u, "8001")]
    [InlineData(300u, "AC02")]
    [InlineData(uint.MaxValue, "FFFFFFFF0F")]
    public void Unsigned_varint_encodes_as_leb128(uint value, string hex)
    {
        var w = new KafkaWriter();
        w.WriteUnsignedVarint(value);
        Assert.Equal(hex, ToHex(w.WrittenSpan));
        Assert.Equal(value, new KafkaReader(Hex(hex)).ReadUnsignedVarint());
        Assert.Equal(hex.Length / 2, KafkaWriter.UnsignedVarintSize(value));
    }

    [Theory]
    [InlineData(0, "00")]
    [InlineData(-1, "01")]
    [InlineData(1, "02")]
    [InlineData(-64, "7F")]
    [InlineData(64, "8001")]
    [InlineData(int.MinValue, "FFFFFFFF0F")]
    [InlineData(int.MaxValue, "FEFFFFFF0F")]
    public void Varint_is_zig_zag(int value, string hex)
    {
        var w = new KafkaWriter();
        w.WriteVarint(value);
        Assert.Equal(hex, ToHex(w.WrittenSpan));
        Assert.Equal(value, new KafkaReader(Hex(hex)).ReadVarint());
    }

    [Theory]
    [InlineData(0L, "00")]
    [InlineData(-1L, "01")]
    [InlineData(long.MinValue, "FFFFFFFFFFFFFFFFFF01")]
    [InlineData(long.MaxValue, "FEFFFFFFFFFFFFFFFF01")]
    public void Varlong_is_zig_zag(long value, string hex)
    {
        var w = new KafkaWriter();
        w.WriteVarlong(value);
        Assert.Equal(hex, ToHex(w.WrittenSpan));
        Assert.Equal(value, new KafkaReader(Hex(hex)).ReadVarlong());
    }

    [Fact]
    public void Overlong_varint_fails_with_offset()
    {
        var e = Assert.Throws<KafkaProtocolException>(() => new KafkaReader(Hex("FFFFFFFFFF01")).ReadUnsignedVarint("X.Y"));
        Assert.Equal("X.Y", e.Field);
        Assert.Equal(0, e.Offset);
    }

    [Fact]
    public void Integers_are_big_endian()
    {
        var w = new KafkaWriter();
        w.WriteInt8(-2);
        w.WriteInt16(0x0102);
        w.WriteUInt16(0xFFFE);
        w.WriteInt32(0x01020304);
        w.WriteUInt32(0xFFFFFFFE);
        w.WriteInt64(0x0102030405060708);
        w.WriteFloat64(1.5);
        w.WriteBool(true);
        Assert.Equal("FE0102FFFE01020304FFFFFFFE01020304050607083FF800000000000001", ToHex(w.WrittenSpan));
        var r = new KafkaReader(w.ToArray());
        Assert.Equal(-2, r.ReadInt8());
        Assert.Equal(0x0102, r.ReadInt16());
        Assert.Equal(0xFFFE, r.ReadUInt16());
        Assert.Equal(0x01020304, r.ReadInt32());
        Assert.Equal(0xFFFFFFFE, r.ReadUInt32());
        Assert.Equal(0x0102030405060708, r.ReadInt64());
        Assert.Equal(1.5, r.ReadFloat64());
        Assert.True(r.ReadBool());
        Assert.Equal(0, r.Remaining);
    }

    [Fact]
    public void Uuid_is_most_significant_byte_first()
    {
        var bytes = Hex("00112233445566778899AABBCCDDEEFF");
        var guid = new KafkaReader(bytes).ReadUuid();
        Assert.Equal(Guid.Parse("00112233-4455-6677-8899-aabbccddeeff"), guid);
        var w = new KafkaWriter();
        w.WriteUuid(guid);
        Assert.Equal(bytes, w.ToArray());
    }

    [Fact]
    public void Strings_classic_and_compact()
    {
        var w = new KafkaWriter();
        w.WriteNullableString("ab");
        w.WriteNullableString(null);
        w.WriteCompactNullableString("ab");
        w.WriteCompactNullableString(null);
        w.WriteCompactNullableString("");
        Assert.Equal("00026162" + "FFFF" + "036162" + "00" + "01", ToHex(w.WrittenSpan));
        var r = new KafkaReader(w.ToArray());
        Assert.Equal("ab", r.ReadString());
        Assert.Null(r.ReadNullableString());
        Assert.Equal("ab", r.ReadCompactString());
        Assert.Null(r.ReadCompactNullableString());
        Assert.Equal("", r.ReadCompactString());
    }

    [Fact]
    public void Bytes_classic_and_compact()
    {
        var w = new KafkaWriter();
        w.WriteNullableBytes([1, 2], isNull: false);
        w.WriteNullableBytes([], isNull: true);
        w.WriteCompactNullableBytes([3], isNull: false);
        w.WriteCompactNullableBytes([], isNull: true);
        Assert.Equal("000000020102" + "FFFFFFFF" + "0203" + "00", ToHex(w.WrittenSpan));
        var r = new KafkaReader(w.ToArray());
        Assert.Equal(new byte[] { 1, 2 }, r.ReadBytes());
        Assert.Null(r.ReadNullableBytes());
        Assert.Equal(new byte[] { 3 }, r.ReadCompactBytes());
        Assert.Null(r.ReadCompactNullableBytes());
    }

    [Theory]
    [InlineData("80000000", "bytes length")]       // int32 length 2^31 read as negative
    [InlineData("7FFFFFFF00", "exceeds")]          // 2^31-1 with one byte left
    public void Huge_or_negative_bytes_length_fails_before_allocating(string hex, string expected)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<KafkaProtocolException>(() => new KafkaReader(Hex(hex)).ReadNullableBytes("Msg.Data"));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Equal("Msg.Data", e.Field);
        Assert.True(allocated < 1_000_000, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Compact_length_of_two_to_the_31_fails_before_allocating()
    {
        // unsigned varint 2^31 + 1 (length 2^31) followed by nothing.
        var w = new KafkaWriter();
        w.WriteUnsignedVarint(0x80000001);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<KafkaProtocolException>(() => new KafkaReader(w.ToArray()).ReadCompactNullableBytes("Msg.Data"));
        Assert.Throws<KafkaProtocolException>(() => new KafkaReader(w.ToArray()).ReadArrayLength(true, 1, "Msg.Items"));
        Assert.Throws<KafkaProtocolException>(() => new KafkaReader(w.ToArray()).ReadCompactNullableString("Msg.Name"));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000);
    }

    [Fact]
    public void Array_length_is_bounded_by_the_element_size()
    {
        // 3 int32 elements announced, 8 bytes left: cannot fit.
        var e = Assert.Throws<KafkaProtocolException>(() =>
            new KafkaReader(Hex("00000003 0000000100000002")).ReadArrayLength(false, 4, "T.Replicas"));
        Assert.Contains("cannot fit", e.Message, StringComparison.Ordinal);
        Assert.Equal(-1, new KafkaReader(Hex("FFFFFFFF")).ReadArrayLength(false, 4));
        Assert.Throws<KafkaProtocolException>(() => new KafkaReader(Hex("FFFFFFFE")).ReadArrayLength(false, 4));
        Assert.Equal(-1, new KafkaReader(Hex("00")).ReadArrayLength(true, 4));
    }

    [Fact]
    public void Truncated_input_names_the_field_and_offset()
    {
        var r = new KafkaReader(Hex("0001 00"));
        r.ReadInt16();
        var e = Assert.Throws<KafkaProtocolException>(() => r.ReadInt32("Resp.ThrottleTimeMs"));
        Assert.Equal(2, e.Offset);
        Assert.Contains("Resp.ThrottleTimeMs", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_fails_as_a_protocol_error()
    {
        Assert.Throws<KafkaProtocolException>(() => new KafkaReader(Hex("0002 C328")).ReadString("X.Name"));
    }
}
