using System.Buffers.Binary;
using System.Text;

namespace KafkaUpgrade.ZooKeeper.Jute;

/// <summary>
/// Writes jute's binary encoding (<c>org.apache.jute.BinaryOutputArchive</c>): big-endian int/long, boolean as one
/// byte, ustring and buffer as an int length (-1 for null) followed by the bytes, vector as an int count followed
/// by the elements. <see cref="ToFrame"/> prefixes the 4-byte length every client message carries.
/// </summary>
internal sealed class JuteWriter
{
    private byte[] _buffer = new byte[256];
    private int _length = 4; // room for the frame length

    public JuteWriter WriteInt(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(Reserve(4), value);
        return this;
    }

    public JuteWriter WriteLong(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(Reserve(8), value);
        return this;
    }

    public JuteWriter WriteBool(bool value)
    {
        Reserve(1)[0] = value ? (byte)1 : (byte)0;
        return this;
    }

    public JuteWriter WriteBuffer(ReadOnlySpan<byte> value)
    {
        WriteInt(value.Length);
        value.CopyTo(Reserve(value.Length));
        return this;
    }

    public JuteWriter WriteNullBuffer() => WriteInt(-1);

    public JuteWriter WriteString(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        WriteInt(count);
        Encoding.UTF8.GetBytes(value, Reserve(count));
        return this;
    }

    /// <summary>The message with its 4-byte big-endian length in front.</summary>
    public ReadOnlyMemory<byte> ToFrame()
    {
        BinaryPrimitives.WriteInt32BigEndian(_buffer, _length - 4);
        return _buffer.AsMemory(0, _length);
    }

    private Span<byte> Reserve(int count)
    {
        if (_length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        }

        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
