using System.Buffers.Binary;
using System.Text;

namespace KafkaUpgrade.Kafka.Protocol.Primitives;

/// <summary>
/// A bounded reader over a byte buffer with Kafka's primitive types (big-endian integers, zig-zag varints, unsigned
/// varints, UUIDs, classic and compact strings, bytes and array lengths). Every length is checked against the bytes
/// that remain BEFORE anything is allocated, so a hostile length (2^31, negative) fails with a
/// <see cref="KafkaProtocolException"/> naming the field and offset instead of allocating.
/// </summary>
public sealed class KafkaReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly ReadOnlyMemory<byte> _buffer;
    private int _position;

    /// <summary>Reads <paramref name="buffer"/> from its start.</summary>
    public KafkaReader(ReadOnlyMemory<byte> buffer)
    {
        _buffer = buffer;
    }

    /// <summary>The offset of the next byte to read, from the start of the buffer.</summary>
    public int Position => _position;

    /// <summary>The bytes left to read.</summary>
    public int Remaining => _buffer.Length - _position;

    /// <summary>The unread rest of the buffer, without consuming it.</summary>
    public ReadOnlyMemory<byte> RemainingMemory => _buffer[_position..];

    private ReadOnlySpan<byte> Take(int count, string? field)
    {
        if (count < 0 || count > Remaining)
        {
            throw new KafkaProtocolException(
                $"truncated input: need {count} byte(s), {Remaining} left", field, _position);
        }

        var span = _buffer.Span.Slice(_position, count);
        _position += count;
        return span;
    }

    /// <summary>Reads an int8.</summary>
    public sbyte ReadInt8(string? field = null) => (sbyte)Take(1, field)[0];

    /// <summary>Reads a boolean (one byte, non-zero is true, as Kafka's ByteBuffer readers do).</summary>
    public bool ReadBool(string? field = null) => Take(1, field)[0] != 0;

    /// <summary>Reads a big-endian int16.</summary>
    public short ReadInt16(string? field = null) => BinaryPrimitives.ReadInt16BigEndian(Take(2, field));

    /// <summary>Reads a big-endian uint16.</summary>
    public ushort ReadUInt16(string? field = null) => BinaryPrimitives.ReadUInt16BigEndian(Take(2, field));

    /// <summary>Reads a big-endian int32.</summary>
    public int ReadInt32(string? field = null) => BinaryPrimitives.ReadInt32BigEndian(Take(4, field));

    /// <summary>Reads a big-endian uint32.</summary>
    public uint ReadUInt32(string? field = null) => BinaryPrimitives.ReadUInt32BigEndian(Take(4, field));

    /// <summary>Reads a big-endian int64.</summary>
    public long ReadInt64(string? field = null) => BinaryPrimitives.ReadInt64BigEndian(Take(8, field));

    /// <summary>Reads a big-endian IEEE 754 float64.</summary>
    public double ReadFloat64(string? field = null) => BinaryPrimitives.ReadDoubleBigEndian(Take(8, field));

    /// <summary>Reads a UUID: 16 bytes, most significant first (Kafka's Uuid), as a big-endian <see cref="Guid"/>.</summary>
    public Guid ReadUuid(string? field = null) => new(Take(16, field), bigEndian: true);

    /// <summary>Reads an unsigned varint (LEB128, at most 5 bytes) as a uint32.</summary>
    public uint ReadUnsignedVarint(string? field = null)
    {
        var start = _position;
        uint value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = Take(1, field)[0];
            if (shift == 28 && (b & 0xF0) != 0)
            {
                throw new KafkaProtocolException("unsigned varint does not fit in 32 bits", field, start);
            }

            value |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new KafkaProtocolException("unsigned varint longer than 5 bytes", field, start);
    }

    /// <summary>Reads a zig-zag varint (int32).</summary>
    public int ReadVarint(string? field = null)
    {
        var raw = ReadUnsignedVarint(field);
        return (int)(raw >> 1) ^ -(int)(raw & 1);
    }

    /// <summary>Reads an unsigned varlong (LEB128, at most 10 bytes).</summary>
    public ulong ReadUnsignedVarlong(string? field = null)
    {
        var start = _position;
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            var b = Take(1, field)[0];
            if (shift == 63 && (b & 0xFE) != 0)
            {
                throw new KafkaProtocolException("varlong does not fit in 64 bits", field, start);
            }

            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new KafkaProtocolException("varlong longer than 10 bytes", field, start);
    }

    /// <summary>Reads a zig-zag varlong (int64).</summary>
    public long ReadVarlong(string? field = null)
    {
        var raw = ReadUnsignedVarlong(field);
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    /// <summary>Reads a non-null string with an int16 length.</summary>
    public string ReadString(string? field = null) =>
        ReadNullableString(field) ?? throw new KafkaProtocolException("null string in a non-nullable field", field, _position - 2);

    /// <summary>Reads a nullable string with an int16 length (-1 is null).</summary>
    public string? ReadNullableString(string? field = null)
    {
        var start = _position;
        var length = ReadInt16(field);
        if (length == -1)
        {
            return null;
        }

        if (length < 0)
        {
            throw new KafkaProtocolException($"negative string length {length}", field, start);
        }

        return DecodeUtf8(length, field, start);
    }

    /// <summary>Reads a non-null compact string (unsigned varint length + 1).</summary>
    public string ReadCompactString(string? field = null)
    {
        var start = _position;
        return ReadCompactNullableString(field) ?? throw new KafkaProtocolException("null string in a non-nullable field", field, start);
    }

    /// <summary>Reads a nullable compact string (unsigned varint length + 1; 0 is null).</summary>
    public string? ReadCompactNullableString(string? field = null)
    {
        var start = _position;
        var lengthPlusOne = ReadUnsignedVarint(field);
        if (lengthPlusOne == 0)
        {
            return null;
        }

        var length = lengthPlusOne - 1;
        if (length > short.MaxValue)
        {
            throw new KafkaProtocolException($"string length {length} exceeds the maximum of {short.MaxValue}", field, start);
        }

        return DecodeUtf8((int)length, field, start);
    }

    private string DecodeUtf8(int length, string? field, int start)
    {
        if (length > Remaining)
        {
            throw new KafkaProtocolException($"string length {length} exceeds the {Remaining} byte(s) left", field, start);
        }

        try
        {
            return StrictUtf8.GetString(Take(length, field));
        }
        catch (DecoderFallbackException e)
        {
            throw new KafkaProtocolException($"string is not valid UTF-8: {e.Message}", field, start);
        }
    }

    /// <summary>Reads non-null bytes with an int32 length.</summary>
    public byte[] ReadBytes(string? field = null)
    {
        var start = _position;
        return ReadNullableBytes(field) ?? throw new KafkaProtocolException("null bytes in a non-nullable field", field, start);
    }

    /// <summary>Reads nullable bytes with an int32 length (-1 is null).</summary>
    public byte[]? ReadNullableBytes(string? field = null)
    {
        var start = _position;
        var length = ReadInt32(field);
        if (length == -1)
        {
            return null;
        }

        if (length < 0)
        {
            throw new KafkaProtocolException($"negative bytes length {length}", field, start);
        }

        return CopyBytes(length, field, start);
    }

    /// <summary>Reads non-null compact bytes (unsigned varint length + 1).</summary>
    public byte[] ReadCompactBytes(string? field = null)
    {
        var start = _position;
        return ReadCompactNullableBytes(field) ?? throw new KafkaProtocolException("null bytes in a non-nullable field", field, start);
    }

    /// <summary>Reads nullable compact bytes (unsigned varint length + 1; 0 is null).</summary>
    public byte[]? ReadCompactNullableBytes(string? field = null)
    {
        var start = _position;
        var lengthPlusOne = ReadUnsignedVarint(field);
        if (lengthPlusOne == 0)
        {
            return null;
        }

        var length = lengthPlusOne - 1;
        if (length > int.MaxValue)
        {
            throw new KafkaProtocolException($"bytes length {length} does not fit in int32", field, start);
        }

        return CopyBytes((int)length, field, start);
    }

    private byte[] CopyBytes(int length, string? field, int start)
    {
        if (length > Remaining)
        {
            throw new KafkaProtocolException($"bytes length {length} exceeds the {Remaining} byte(s) left", field, start);
        }

        return Take(length, field).ToArray();
    }

    /// <summary>
    /// Reads an array length: int32 (classic, -1 is null) or unsigned varint N+1 (compact, 0 is null). Returns -1 for
    /// null. Fails when the array could not fit in the bytes left given <paramref name="minElementSize"/>, so the
    /// caller can allocate the returned count safely.
    /// </summary>
    public int ReadArrayLength(bool compact, int minElementSize, string? field = null)
    {
        var start = _position;
        long length;
        if (compact)
        {
            var lengthPlusOne = ReadUnsignedVarint(field);
            length = (long)lengthPlusOne - 1;
        }
        else
        {
            length = ReadInt32(field);
            if (length < -1)
            {
                throw new KafkaProtocolException($"negative array length {length}", field, start);
            }
        }

        if (length == -1)
        {
            return -1;
        }

        if (length * Math.Max(1, minElementSize) > Remaining)
        {
            throw new KafkaProtocolException(
                $"array length {length} cannot fit in the {Remaining} byte(s) left", field, start);
        }

        return (int)length;
    }

    /// <summary>Reads <paramref name="count"/> raw bytes (after a length check) and returns a copy.</summary>
    public byte[] ReadRaw(int count, string? field = null)
    {
        var start = _position;
        if (count < 0 || count > Remaining)
        {
            throw new KafkaProtocolException($"length {count} exceeds the {Remaining} byte(s) left", field, start);
        }

        return Take(count, field).ToArray();
    }

    /// <summary>Returns a reader over the next <paramref name="count"/> bytes and skips them here.</summary>
    public KafkaReader Slice(int count, string? field = null)
    {
        var start = _position;
        if (count < 0 || count > Remaining)
        {
            throw new KafkaProtocolException($"length {count} exceeds the {Remaining} byte(s) left", field, start);
        }

        var slice = new KafkaReader(_buffer.Slice(_position, count));
        _position += count;
        return slice;
    }
}
