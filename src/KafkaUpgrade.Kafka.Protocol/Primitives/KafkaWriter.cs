using System.Buffers.Binary;
using System.Text;

namespace KafkaUpgrade.Kafka.Protocol.Primitives;

/// <summary>
/// A growable big-endian writer with Kafka's primitive types; the mirror of <see cref="KafkaReader"/>.
/// </summary>
public sealed class KafkaWriter
{
    private byte[] _buffer;
    private int _length;

    /// <summary>Creates a writer with an initial capacity.</summary>
    public KafkaWriter(int initialCapacity = 256)
    {
        _buffer = new byte[Math.Max(16, initialCapacity)];
    }

    /// <summary>The number of bytes written.</summary>
    public int Length => _length;

    /// <summary>The bytes written so far (a view; valid until the next write).</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    /// <summary>The bytes written so far (a view; valid until the next write).</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _length);

    /// <summary>A copy of the bytes written.</summary>
    public byte[] ToArray() => WrittenSpan.ToArray();

    private Span<byte> Grow(int count)
    {
        if (_length + count > _buffer.Length)
        {
            var size = Math.Max(_buffer.Length * 2, _length + count);
            Array.Resize(ref _buffer, size);
        }

        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }

    /// <summary>Overwrites a big-endian int32 at <paramref name="offset"/> (e.g. a size prefix written last).</summary>
    public void PatchInt32(int offset, int value) => BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(offset, 4), value);

    /// <summary>Writes an int8.</summary>
    public void WriteInt8(sbyte value) => Grow(1)[0] = (byte)value;

    /// <summary>Writes a boolean as one byte (0 or 1).</summary>
    public void WriteBool(bool value) => Grow(1)[0] = value ? (byte)1 : (byte)0;

    /// <summary>Writes a big-endian int16.</summary>
    public void WriteInt16(short value) => BinaryPrimitives.WriteInt16BigEndian(Grow(2), value);

    /// <summary>Writes a big-endian uint16.</summary>
    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16BigEndian(Grow(2), value);

    /// <summary>Writes a big-endian int32.</summary>
    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32BigEndian(Grow(4), value);

    /// <summary>Writes a big-endian uint32.</summary>
    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Grow(4), value);

    /// <summary>Writes a big-endian int64.</summary>
    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64BigEndian(Grow(8), value);

    /// <summary>Writes a big-endian IEEE 754 float64.</summary>
    public void WriteFloat64(double value) => BinaryPrimitives.WriteDoubleBigEndian(Grow(8), value);

    /// <summary>Writes a UUID as 16 bytes, most significant first.</summary>
    public void WriteUuid(Guid value) => value.TryWriteBytes(Grow(16), bigEndian: true, out _);

    /// <summary>Writes an unsigned varint (LEB128).</summary>
    public void WriteUnsignedVarint(uint value)
    {
        while (value >= 0x80)
        {
            Grow(1)[0] = (byte)(value | 0x80);
            value >>= 7;
        }

        Grow(1)[0] = (byte)value;
    }

    /// <summary>Writes a zig-zag varint (int32).</summary>
    public void WriteVarint(int value) => WriteUnsignedVarint((uint)((value << 1) ^ (value >> 31)));

    /// <summary>Writes an unsigned varlong (LEB128).</summary>
    public void WriteUnsignedVarlong(ulong value)
    {
        while (value >= 0x80)
        {
            Grow(1)[0] = (byte)(value | 0x80);
            value >>= 7;
        }

        Grow(1)[0] = (byte)value;
    }

    /// <summary>Writes a zig-zag varlong (int64).</summary>
    public void WriteVarlong(long value) => WriteUnsignedVarlong((ulong)((value << 1) ^ (value >> 63)));

    /// <summary>The size of <paramref name="value"/> as an unsigned varint.</summary>
    public static int UnsignedVarintSize(uint value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    /// <summary>Writes a nullable string with an int16 length (-1 for null).</summary>
    public void WriteNullableString(string? value)
    {
        if (value is null)
        {
            WriteInt16(-1);
            return;
        }

        var byteCount = CheckedStringLength(value);
        WriteInt16((short)byteCount);
        Encoding.UTF8.GetBytes(value, Grow(byteCount));
    }

    /// <summary>Writes a nullable compact string (unsigned varint length + 1; 0 for null).</summary>
    public void WriteCompactNullableString(string? value)
    {
        if (value is null)
        {
            WriteUnsignedVarint(0);
            return;
        }

        var byteCount = CheckedStringLength(value);
        WriteUnsignedVarint((uint)byteCount + 1);
        Encoding.UTF8.GetBytes(value, Grow(byteCount));
    }

    private static int CheckedStringLength(string value)
    {
        var byteCount = Encoding.UTF8.GetByteCount(value);
        if (byteCount > short.MaxValue)
        {
            throw new KafkaProtocolException($"string of {byteCount} UTF-8 bytes is longer than Kafka's maximum of {short.MaxValue}");
        }

        return byteCount;
    }

    /// <summary>Writes nullable bytes with an int32 length (-1 for null).</summary>
    public void WriteNullableBytes(ReadOnlySpan<byte> value, bool isNull)
    {
        if (isNull)
        {
            WriteInt32(-1);
            return;
        }

        WriteInt32(value.Length);
        value.CopyTo(Grow(value.Length));
    }

    /// <summary>Writes nullable compact bytes (unsigned varint length + 1; 0 for null).</summary>
    public void WriteCompactNullableBytes(ReadOnlySpan<byte> value, bool isNull)
    {
        if (isNull)
        {
            WriteUnsignedVarint(0);
            return;
        }

        WriteUnsignedVarint((uint)value.Length + 1);
        value.CopyTo(Grow(value.Length));
    }

    /// <summary>Writes an array length: int32 (classic) or unsigned varint N+1 (compact); -1 is null.</summary>
    public void WriteArrayLength(int length, bool compact)
    {
        if (compact)
        {
            WriteUnsignedVarint((uint)(length + 1));
        }
        else
        {
            WriteInt32(length);
        }
    }

    /// <summary>Writes raw bytes.</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Grow(bytes.Length));
}
